package probe

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The self-check: when a probe comes back with a stream that lacks its
// essential parameters (Report.MissingEssentials: an audio stream at 0 Hz,
// a video stream without a size), or with no streams at all, ffprobe
// stopped looking too early — typically an MPEG-TS whose audio starts
// after the first 5 s, which ffprobe then calls "mp3, 0 Hz". The client
// probes once more with retryFactor times the probesize and
// analyzeduration, capped at maxRetryProbeSize and maxRetryAnalyzeDuration
// (with ffprobe's defaults: 50 MB and 50 s), and keeps the second report.
// It does not when the first probe already saw the whole input
// (sawEverything): larger limits would only read the same bytes again.
const (
	retryFactor             = 10
	maxRetryProbeSize       = 100_000_000
	maxRetryAnalyzeDuration = 100 * time.Second
)

// selfCheck says why the report deserves a second probe, or "" when it
// does not. Only a probe that asked for streams can tell.
func selfCheck(r *Report, opts Options) string {
	if !slices.Contains(selectedSections(opts.Sections), "streams") {
		return ""
	}
	if len(r.Streams) == 0 {
		return "no streams found"
	}
	return strings.Join(r.MissingEssentials(), "; ")
}

// widenedLimits is opts with larger limits for the second probe; false when
// the limits are already at the caps, so a second probe would learn
// nothing.
func widenedLimits(opts Options) (Options, bool) {
	wider := opts
	wider.ProbeSize = max(opts.ProbeSize, min(opts.ProbeSize*retryFactor, maxRetryProbeSize))
	wider.AnalyzeDuration = max(opts.AnalyzeDuration, min(opts.AnalyzeDuration*retryFactor, maxRetryAnalyzeDuration))
	grew := wider.ProbeSize > opts.ProbeSize || wider.AnalyzeDuration > opts.AnalyzeDuration
	return wider, grew
}

// sawEverything reports whether the probe's limits covered the whole
// input: ffprobe stops looking for stream parameters after probesize bytes
// or analyzeduration of media, so when the input is no larger than the
// probesize and either no longer than the analyzeduration or without any
// stream (no packets, so no media time to run out of), it has read every
// byte and a wider probe reports the same. In the corpus these are files
// whose codec FFmpeg does not know, init segments without samples, and
// truncated files. An unknown size or duration counts as not covered.
func sawEverything(r *Report, opts Options) bool {
	if r.Format.Size <= 0 || r.Format.Size > opts.ProbeSize {
		return false
	}
	return len(r.Streams) == 0 || (r.Format.Duration > 0 && r.Format.Duration <= opts.AnalyzeDuration.Seconds())
}

// retryNote is Result.RetryReason: why the client probed again, with what,
// and what is still missing afterwards.
func retryNote(reason string, wider Options, still string, retryErr error) string {
	note := fmt.Sprintf("%s; probed again with -probesize %d -analyzeduration %s",
		reason, wider.ProbeSize, wider.AnalyzeDuration)
	switch {
	case retryErr != nil:
		note += fmt.Sprintf("; that probe failed (%v), so this is the first result", retryErr)
	case still != "":
		note += "; still missing: " + still
	}
	return note
}

// selfChecked returns report, or the report of a second probe with larger
// limits when the self-check asks for one.
func (c *Client) selfChecked(ctx context.Context, in probeInput, opts Options, report *Report) (*Report, bool, string, error) {
	reason := selfCheck(report, opts)
	if reason == "" {
		return report, false, "", nil
	}
	wider, ok := widenedLimits(opts)
	if !ok || sawEverything(report, opts) {
		return report, false, "", nil
	}
	second, err := c.probeOnce(ctx, in, wider)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, "", err
		}
		return report, true, retryNote(reason, wider, "", err), nil
	}
	return second, true, retryNote(reason, wider, selfCheck(second, wider), nil), nil
}

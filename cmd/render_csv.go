package cmd

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// csvColumns is the one column set of every CSV ffprobe-api writes (probe
// and scan), whatever the files hold: a file without video leaves the
// video columns empty, it does not change the header. "First video
// stream" skips cover art (attached pictures), and video_streams does not
// count it. The policy columns are empty when no policy ran.
var csvColumns = []string{
	"input", "status", "error_code", "error", "cached",
	"container", "duration", "size", "bit_rate",
	"video_codec", "video_profile", "width", "height", "display_width", "display_height",
	"fps", "vfr", "pix_fmt", "bit_depth", "hdr", "rotation", "scan_type",
	"audio_codec", "audio_channels", "audio_sample_rate", "audio_language",
	"video_streams", "audio_streams", "subtitle_streams",
	"policy", "policy_verdict", "policy_errors", "policy_warnings", "policy_failed_rules",
}

// csvRecord is what one CSV row is made of.
type csvRecord struct {
	Input  string
	Result *probe.Result // nil when the input failed
	Cached bool
	Policy *policy.Result // nil when no policy ran
	// ErrCode and ErrMessage describe a failed input ("" when it did not
	// fail).
	ErrCode, ErrMessage string
}

// csvRenderer writes one row per outcome under a fixed header.
type csvRenderer struct {
	w          *csv.Writer
	headerDone bool
}

func newCSVRenderer(w io.Writer) probeRenderer { return newCSVRowWriter(w) }

func newCSVRowWriter(w io.Writer) *csvRenderer { return &csvRenderer{w: csv.NewWriter(w)} }

func (r *csvRenderer) Write(o probeOutcome) error {
	rec := csvRecord{Input: o.Input, Result: o.Result, Policy: o.Policy}
	if o.Err != nil {
		rec.ErrCode, rec.ErrMessage = errorCode(o.Err), o.Err.Error()
	}
	return r.writeRecord(rec)
}

func (r *csvRenderer) writeRecord(rec csvRecord) error {
	if !r.headerDone {
		r.headerDone = true
		if err := r.w.Write(csvColumns); err != nil {
			return err
		}
	}
	if err := r.w.Write(csvRow(rec)); err != nil {
		return err
	}
	r.w.Flush() // one whole row at a time: an interrupted run leaves no half row
	return r.w.Error()
}

// Close writes the header when no row was written, so that an empty
// result is still a valid CSV with the usual columns.
func (r *csvRenderer) Close() error {
	if !r.headerDone {
		r.headerDone = true
		if err := r.w.Write(csvColumns); err != nil {
			return err
		}
	}
	r.w.Flush()
	return r.w.Error()
}

func csvRow(rec csvRecord) []string {
	row := make(map[string]string, len(csvColumns))
	row["input"] = rec.Input
	row["cached"] = strconv.FormatBool(rec.Cached)
	if rec.ErrCode != "" {
		row["status"], row["error_code"], row["error"] = "error", rec.ErrCode, rec.ErrMessage
	} else if rec.Result != nil {
		row["status"] = "ok"
		summaryColumns(row, rec.Result.Summary)
	}
	if rec.Policy != nil {
		policyColumns(row, rec.Policy)
	}
	out := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		out[i] = row[c]
	}
	return out
}

func summaryColumns(row map[string]string, s probe.Summary) {
	row["container"] = s.Container
	row["duration"] = formatFloat(s.Duration)
	row["size"] = strconv.FormatInt(s.Size, 10)
	row["bit_rate"] = strconv.FormatInt(s.BitRate, 10)
	videos := movingVideo(s.Video)
	row["video_streams"] = strconv.Itoa(len(videos))
	row["audio_streams"] = strconv.Itoa(len(s.Audio))
	row["subtitle_streams"] = strconv.Itoa(len(s.Subtitles))
	if len(videos) > 0 {
		v := videos[0]
		for k, val := range map[string]string{
			"video_codec": v.Codec, "video_profile": v.Profile, "width": strconv.Itoa(v.Width), "height": strconv.Itoa(v.Height),
			"display_width": strconv.Itoa(v.DisplayWidth), "display_height": strconv.Itoa(v.DisplayHeight),
			"fps": formatFloat(v.FPS), "vfr": strconv.FormatBool(v.VFR), "pix_fmt": v.PixFmt, "bit_depth": strconv.Itoa(v.BitDepth),
			"hdr": v.HDR.Kind, "rotation": strconv.Itoa(v.Rotation), "scan_type": v.ScanType,
		} {
			row[k] = val
		}
	}
	if len(s.Audio) > 0 {
		a := s.Audio[0]
		row["audio_codec"], row["audio_channels"] = a.Codec, strconv.Itoa(a.Channels)
		row["audio_sample_rate"], row["audio_language"] = strconv.Itoa(a.SampleRate), a.Language
	}
}

func policyColumns(row map[string]string, r *policy.Result) {
	row["policy"] = r.Policy
	row["policy_verdict"] = policyVerdict(r)
	row["policy_errors"] = strconv.Itoa(r.Errors())
	row["policy_warnings"] = strconv.Itoa(r.Warnings())
	row["policy_failed_rules"] = strings.Join(failedRules(r), ";")
}

// policyVerdict is "fail" with an error-severity violation, "warn" with
// only warnings, else "pass".
func policyVerdict(r *policy.Result) string {
	switch {
	case r.Errors() > 0:
		return "fail"
	case r.Warnings() > 0:
		return "warn"
	}
	return "pass"
}

// failedRules names each rule that did not pass once, in rule order, with
// its severity: "video-codec(error)".
func failedRules(r *policy.Result) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range r.Outcomes {
		if o.Passed || seen[o.Rule] {
			continue
		}
		seen[o.Rule] = true
		out = append(out, o.Rule+"("+string(o.Severity)+")")
	}
	return out
}

// movingVideo is the video streams that are not cover art.
func movingVideo(videos []probe.VideoSummary) []probe.VideoSummary {
	var out []probe.VideoSummary
	for _, v := range videos {
		if !v.AttachedPic {
			out = append(out, v)
		}
	}
	return out
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

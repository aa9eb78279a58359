package probe

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// deniedDemuxers are never put on ffprobe's -format_whitelist, with the
// reason for each. A demuxer is denied when any of its names is listed here
// ("video4linux2,v4l2" is denied through "v4l2"). Everything else ffprobe
// lists under -demuxers is allowed: the corpus of real files uses 59
// formats, and a short hand-made list would refuse real media.
//
// Reviewed and allowed on FFmpeg 5.1: image2 (reads only the named file
// because every probe passes -pattern_type none), mpjpeg (parses one
// multipart stream from its own bytes), data (raw bytes, never chosen by
// probing), ffmetadata and the subtitle formats such as subviewer, srt, ass
// (each reads only its own text and needs its own header or syntax, so a
// plain text file is not taken for one), webm_dash_manifest (reads only the
// WebM file itself), mov (external data references stay off: enable_drefs
// defaults to 0) and sbg (a binaural-beat script that synthesises audio and
// opens nothing).
var deniedDemuxers = map[string]string{
	// Open the files or URLs that the input names.
	"hls":       "HLS playlist: opens every segment it names",
	"applehttp": "old name of hls",
	"dash":      "DASH manifest: opens every segment it names",
	"concat":    "concat script: opens every file it names",
	"imf":       "IMF composition: opens the asset files it names",
	"vobsub":    "opens the .sub file beside the .idx",
	"mlv":       "opens the .M00…M99 files beside the input",
	// Network.
	"sdp":  "opens the RTP streams the description names",
	"rtp":  "network input",
	"rtsp": "network input",
	"sap":  "listens for network announcements",
	// Generate media or run code instead of reading bytes.
	"lavfi":       "filter graph, not a file",
	"avisynth":    "runs an AviSynth script",
	"vapoursynth": "runs a VapourSynth (Python) script",
	// Turn any text into video: tty takes every .txt, .nfo, .asc… file and
	// idf every .idf file, so a text file would be "media". bin, adf and
	// xbin are the rest of the same text-art family.
	"tty":  "ANSI art: accepts any text file",
	"idf":  "text art: accepts any text named .idf",
	"bin":  "text art",
	"adf":  "text art",
	"xbin": "text art",
	// Capture devices.
	"alsa": "device", "fbdev": "device", "jack": "device", "kmsgrab": "device",
	"oss": "device", "pulse": "device", "openal": "device", "sndio": "device",
	"video4linux2": "device", "v4l2": "device", "x11grab": "device",
	"iec61883": "device", "libdc1394": "device", "libcdio": "device",
	"dshow": "device", "gdigrab": "device", "vfwcap": "device",
	"avfoundation": "device", "android_camera": "device", "decklink": "device",
	"bktr": "device", "dv1394": "device", "xcbgrab": "device",
}

// manifestDemuxers are admitted only when Options.AllowManifests is set.
var manifestDemuxers = []string{"hls", "dash"}

// parseDemuxers reads the listing of `ffprobe -hide_banner -demuxers`: a
// legend, a "--" line, then one " D  name  description" line per format.
// Each returned entry is a name as ffprobe prints it, possibly several
// names joined by commas ("mov,mp4,m4a,3gp,3g2,mj2").
func parseDemuxers(listing []byte) []string {
	var names []string
	started := false
	sc := bufio.NewScanner(bytes.NewReader(listing))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !started {
			started = line == "--"
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || !strings.Contains(fields[0], "D") {
			continue
		}
		names = append(names, fields[1])
	}
	return names
}

// allowedDemuxers drops every entry that has a denied name, keeping the
// order and removing duplicates.
func allowedDemuxers(names []string) []string {
	var allowed []string
	for _, entry := range names {
		if isDeniedDemuxer(entry) || slices.Contains(allowed, entry) {
			continue
		}
		allowed = append(allowed, entry)
	}
	return allowed
}

// isDeniedDemuxer reports whether any comma-separated name of entry is
// denied.
func isDeniedDemuxer(entry string) bool {
	for name := range strings.SplitSeq(entry, ",") {
		if _, denied := deniedDemuxers[strings.TrimSpace(name)]; denied {
			return true
		}
	}
	return false
}

// formatSet is the whitelist in force, built once: the allowed demuxers,
// and the -format_whitelist values without and with the manifest demuxers
// (hls and dash; ffprobe ignores names it does not know, so a build
// without them is no problem).
type formatSet struct {
	allowed              []string
	plain, withManifests string
}

func newFormatSet(listed []string) formatSet {
	allowed := allowedDemuxers(listed)
	return formatSet{
		allowed:       allowed,
		plain:         strings.Join(allowed, ","),
		withManifests: strings.Join(append(slices.Clip(allowed), manifestDemuxers...), ","),
	}
}

// whitelist is the -format_whitelist value for a probe.
func (s formatSet) whitelist(allowManifests bool) string {
	if allowManifests {
		return s.withManifests
	}
	return s.plain
}

// detection asks the ffprobe binary a question once and remembers the
// answer. A failure is remembered for a few seconds only
// (defaultFailureMemory), so a binary installed or fixed later is found
// without a restart, while a burst of probes against a missing binary does
// not start one process each. The zero value is ready to use.
type detection[T any] struct {
	lock          chan struct{} // a mutex that a waiting caller can give up on
	once          sync.Once
	done          bool
	value         T
	err           error
	failedAt      time.Time
	failureMemory time.Duration // zero means defaultFailureMemory
}

const defaultFailureMemory = 5 * time.Second

func (d *detection[T]) get(ctx context.Context, detect func(context.Context) (T, error)) (T, error) {
	d.once.Do(func() { d.lock = make(chan struct{}, 1) })
	var zero T
	select {
	case d.lock <- struct{}{}:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	defer func() { <-d.lock }()
	switch {
	case d.done:
		return d.value, nil
	case d.err != nil && time.Since(d.failedAt) < firstPositive(d.failureMemory, defaultFailureMemory):
		return zero, d.err
	}
	v, err := detect(ctx)
	switch {
	case err == nil:
		d.done, d.value, d.err = true, v, nil
	case ctx.Err() == nil: // the caller's cancellation says nothing about ffprobe
		d.err, d.failedAt = err, time.Now()
	}
	return v, err
}

// detectFormats builds the whitelist from `ffprobe -demuxers`, or from
// Config.FormatWhitelist when one is configured (still minus the denied
// demuxers: a configuration cannot readmit hls).
func (c *Client) detectFormats(ctx context.Context) (formatSet, error) {
	if len(c.cfg.FormatWhitelist) > 0 {
		return newFormatSet(c.cfg.FormatWhitelist), nil
	}
	if f, ok := c.cachedFacts(); ok && len(f.Demuxers) > 0 {
		return newFormatSet(f.Demuxers), nil
	}
	run, err := c.run(ctx, c.detectionTimeout(), "-hide_banner", "-demuxers")
	if err != nil {
		return formatSet{}, fmt.Errorf("ffprobe -demuxers: %w", err)
	}
	names := parseDemuxers(run.stdout)
	if run.exitCode != 0 || len(names) == 0 {
		return formatSet{}, fmt.Errorf("ffprobe -demuxers: %w", &ProbeError{ExitCode: run.exitCode,
			Stderr: capText("listed no demuxers; "+cleanStderr(run.stderr, cleanStderrLimit), cleanStderrLimit)})
	}
	c.keepFacts(func(f *binaryFacts) { f.Demuxers = names })
	return newFormatSet(names), nil
}

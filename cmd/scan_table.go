//go:build !lean

package cmd

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// scanTableRenderer prints, when the scan ends, a row per file sorted by
// path, then the summary. Rows are not streamed: the columns are aligned
// over all of them.
type scanTableRenderer struct {
	w    io.Writer
	rows [][]string
}

func (r *scanTableRenderer) Write(o scan.Outcome) error {
	row := []string{o.Path, "ok", "", "", "", "", ""}
	if o.Cached {
		row[1] = "ok (cached)"
	}
	if o.Err != nil {
		row[1] = "error: " + scanErrorCode(o.Err)
		if o.Cached {
			row[1] += " (cached)"
		}
	} else {
		s := o.Result.Summary
		row[2], row[3], row[4], row[5] = orUnknown(s.Container), clock(s.Duration), videoCell(s.Video), audioCell(s.Audio)
	}
	if o.Policy != nil {
		row[6] = policyVerdict(o.Policy)
	}
	r.rows = append(r.rows, row)
	return nil
}

func (r *scanTableRenderer) Close(t *scan.Tally) error {
	slices.SortFunc(r.rows, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
	if len(r.rows) > 0 {
		tw := tabwriter.NewWriter(r.w, 0, 0, 2, ' ', 0)
		header := "FILE\tSTATUS\tCONTAINER\tDURATION\tVIDEO\tAUDIO"
		if t.Policy != nil {
			header += "\tPOLICY"
		}
		fmt.Fprintln(tw, header)
		for _, row := range r.rows {
			if t.Policy == nil {
				row = row[:6]
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(r.w)
	}
	writeScanSummary(r.w, t, true)
	return nil
}

// videoCell is the first moving video stream: "h264 1920x1080 25fps".
func videoCell(videos []probe.VideoSummary) string {
	moving := movingVideo(videos)
	if len(moving) == 0 {
		return "-"
	}
	v := moving[0]
	cell := fmt.Sprintf("%s %dx%d", orUnknown(v.Codec), v.DisplayWidth, v.DisplayHeight)
	if v.FPS > 0 {
		cell += fmt.Sprintf(" %sfps", formatFloat(v.FPS))
	}
	if v.HDR.Kind != "" && v.HDR.Kind != "SDR" {
		cell += " " + v.HDR.Kind
	}
	return cell
}

// audioCell is the first audio stream: "aac 2ch 48kHz", plus "+N" for more.
func audioCell(audios []probe.AudioSummary) string {
	if len(audios) == 0 {
		return "-"
	}
	a := audios[0]
	cell := fmt.Sprintf("%s %dch %skHz", orUnknown(a.Codec), a.Channels, formatFloat(float64(a.SampleRate)/1000))
	if len(audios) > 1 {
		cell += fmt.Sprintf(" +%d", len(audios)-1)
	}
	return cell
}

// clock writes seconds as h:mm:ss (m:ss under an hour); "-" when unknown.
func clock(seconds float64) string {
	if seconds <= 0 {
		return "-"
	}
	s := int64(seconds + 0.5)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

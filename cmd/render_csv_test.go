//go:build !lean

package cmd

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe"
)

// TestCSVColumnsStable writes probe outcomes of different kinds, audio
// only first: the header is always csvColumns and every row has them all.
func TestCSVColumnsStable(t *testing.T) {
	client := probe.New(probe.Config{Path: testenv.FFprobe(t)})
	var outcomes []probeOutcome
	for _, sample := range []string{testmedia.MP3, testmedia.MKVMulti, testmedia.HEVCHDR10, testmedia.Text} {
		res, err := client.Probe(t.Context(), testmedia.Path(t, sample), probe.Options{})
		outcomes = append(outcomes, probeOutcome{Input: sample, Result: res, Err: err})
	}
	var buf bytes.Buffer
	r := newCSVRenderer(&buf)
	for _, o := range outcomes {
		if err := r.Write(o); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll() // fails on a row of another width
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || !slices.Equal(rows[0], csvColumns) {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	cell := func(row int, col string) string { return rows[row][slices.Index(csvColumns, col)] }
	checks := []struct {
		row       int
		col, want string
	}{
		{1, "container", "mp3"}, {1, "video_codec", ""}, {1, "audio_sample_rate", "44100"}, {1, "video_streams", "0"},
		{2, "video_codec", "h264"}, {2, "audio_language", "eng"}, {2, "audio_streams", "2"}, {2, "subtitle_streams", "1"},
		{3, "hdr", "HDR10"}, {3, "bit_depth", "10"}, {3, "video_profile", "Main 10"},
		{4, "status", "error"}, {4, "error_code", "not_media"}, {4, "container", ""},
	}
	for _, c := range checks {
		if got := cell(c.row, c.col); got != c.want {
			t.Errorf("row %d (%s) %s = %q, want %q", c.row, outcomes[c.row-1].Input, c.col, got, c.want)
		}
	}
	if !errors.Is(outcomes[3].Err, probe.ErrNotMedia) {
		t.Errorf("text sample: %v", outcomes[3].Err)
	}
}

func TestCSVEmptyHasHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := newCSVRenderer(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 1 || !slices.Equal(rows[0], csvColumns) {
		t.Errorf("empty CSV: %q %v", rows, err)
	}
}

package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParseReport feeds ParseReport arbitrary bytes. The committed seed
// corpus under testdata/fuzz/FuzzParseReport holds real ffprobe outputs;
// run `go test ./probe -run '^$' -fuzz FuzzParseReport -fuzztime 60s` to
// search further. Properties: no panic; an error is a *ReportError; a
// report keeps its input verbatim, prints as JSON and reads back equal;
// its Summary prints as JSON and keeps its documented value ranges.
func FuzzParseReport(f *testing.F) {
	for _, seed := range []string{
		`{}`, `[]`, `null`, `{"streams": [null]}`, `{"format": {"duration": "1e400"}}`,
		`{"streams": [{"codec_type": "video", "width": 1, "height": 1, "sample_aspect_ratio": "2147483647:1"}]}`,
		`{"streams": [{"tags": {"DURATION": "99999999:59:59.999"}}]}`,
		`{"frames": [{"side_data_list": [{"side_data_type": "Display Matrix", "rotation": 1e308}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := ParseReport(raw)
		if err != nil {
			var re *ReportError
			if !errors.As(err, &re) || r != nil {
				t.Fatalf("got report %v and error %v (%T); want nil and a *ReportError", r, err, err)
			}
			return
		}
		if !bytes.Equal(r.Raw, raw) {
			t.Fatal("Raw differs from the input")
		}
		assertRoundTrip(t, r)
		_ = r.MissingEssentials()
		s := Summarize(r)
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("summary does not print as JSON: %v", err)
		}
		assertSummaryRanges(t, s)
	})
}

// assertSummaryRanges checks the value ranges the Summary documents.
func assertSummaryRanges(t *testing.T, s Summary) {
	t.Helper()
	if s.Duration < 0 {
		t.Errorf("duration %v is negative", s.Duration)
	}
	for _, v := range s.Video {
		switch {
		case v.Rotation != 0 && v.Rotation != 90 && v.Rotation != 180 && v.Rotation != 270:
			t.Errorf("video %d: rotation %d", v.Index, v.Rotation)
		case !oneOf(v.ScanType, "progressive", "interlaced", "unknown"):
			t.Errorf("video %d: scan_type %q", v.Index, v.ScanType)
		case !oneOf(v.FieldOrder, "progressive", "tff", "bff", "unknown"):
			t.Errorf("video %d: field_order %q", v.Index, v.FieldOrder)
		case !oneOf(v.HDR.Kind, HDRKindSDR, HDRKindHLG, HDRKindHDR10, HDRKindHDR10Plus, HDRKindDolbyVision):
			t.Errorf("video %d: hdr kind %q", v.Index, v.HDR.Kind)
		case v.DisplayWidth < 0 || v.DisplayHeight < 0 || v.FPS < 0:
			t.Errorf("video %d: negative display size or fps: %+v", v.Index, v)
		}
	}
}

func oneOf(s string, values ...string) bool {
	for _, v := range values {
		if s == v {
			return true
		}
	}
	return false
}

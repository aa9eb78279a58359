package probe

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseReportNumbers(t *testing.T) {
	raw := []byte(`{
	  "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "nb_streams": 2,
	    "start_time": "-0.021333", "duration": "10.500000", "size": "1048576",
	    "bit_rate": "N/A", "probe_score": 100},
	  "streams": [
	    {"index": 0, "codec_type": "video", "codec_name": "h264", "width": 1920,
	     "height": 1080, "start_pts": 0, "duration_ts": "N/A", "duration": "10.500000",
	     "bit_rate": "5000000", "bits_per_raw_sample": "8", "nb_frames": "262"},
	    {"index": 1, "codec_type": "audio", "codec_name": "aac",
	     "sample_rate": "48000", "channels": 2, "start_time": null}
	  ],
	  "chapters": [{"id": 1, "start": 0, "start_time": "0.000000", "end": 5000, "end_time": "5.000000"}]
	}`)
	r, err := ParseReport(raw)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"format start_time", r.Format.StartTime, -0.021333},
		{"format duration", r.Format.Duration, 10.5},
		{"format size", r.Format.Size, int64(1048576)},
		{"format bit_rate N/A", r.Format.BitRate, int64(0)},
		{"video duration_ts N/A", r.Streams[0].DurationTS, int64(0)},
		{"video bit_rate", r.Streams[0].BitRate, int64(5000000)},
		{"video bits_per_raw_sample", r.Streams[0].BitsPerRawSample, 8},
		{"video nb_frames", r.Streams[0].NBFrames, int64(262)},
		{"audio sample_rate", r.Streams[1].SampleRate, 48000},
		{"audio start_time null", r.Streams[1].StartTime, 0.0},
		{"chapter end_time", r.Chapters[0].EndTime, 5.0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v (%T), want %v (%T)", c.name, c.got, c.got, c.want, c.want)
		}
	}
	if string(r.Raw) != string(raw) {
		t.Error("Raw is not the input byte for byte")
	}
}

func TestParseReportFillsFromMatroskaTags(t *testing.T) {
	tests := []struct {
		name                string
		stream              string
		duration            float64
		bitRate, frameCount int64
	}{
		{"plain statistics tags", `"tags": {"DURATION": "00:00:10.803000000", "BPS": "50653", "NUMBER_OF_FRAMES": "259"}`, 10.803, 50653, 259},
		{"language variants", `"tags": {"DURATION-eng": "01:02:03.500000000", "BPS-eng": "128000", "NUMBER_OF_FRAMES-eng": "12"}`, 3723.5, 128000, 12},
		{"lower case names", `"tags": {"duration": "00:01:00", "bps": "1"}`, 60, 1, 0},
		{"ffprobe values win", `"duration": "2.0", "bit_rate": "99", "nb_frames": "5", "tags": {"DURATION": "00:00:10.0", "BPS": "1", "NUMBER_OF_FRAMES": "7"}`, 2, 99, 5},
		{"malformed tags ignored", `"tags": {"DURATION": "ten seconds", "BPS": "-5", "NUMBER_OF_FRAMES": "x"}`, 0, 0, 0},
		{"minutes out of range ignored", `"tags": {"DURATION": "00:75:00.0"}`, 0, 0, 0},
		{"negative clock ignored", `"tags": {"DURATION": "00:00:-1.0"}`, 0, 0, 0},
		{"no tags", ``, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := ""
			if tt.stream != "" {
				sep = ", "
			}
			r, err := ParseReport([]byte(`{"streams": [{"index": 0, "codec_type": "video"` + sep + tt.stream + `}]}`))
			if err != nil {
				t.Fatal(err)
			}
			s := r.Streams[0]
			if s.Duration != tt.duration || s.BitRate != tt.bitRate || s.NBFrames != tt.frameCount {
				t.Errorf("duration, bit_rate, nb_frames = %v, %v, %v; want %v, %v, %v",
					s.Duration, s.BitRate, s.NBFrames, tt.duration, tt.bitRate, tt.frameCount)
			}
		})
	}
}

func TestParseReportFillsProgramStreams(t *testing.T) {
	r, err := ParseReport([]byte(`{"programs": [{"program_id": 1, "streams": [
		{"index": 0, "codec_type": "video", "tags": {"DURATION": "00:00:01.5"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Programs[0].Streams[0].Duration; got != 1.5 {
		t.Errorf("program stream duration = %v, want 1.5", got)
	}
}

func TestParseReportErrors(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		wantPath string
		wantText string
	}{
		{"empty output", "  \n", "", "printed nothing"},
		{"not JSON", `{"format": {`, "", "not valid JSON"},
		{"top level array", `[{"format": {}}]`, "", "expected a JSON object"},
		{"top level string", `"hello"`, "", "expected a JSON object"},
		{"streams not a list", `{"streams": {"index": 0}}`, "streams", "expected an array, found a JSON object"},
		{"stream not an object", `{"streams": [{"index": 0}, 7]}`, "streams[1]", "expected an object, found a JSON number"},
		{"width as text", `{"streams": [{"index": 0}, {"index": 1, "width": "wide"}]}`, "streams[1].width", "expected an integer, found a JSON string"},
		{"sample_rate not a number", `{"streams": [{"index": 0, "sample_rate": "fast"}]}`, "streams[0].sample_rate", `"fast" is not a number`},
		{"duration an object", `{"format": {"duration": {"s": 1}}}`, "format.duration", "expected a number, found {"},
		{"size fractional", `{"format": {"size": "10.5"}}`, "format.size", "not an integer"},
		{"tag not text", `{"format": {"tags": {"title": 5}}}`, "format.tags", "expected a string, found a JSON number"},
		{"program stream", `{"programs": [{"streams": [{"bit_rate": true}]}]}`, "programs[0].streams[0].bit_rate", "expected a number, found true"},
		{"frame flag", `{"frames": [{"interlaced_frame": "yes"}]}`, "frames[0].interlaced_frame", "expected an integer"},
		{"chapter time", `{"chapters": [{"end_time": "soon"}]}`, "chapters[0].end_time", "is not a number"},
		{"disposition value", `{"streams": [{"disposition": {"default": "1"}}]}`, "streams[0].disposition", "expected an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseReport([]byte(tt.raw))
			if err == nil {
				t.Fatalf("no error; report %+v", r)
			}
			var re *ReportError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is a %T, want *ReportError", err, err)
			}
			if re.Path != tt.wantPath || !strings.Contains(re.Problem, tt.wantText) {
				t.Errorf("got path %q problem %q; want path %q and problem containing %q", re.Path, re.Problem, tt.wantPath, tt.wantText)
			}
			if !strings.HasPrefix(err.Error(), "malformed ffprobe JSON") {
				t.Errorf("message %q does not say what is malformed", err)
			}
		})
	}
}

func TestParseReportShape(t *testing.T) {
	r, err := ParseReport([]byte(`{"format": {"tags": {}}, "streams": [{"index": 0, "tags": {}, "side_data_list": []}], "frames": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Chapters == nil || r.Programs == nil {
		t.Error("absent chapters and programs must be empty lists, not nil")
	}
	if r.Frames != nil || r.Format.Tags != nil || r.Streams[0].Tags != nil || r.Streams[0].SideDataList != nil {
		t.Error("empty optional lists and maps must be nil")
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"chapters":[]`) || strings.Contains(string(out), "null") {
		t.Errorf("report JSON %s: want [] for empty lists and no nulls", out)
	}
}

// TestReportRoundTrip checks that a report printed as JSON (numbers as
// numbers) reads back equal, for every real ffprobe output in testdata.
func TestReportRoundTrip(t *testing.T) {
	for name, raw := range summaryInputs(t) {
		t.Run(name, func(t *testing.T) {
			r, err := ParseReport(raw)
			if err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, r)
		})
	}
}

func assertRoundTrip(t *testing.T, r *Report) {
	t.Helper()
	printed, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("report does not print as JSON: %v", err)
	}
	again, err := ParseReport(printed)
	if err != nil {
		t.Fatalf("printed report does not parse: %v\n%s", err, printed)
	}
	want := *r
	want.Raw, again.Raw = nil, nil
	if !reflect.DeepEqual(&want, again) {
		t.Errorf("report changed in a JSON round trip:\nbefore %+v\nafter  %+v", want, *again)
	}
}

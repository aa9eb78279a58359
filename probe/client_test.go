package probe

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// The -update flag rewrites golden files; another test file of the package
// may have registered it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updatingGoldenFiles() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// sharedClient is one real client for the tests that do not count runs,
// so the version and demuxer list are detected once per test binary.
var sharedClient = sync.OnceValue(func() *Client { return New(Config{Path: "ffprobe"}) })

func realClient(t testing.TB) *Client {
	t.Helper()
	testenv.FFprobe(t)
	return sharedClient()
}

// sampleOutcome is what probing each testmedia sample must give: a
// result, or an error wrapping notMedia.
var sampleOutcome = map[string]error{
	testmedia.Empty:     ErrNotMedia,
	testmedia.Text:      ErrNotMedia,
	testmedia.Truncated: ErrNotMedia,
}

// TestProbeGoldenSamples probes every testmedia sample: the media ones
// must match testdata/golden/<sample>.summary.json (refresh with
// go test ./probe -run Golden -update), the others must be ErrNotMedia.
func TestProbeGoldenSamples(t *testing.T) {
	c := realClient(t)
	for _, name := range testmedia.All() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := testmedia.Path(t, name)
			res, err := c.Probe(t.Context(), path, Options{})
			if want := sampleOutcome[name]; want != nil {
				if !errors.Is(err, want) {
					t.Fatalf("Probe(%s) = %v, want an error wrapping %v", name, err, want)
				}
				if msg := err.Error(); strings.Count(msg, path) != 1 || strings.Contains(msg, "file:") {
					t.Errorf("error should name the input once, as given, and never ffprobe's file: URL: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Probe(%s): %v", name, err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", strings.ReplaceAll(name, ".", "_")+".summary.json"), res.Summary)
		})
	}
}

func checkGolden(t *testing.T, golden string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if updatingGoldenFiles() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./probe -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("summary differs from %s (run with -update and review the diff):\n%s", golden, got)
	}
}

func TestProbeResultFields(t *testing.T) {
	c := realClient(t)
	path := testmedia.Path(t, testmedia.H264AAC)
	rel, err := filepath.Rel(mustGetwd(t), path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Probe(t.Context(), rel, Options{})
	if err != nil {
		t.Fatal(err)
	}
	version, _ := c.Version(t.Context())
	switch {
	case res.Input != rel:
		t.Errorf("Input = %q, want the path as given, %q", res.Input, rel)
	case res.Report.Format.Filename != rel:
		t.Errorf("report filename = %q, want %q (never ffprobe's file: URL)", res.Report.Format.Filename, rel)
	case bytes.Contains(res.Report.Raw, []byte(path)):
		t.Errorf("raw report holds the absolute path %s", path)
	case res.FFprobeVersion == "" || res.FFprobeVersion != version:
		t.Errorf("FFprobeVersion = %q, Version() = %q", res.FFprobeVersion, version)
	case res.Elapsed <= 0:
		t.Errorf("Elapsed = %v", res.Elapsed)
	case res.Retried:
		t.Errorf("a complete file was probed twice: %s", res.RetryReason)
	case len(res.Report.Chapters) != 0 || len(res.Report.Programs) != 0 || len(res.Report.Streams) != 2:
		t.Errorf("report: %d streams, %d chapters, %d programs", len(res.Report.Streams), len(res.Report.Chapters), len(res.Report.Programs))
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestProbeSections: each section flag shows its section and no other;
// frames are read only with streams.
func TestProbeSections(t *testing.T) {
	c := realClient(t)
	path := testmedia.Path(t, testmedia.MKVMulti)
	tests := []struct {
		name                                   string
		sections                               []string
		format, streams, chapters, frames, raw bool
	}{
		{"all by default", nil, true, true, true, true, true},
		{"format only", []string{"format"}, true, false, false, false, true},
		{"streams only", []string{"streams"}, false, true, false, true, true},
		{"chapters and format", []string{"chapters", "format"}, true, false, true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := c.Probe(t.Context(), path, Options{Sections: tt.sections})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Report
			got := [4]bool{r.Format.FormatName != "", len(r.Streams) > 0, len(r.Chapters) > 0, len(r.Frames) > 0}
			want := [4]bool{tt.format, tt.streams, tt.chapters, tt.frames}
			if got != want {
				t.Errorf("format, streams, chapters, frames present = %v, want %v", got, want)
			}
		})
	}
}

// TestProbeFirstVideoFrame: the same run reads the first frame of each
// video stream, for side data and interlacing, and keeps no audio frames.
func TestProbeFirstVideoFrame(t *testing.T) {
	c := realClient(t)
	tests := []struct {
		sample     string
		interlaced int
		sideData   []string
	}{
		{testmedia.HEVCHDR10, 0, []string{"Mastering display metadata", "Content light level metadata"}},
		{testmedia.MPEG2Interlaced, 1, nil},
		{testmedia.H264AAC, 0, nil},
		{testmedia.VP9Opus, 0, nil},
		{testmedia.MKVMulti, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			t.Parallel()
			res, err := c.Probe(t.Context(), testmedia.Path(t, tt.sample), Options{})
			if err != nil {
				t.Fatal(err)
			}
			frames := res.Report.Frames
			if len(frames) != 1 || frames[0].MediaType != "video" || frames[0].StreamIndex != 0 {
				t.Fatalf("frames = %+v, want the first frame of video stream 0 only", frames)
			}
			if frames[0].InterlacedFrame != tt.interlaced {
				t.Errorf("interlaced_frame = %d, want %d", frames[0].InterlacedFrame, tt.interlaced)
			}
			for _, typ := range tt.sideData {
				if !hasSideData(frames[0].SideDataList, typ) {
					t.Errorf("first frame lacks %q side data: %v", typ, frames[0].SideDataList)
				}
			}
			if n := bytes.Count(res.Report.Raw, []byte(`"media_type": "audio"`)); n > firstFramePackets {
				t.Errorf("raw report holds %d audio frames, more than the %d packets read", n, firstFramePackets)
			}
		})
	}
}

func hasSideData(list []SideData, typ string) bool {
	for _, sd := range list {
		if sd["side_data_type"] == typ {
			return true
		}
	}
	return false
}

// TestProbeRefusesNonFiles: what is not a regular, non-empty file never
// reaches ffprobe.
func TestProbeRefusesNonFiles(t *testing.T) {
	c := realClient(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.mkv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       error
		reason     string
	}{
		{"missing", filepath.Join(dir, "missing.mp4"), fs.ErrNotExist, "file does not exist"},
		{"below a file", filepath.Join(empty, "inner.mp4"), fs.ErrNotExist, "file does not exist (not a directory)"},
		{"directory", dir, ErrNotMedia, "directory"},
		{"empty", empty, ErrNotMedia, "empty"},
		{"no path", "", ErrInvalidOptions, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Probe(t.Context(), tt.path, Options{})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("Probe(%q) = %v, want %v mentioning %q", tt.path, err, tt.want, tt.reason)
			}
		})
	}
}

func TestProbeInvalidOptions(t *testing.T) {
	c := realClient(t)
	path := testmedia.Path(t, testmedia.MP3)
	tests := []struct {
		name string
		opts Options
		says string
	}{
		{"unknown section", Options{Sections: []string{"format", "packets"}}, `unknown section "packets"`},
		{"negative probesize", Options{ProbeSize: -1}, "probesize -1 is negative"},
		{"tiny probesize", Options{ProbeSize: 16}, "minimum of 32 bytes"},
		{"negative timeout", Options{Timeout: -1}, "timeout -1ns is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Probe(t.Context(), path, tt.opts)
			if !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Probe = %v, want ErrInvalidOptions saying %q", err, tt.says)
			}
		})
	}
}

func TestProbeNotInstalled(t *testing.T) {
	dir := t.TempDir()
	notExecutable := filepath.Join(dir, "ffprobe")
	if err := os.WriteFile(notExecutable, []byte("not a program"), 0o644); err != nil {
		t.Fatal(err)
	}
	sample := testmedia.Path(t, testmedia.MP3)
	for name, path := range map[string]string{
		"missing path":   filepath.Join(dir, "no", "ffprobe"),
		"not in PATH":    "ffprobe-that-does-not-exist",
		"not executable": notExecutable,
	} {
		t.Run(name, func(t *testing.T) {
			c := New(Config{Path: path})
			if _, err := c.Probe(t.Context(), sample, Options{}); !errors.Is(err, ErrNotInstalled) {
				t.Errorf("Probe = %v, want ErrNotInstalled", err)
			}
			if _, err := c.Version(t.Context()); !errors.Is(err, ErrNotInstalled) {
				t.Errorf("Version = %v, want ErrNotInstalled", err)
			}
		})
	}
}

// countingCommand counts the ffprobe processes a client starts, by their
// first argument.
type countingCommand struct {
	mu   sync.Mutex
	runs map[string]int
}

func (cc *countingCommand) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.runs == nil {
		cc.runs = map[string]int{}
	}
	key := "probe"
	if len(args) > 0 && (args[0] == "-version" || args[len(args)-1] == "-demuxers") {
		key = args[len(args)-1]
	}
	cc.runs[key]++
	return exec.CommandContext(ctx, name, args...)
}

func (cc *countingCommand) count(key string) int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.runs[key]
}

// TestProbeConcurrent: many probes at once on one client detect the
// version and the demuxers once and all get the right answer.
func TestProbeConcurrent(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	var counter countingCommand
	c := New(Config{Path: ffprobe, Command: counter.command})
	samples := []string{testmedia.H264AAC, testmedia.MP3, testmedia.WAV, testmedia.FLAC, testmedia.Text, testmedia.PNG}
	var wg sync.WaitGroup
	var failures atomic.Int32
	for _, name := range samples {
		path := testmedia.Path(t, name)
		wg.Go(func() {
			res, err := c.Probe(t.Context(), path, Options{Sections: []string{"format"}})
			if (name == testmedia.Text) != errors.Is(err, ErrNotMedia) || (err == nil && res.Report.Format.Size == 0) {
				t.Errorf("%s: %v", name, err)
				failures.Add(1)
			}
		})
	}
	wg.Wait()
	if v, d := counter.count("-version"), counter.count("-demuxers"); v != 1 || d != 1 {
		t.Errorf("ffprobe -version ran %d times and -demuxers %d times, want once each", v, d)
	}
	if p := counter.count("probe"); p != len(samples) {
		t.Errorf("%d probe runs for %d files", p, len(samples))
	}
}

func TestFormats(t *testing.T) {
	c := realClient(t)
	formats, err := c.Formats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	joined := "," + strings.Join(formats, ",") + ","
	for _, want := range []string{"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "image2", "png_pipe", "mpegts", "srt", "ass"} {
		if !strings.Contains(joined, ","+want+",") {
			t.Errorf("whitelist lacks %s", want)
		}
	}
	for _, entry := range formats {
		if isDeniedDemuxer(entry) {
			t.Errorf("whitelist has denied demuxer %s", entry)
		}
	}
	if len(formats) < 300 {
		t.Errorf("whitelist has %d demuxers; ffprobe 5.1 lists about 350", len(formats))
	}
}

// trackFreeMP4 is an MP4 holding a movie header and no tracks: ffprobe
// opens it (exit code 0) and finds no streams.
func trackFreeMP4() []byte {
	box := func(typ string, body []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
		return append(append(out, typ...), body...)
	}
	u32 := func(vs ...uint32) []byte {
		var out []byte
		for _, v := range vs {
			out = binary.BigEndian.AppendUint32(out, v)
		}
		return out
	}
	mvhd := u32(0, 0, 0, 1000, 0, 0x10000)                                      // version, times, timescale 1000, duration 0, rate 1.0
	mvhd = append(mvhd, 0x01, 0x00)                                             // volume 1.0
	mvhd = append(mvhd, make([]byte, 10)...)                                    // reserved
	mvhd = append(mvhd, u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)...) // identity matrix
	mvhd = append(mvhd, make([]byte, 24)...)                                    // pre-defined
	mvhd = append(mvhd, u32(1)...)                                              // next track ID
	ftyp := append([]byte("isom"), append(u32(0x200), "isommp41"...)...)
	return append(box("ftyp", ftyp), box("moov", box("mvhd", mvhd))...)
}

// TestProbeEmptyContainer: exit code 0 without streams is an empty
// container when the format is known, and not media when it is not. The
// file is far smaller than the probesize, so ffprobe has read all of it
// and the self-check does not probe again (sawEverything).
func TestProbeEmptyContainer(t *testing.T) {
	c := realClient(t)
	path := filepath.Join(t.TempDir(), "no_tracks.mp4")
	fatalIfErr(t, os.WriteFile(path, trackFreeMP4(), 0o644))
	tests := []struct {
		name        string
		sections    []string
		wantErr     error
		wantRetried bool
	}{
		{"all sections", nil, nil, false},
		{"format only", []string{"format"}, nil, false},
		{"streams without format", []string{"streams"}, ErrNotMedia, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Probe(t.Context(), path, Options{Sections: tt.sections})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Probe = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "no streams found and no format named") {
					t.Errorf("reason: %v", err)
				}
				return
			}
			if res.Report.Format.FormatName != "mov,mp4,m4a,3gp,3g2,mj2" || len(res.Report.Streams) != 0 {
				t.Errorf("format %q with %d streams", res.Report.Format.FormatName, len(res.Report.Streams))
			}
			if res.Retried != tt.wantRetried || (tt.wantRetried && !strings.HasPrefix(res.RetryReason, "no streams found; probed again")) {
				t.Errorf("Retried = %v, RetryReason %q", res.Retried, res.RetryReason)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"zero is fine", Config{}, nil},
		{"every problem at once", Config{MaxAlloc: -1, MaxOutput: -2, Defaults: Options{Sections: []string{"frames"}, Timeout: -time.Second}},
			[]string{"max_alloc -1 is negative", "max_output -2 is negative", `unknown section "frames"`, "timeout -1s is negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.want == nil) {
				t.Fatalf("Validate = %v, want problems %v", err, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate = %v, does not say %q", err, w)
				}
			}
		})
	}
}

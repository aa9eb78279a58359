package testmedia

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"testing"
)

// probeResult is the part of ffprobe's JSON these tests read.
type probeResult struct {
	Streams  []probeStream `json:"streams"`
	Chapters []struct {
		Tags map[string]string `json:"tags"`
	} `json:"chapters"`
	Frames []probeFrame `json:"frames"`
	Format struct {
		FormatName string            `json:"format_name"`
		Duration   string            `json:"duration"`
		Tags       map[string]string `json:"tags"`
	} `json:"format"`
}

type probeStream struct {
	CodecType        string            `json:"codec_type"`
	CodecName        string            `json:"codec_name"`
	CodecTag         string            `json:"codec_tag_string"`
	Profile          string            `json:"profile"`
	Width            int               `json:"width"`
	Height           int               `json:"height"`
	PixFmt           string            `json:"pix_fmt"`
	FieldOrder       string            `json:"field_order"`
	ColorSpace       string            `json:"color_space"`
	ColorTransfer    string            `json:"color_transfer"`
	ColorPrimaries   string            `json:"color_primaries"`
	RFrameRate       string            `json:"r_frame_rate"`
	AvgFrameRate     string            `json:"avg_frame_rate"`
	SampleRate       string            `json:"sample_rate"`
	SampleFmt        string            `json:"sample_fmt"`
	BitsPerRawSample string            `json:"bits_per_raw_sample"`
	Channels         int               `json:"channels"`
	ChannelLayout    string            `json:"channel_layout"`
	StartTime        string            `json:"start_time"`
	Disposition      map[string]int    `json:"disposition"`
	Tags             map[string]string `json:"tags"`
	SideData         []sideData        `json:"side_data_list"`
}

type probeFrame struct {
	PTSTime  string     `json:"pts_time"`
	SideData []sideData `json:"side_data_list"`
}

type sideData struct {
	Type         string  `json:"side_data_type"`
	Rotation     float64 `json:"rotation"`
	MaxLuminance string  `json:"max_luminance"`
	MaxContent   int     `json:"max_content"`
	MaxAverage   int     `json:"max_average"`
}

// videoFacts and audioFacts are the stream fields most checks compare.
type videoFacts struct {
	Codec, Profile, PixFmt, FrameRate string
	Width, Height                     int
}

type audioFacts struct {
	Codec, SampleRate, Layout string
	Channels                  int
}

func (s probeStream) video() videoFacts {
	return videoFacts{s.CodecName, s.Profile, s.PixFmt, s.RFrameRate, s.Width, s.Height}
}

func (s probeStream) audio() audioFacts {
	return audioFacts{s.CodecName, s.SampleRate, s.ChannelLayout, s.Channels}
}

// runFFprobe runs ffprobe and returns what it printed and its exit code.
func runFFprobe(t *testing.T, ffprobe string, args ...string) (stdout, stderr string, exitCode int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(t.Context(), ffprobe, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		exitCode = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("run ffprobe %v: %v", args, err)
	}
	return out.String(), errOut.String(), exitCode
}

// probe runs `ffprobe -v error -of json <args> path` and fails the test
// unless ffprobe succeeds.
func probe(t *testing.T, ffprobe, path string, args ...string) probeResult {
	t.Helper()
	args = append(append([]string{"-v", "error", "-of", "json"}, args...), path)
	stdout, stderr, code := runFFprobe(t, ffprobe, args...)
	if code != 0 {
		t.Fatalf("ffprobe %v: exit %d: %s", args, code, stderr)
	}
	var res probeResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("ffprobe %v printed invalid JSON: %v", args, err)
	}
	return res
}

// streamsOf returns the streams of one codec type, failing unless there
// are want of them.
func streamsOf(t *testing.T, res probeResult, codecType string, want int) []probeStream {
	t.Helper()
	var found []probeStream
	for _, s := range res.Streams {
		if s.CodecType == codecType {
			found = append(found, s)
		}
	}
	if len(found) != want {
		t.Fatalf("%d %s streams, want %d (streams: %+v)", len(found), codecType, want, res.Streams)
	}
	return found
}

// topLevelBoxes lists the types of an MP4's top-level boxes; complete is
// false when the last one claims to run past the end of the file.
func topLevelBoxes(t *testing.T, path string) (types []string, complete bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for off := uint64(0); off < uint64(len(data)); {
		if uint64(len(data))-off < 8 {
			return types, false
		}
		size, header := uint64(binary.BigEndian.Uint32(data[off:])), uint64(8)
		types = append(types, string(data[off+4:off+8]))
		switch {
		case size == 1 && uint64(len(data))-off >= 16:
			size, header = binary.BigEndian.Uint64(data[off+8:]), 16
		case size == 0:
			size = uint64(len(data)) - off
		}
		if size < header || size > uint64(len(data))-off {
			return types, false
		}
		off += size
	}
	return types, true
}

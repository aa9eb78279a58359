package probe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// TestSelfCheckLateAudio: with ffprobe's default limits the late audio of
// LateAudioTS is "mp3, 0 Hz"; the self-check probes again and gets MP2
// at 44.1 kHz.
func TestSelfCheckLateAudio(t *testing.T) {
	c := realClient(t)
	res, err := c.Probe(t.Context(), testmedia.Path(t, testmedia.LateAudioTS), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Retried || !strings.Contains(res.RetryReason, "stream 1 (audio): sample_rate is 0") ||
		!strings.Contains(res.RetryReason, "-probesize 50000000 -analyzeduration 50s") {
		t.Errorf("Retried = %v, RetryReason = %q", res.Retried, res.RetryReason)
	}
	if strings.Contains(res.RetryReason, "still missing") {
		t.Errorf("the second probe did not fix it: %s", res.RetryReason)
	}
	if len(res.Summary.Audio) != 1 {
		t.Fatalf("audio = %+v", res.Summary.Audio)
	}
	if a := res.Summary.Audio[0]; a.Codec != "mp2" || a.SampleRate != 44100 || a.Channels != 2 {
		t.Errorf("audio = %s %d Hz %d channels, want mp2 44100 Hz 2 channels", a.Codec, a.SampleRate, a.Channels)
	}
}

// TestSelfCheckAudioNeverArrives: the first quarter of LateAudioTS has
// the audio stream in its program table but none of its packets, so no
// limit helps. The default limits already cover the whole cut file, so the
// client does not probe again; with limits smaller than the file it probes
// again and says what is still missing; with limits already at the caps it
// does not probe again at all.
func TestSelfCheckAudioNeverArrives(t *testing.T) {
	c := realClient(t)
	whole, err := os.ReadFile(testmedia.Path(t, testmedia.LateAudioTS))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "no_audio_yet.ts")
	if err := os.WriteFile(cut, whole[:len(whole)/4/188*188], 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		opts        Options
		wantRetried bool
	}{
		{"default limits cover the file", Options{}, false},
		{"limits smaller than the file", Options{ProbeSize: 50_000, AnalyzeDuration: time.Second}, true},
		{"limits at the caps", Options{ProbeSize: maxRetryProbeSize, AnalyzeDuration: maxRetryAnalyzeDuration}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Probe(t.Context(), cut, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Retried != tt.wantRetried {
				t.Errorf("Retried = %v (%q), want %v", res.Retried, res.RetryReason, tt.wantRetried)
			}
			if tt.wantRetried && !strings.Contains(res.RetryReason, "; still missing: stream 1 (audio): sample_rate is 0") {
				t.Errorf("RetryReason = %q, want it to say what is still missing", res.RetryReason)
			}
			if len(res.Summary.Audio) != 1 || res.Summary.Audio[0].SampleRate != 0 {
				t.Errorf("audio = %+v, want one stream of unknown rate", res.Summary.Audio)
			}
		})
	}
}

func TestSelfCheck(t *testing.T) {
	complete := Stream{Index: 0, CodecType: "audio", CodecName: "mp2", SampleRate: 44100, Channels: 2}
	silent := Stream{Index: 1, CodecType: "audio", CodecName: "mp3"}
	tests := []struct {
		name     string
		streams  []Stream
		sections []string
		want     string
	}{
		{"complete", []Stream{complete}, nil, ""},
		{"missing rate and channels", []Stream{complete, silent}, nil, "stream 1 (audio): sample_rate is 0; stream 1 (audio): channels is 0"},
		{"no streams", nil, nil, "no streams found"},
		{"streams not asked for", nil, []string{"format"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := selfCheck(&Report{Streams: tt.streams}, Options{Sections: tt.sections})
			if got != tt.want {
				t.Errorf("selfCheck = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSawEverything(t *testing.T) {
	opts := Options{ProbeSize: 5_000_000, AnalyzeDuration: 5 * time.Second}
	video := []Stream{{Index: 0, CodecType: "video"}}
	tests := []struct {
		name     string
		size     int64
		duration float64
		streams  []Stream
		want     bool
	}{
		{"small and short", 80_000, 2, video, true},
		{"exactly at both limits", 5_000_000, 5, video, true},
		{"larger than the probesize", 5_000_001, 2, video, false},
		{"longer than the analyzeduration", 80_000, 20, video, false},
		{"unknown duration", 80_000, 0, video, false},
		{"unknown size", 0, 2, video, false},
		{"no streams in a small file", 100, 0, nil, true},
		{"no streams in a large file", 5_000_001, 0, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Report{Format: Format{Size: tt.size, Duration: tt.duration}, Streams: tt.streams}
			if got := sawEverything(r, opts); got != tt.want {
				t.Errorf("sawEverything(size %d, duration %g) = %v, want %v", tt.size, tt.duration, got, tt.want)
			}
		})
	}
}

func TestWidenedLimits(t *testing.T) {
	tests := []struct {
		name            string
		size, wantSize  int64
		dur, wantDur    time.Duration
		wantMoreToLearn bool
	}{
		{"defaults grow tenfold", 5_000_000, 50_000_000, 5 * time.Second, 50 * time.Second, true},
		{"capped", 20_000_000, maxRetryProbeSize, 20 * time.Second, maxRetryAnalyzeDuration, true},
		{"one at the cap", maxRetryProbeSize, maxRetryProbeSize, time.Second, 10 * time.Second, true},
		{"both at the caps", maxRetryProbeSize, maxRetryProbeSize, maxRetryAnalyzeDuration, maxRetryAnalyzeDuration, false},
		{"above the caps stays", 2 * maxRetryProbeSize, 2 * maxRetryProbeSize, 2 * maxRetryAnalyzeDuration, 2 * maxRetryAnalyzeDuration, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := widenedLimits(Options{ProbeSize: tt.size, AnalyzeDuration: tt.dur})
			if got.ProbeSize != tt.wantSize || got.AnalyzeDuration != tt.wantDur || ok != tt.wantMoreToLearn {
				t.Errorf("widenedLimits = %d, %s, %v; want %d, %s, %v",
					got.ProbeSize, got.AnalyzeDuration, ok, tt.wantSize, tt.wantDur, tt.wantMoreToLearn)
			}
		})
	}
}

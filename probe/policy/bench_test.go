package policy

import (
	"reflect"
	"sync"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// TestEvaluateConcurrently: one *Policy serves many goroutines (run with
// -race to check it shares nothing mutable).
func TestEvaluateConcurrently(t *testing.T) {
	p, err := Preset("web")
	if err != nil {
		t.Fatal(err)
	}
	in := inputFor(t, testmedia.Path(t, testmedia.VP9Opus))
	want := p.Evaluate(in)
	var wg sync.WaitGroup
	results := make([]Result, 8)
	for i := range results {
		wg.Go(func() { results[i] = p.Evaluate(in) })
	}
	wg.Wait()
	for i, got := range results {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("goroutine %d: %+v, want %+v", i, got, want)
		}
	}
}

// BenchmarkEvaluateWeb is the cost the web preset adds to each probe,
// faststart check included.
func BenchmarkEvaluateWeb(b *testing.B) {
	p, err := Preset("web")
	if err != nil {
		b.Fatal(err)
	}
	path := testmedia.Path(b, testmedia.H264AAC)
	in := Input{Result: probeMedia(b, path), Path: path}
	for b.Loop() {
		if res := p.Evaluate(in); !res.OK() {
			b.Fatalf("web failed: %v", failures(res))
		}
	}
}

// BenchmarkFaststart reads the top-level box headers of a real MP4.
func BenchmarkFaststart(b *testing.B) {
	path := testmedia.Path(b, testmedia.H264AAC)
	for b.Loop() {
		if fs := Faststart(path); fs == nil || !*fs {
			b.Fatal("not faststart")
		}
	}
}

// BenchmarkParsePreset is the cost of validating a policy file.
func BenchmarkParsePreset(b *testing.B) {
	data, err := presetFiles.ReadFile("presets/hdr10.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Parse("hdr10.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

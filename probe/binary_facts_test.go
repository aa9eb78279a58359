package probe

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// detectionCounter counts the detection runs (-version, -demuxers) a
// client makes.
type detectionCounter struct {
	mu         sync.Mutex
	detections int
}

func (cc *detectionCounter) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if slices.Contains(args, "-version") || slices.Contains(args, "-demuxers") {
		cc.mu.Lock()
		cc.detections++
		cc.mu.Unlock()
	}
	return exec.CommandContext(ctx, name, args...)
}

func TestBinaryFactsKeptBetweenClients(t *testing.T) {
	real := testenv.FFprobe(t)
	media := testmedia.Path(t, testmedia.H264AAC)
	bin := filepath.Join(t.TempDir(), "ffprobe")
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	writeExecutable(t, bin, data)
	cacheDir := t.TempDir()
	probeWith := func() (int, *Result) {
		t.Helper()
		cc := &detectionCounter{}
		c := New(Config{Path: bin, CacheDir: cacheDir, Command: cc.command})
		res, err := c.Probe(context.Background(), media, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return cc.detections, res
	}

	first, res1 := probeWith()
	if first != 2 {
		t.Fatalf("first client ran %d detections, want 2 (-version and -demuxers)", first)
	}
	second, res2 := probeWith()
	if second != 0 {
		t.Errorf("second client ran %d detections, want 0: the kept facts were not used", second)
	}
	if res1.FFprobeVersion == "" || res1.FFprobeVersion != res2.FFprobeVersion {
		t.Errorf("versions %q and %q, want the same non-empty version", res1.FFprobeVersion, res2.FFprobeVersion)
	}

	// A replaced binary (another modification time) is detected again.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(bin, later, later); err != nil {
		t.Fatal(err)
	}
	if third, _ := probeWith(); third != 2 {
		t.Errorf("after the binary changed, %d detections, want 2", third)
	}
}

func TestBinaryFactsOffWithoutCacheDir(t *testing.T) {
	media := testmedia.Path(t, testmedia.H264AAC)
	for range 2 {
		cc := &detectionCounter{}
		c := New(Config{Path: testenv.FFprobe(t), Command: cc.command})
		if _, err := c.Probe(context.Background(), media, Options{}); err != nil {
			t.Fatal(err)
		}
		if cc.detections != 2 {
			t.Fatalf("%d detections without a cache dir, want 2", cc.detections)
		}
	}
}

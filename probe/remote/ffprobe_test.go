package remote

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// TestFFprobeReadsLittleOfALargeFile runs the real ffprobe on a 21 MB MP4
// whose index (moov) is at its end, served by a loopback origin.
func TestFFprobeReadsLittleOfALargeFile(t *testing.T) {
	content := moovAtEndMP4(t)
	size := int64(len(content))

	t.Run("origin with Range support", func(t *testing.T) {
		o := newOrigin(t, "127.0.0.1:0", rangeHandler(content))
		srv, _ := newTestServer(t, Config{}, o)
		s := openSession(t, srv, Request{URL: o.URL + "/video/big.mp4"})
		report, failure := runFFprobe(t, s, false)
		if report == nil {
			t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Err())
		}
		checkStreams(t, codecs(report), "h264", "aac")
		fetched := s.BytesFetched()
		t.Logf("ffprobe needed %d of %d bytes (%.1f%%) in %d origin requests", fetched, size,
			100*float64(fetched)/float64(size), o.requests.Load())
		if fetched > size/20 {
			t.Errorf("fetched %d bytes of %d; want well under 5%%", fetched, size)
		}
	})
	t.Run("origin without Range support, within the budget", func(t *testing.T) {
		o := newOrigin(t, "127.0.0.1:0", wholeHandler(content))
		srv, _ := newTestServer(t, Config{}, o)
		s := openSession(t, srv, Request{URL: o.URL + "/big.mp4"})
		report, failure := runFFprobe(t, s, false)
		if report == nil {
			t.Fatalf("ffprobe failed: %s (session: %v)", failure, s.Err())
		}
		checkStreams(t, codecs(report), "h264", "aac")
		t.Logf("without Range: %d of %d bytes in %d request(s)", s.BytesFetched(), size, o.requests.Load())
		if s.BytesFetched() > size {
			t.Errorf("fetched %d bytes, more than the file's %d", s.BytesFetched(), size)
		}
	})
	t.Run("origin without Range support, over the budget", func(t *testing.T) {
		o := newOrigin(t, "127.0.0.1:0", wholeHandler(content))
		srv, _ := newTestServer(t, Config{}, o)
		s := openSession(t, srv, Request{URL: o.URL + "/big.mp4", MaxBytes: 5 << 20, Timeout: 30 * time.Second})
		if report, _ := runFFprobe(t, s, false); report != nil && len(report.Streams) > 0 {
			t.Errorf("ffprobe read the file within a 5 MB budget: %v", codecs(report))
		}
		if !errors.Is(s.Err(), ErrBudgetExceeded) {
			t.Fatalf("session error %v, want ErrBudgetExceeded", s.Err())
		}
	})
}

// codecs are the codec names of the report's streams.
func codecs(report *probe.Report) []string {
	var names []string
	for _, s := range report.Streams {
		names = append(names, s.CodecName)
	}
	return names
}

func checkStreams(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("streams %v lack %s", got, w)
		}
	}
}

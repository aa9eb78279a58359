package probe

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestCleanStderr(t *testing.T) {
	paths := []string{"file:/srv/media/clip one.mp4", "/srv/media/clip one.mp4"}
	tests := []struct {
		name, stderr, want string
	}{
		{"path and URL stripped",
			"[mov,mp4,m4a,3gp,3g2,mj2 @ 0x559c4c64b8c0] moov atom not found\nfile:/srv/media/clip one.mp4: Invalid data found when processing input\n",
			"mov,mp4,m4a,3gp,3g2,mj2: moov atom not found; Invalid data found when processing input"},
		{"path inside a sentence",
			"Error opening '/srv/media/clip one.mp4' for reading\n", "Error opening the input for reading"},
		{"repeats counted across addresses",
			"[h264 @ 0x1] no frame!\n[h264 @ 0x2] no frame!\n[h264 @ 0x3] no frame!\n[aac @ 0x4] channel element 1.0 is not allocated\n",
			"h264: no frame! (3 times); aac: channel element 1.0 is not allocated"},
		{"whitelist dump shortened",
			"[hls @ 0x55cd] Format not on whitelist '3dostr,4xm,aa,aac,mov,mp4,m4a,3gp,3g2,mj2'\nfile:/srv/media/clip one.mp4: Invalid argument\n",
			"hls: Format not on whitelist; Invalid argument"},
		{"control characters and colours removed",
			"\x1b[0;31mbad\x1b[0m \x00byte\r\n\tindented\n", "bad byte; indented"},
		{"blank lines dropped", "\n\n  \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanStderr([]byte(tt.stderr), 500, paths...); got != tt.want {
				t.Errorf("cleanStderr =\n%q, want\n%q", got, tt.want)
			}
		})
	}
}

func TestCapText(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"short stays", "abc", 10, "abc"},
		{"exact stays", "abcde", 5, "abcde"},
		{"long cut and marked", "abcdefghij", 6, "abc…"},
		{"never splits a rune", "ééééé", 7, "éé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := capText(tt.in, tt.limit)
			if got != tt.want || len(got) > tt.limit || !utf8.ValidString(got) {
				t.Errorf("capText(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestCappedBuffer: writes past the limit are discarded without an error
// (the writer is never blocked) and onFull is called once, even when
// writers race.
func TestCappedBuffer(t *testing.T) {
	var full int
	var mu sync.Mutex
	b := &cappedBuffer{limit: 10, onFull: func() { mu.Lock(); full++; mu.Unlock() }}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if n, err := b.Write([]byte("abcd")); n != 4 || err != nil {
					t.Errorf("Write = %d, %v", n, err)
				}
			}
		})
	}
	wg.Wait()
	if got := b.Bytes(); len(got) != 10 || strings.Trim(string(got), "abcd") != "" {
		t.Errorf("kept %q, want 10 bytes of what was written", got)
	}
	if full != 1 {
		t.Errorf("onFull called %d times, want once", full)
	}
	small := &cappedBuffer{limit: 10}
	small.Write([]byte("12345"))
	small.Write([]byte("67890"))
	if string(small.Bytes()) != "1234567890" || small.full {
		t.Errorf("a buffer filled exactly is %q, full %v", small.Bytes(), small.full)
	}
}

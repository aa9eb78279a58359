package probe

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// cappedBuffer keeps at most limit bytes of what a process writes. Past
// the limit it discards the rest and calls onFull once (the client kills
// the process there); it never returns an error, so the process is not
// left blocked on a full pipe.
type cappedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	limit  int64
	full   bool
	onFull func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	room := b.limit - int64(b.buf.Len())
	keep := min(int64(len(p)), max(room, 0))
	b.buf.Write(p[:keep])
	overflow := keep < int64(len(p)) && !b.full
	if overflow {
		b.full = true
	}
	b.mu.Unlock()
	if overflow && b.onFull != nil {
		b.onFull()
	}
	return len(p), nil
}

func (b *cappedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Bytes()
}

const (
	// stderrLimit is how much of ffprobe's stderr is kept.
	stderrLimit = 64 << 10
	// cleanStderrLimit caps the cleaned text in a ProbeError.
	cleanStderrLimit = 600
	// reasonLimit caps the reason given with ErrNotMedia.
	reasonLimit = 200
)

var (
	// logContext is FFmpeg's "[mov,mp4 @ 0x55d4…] " line prefix, which
	// becomes "mov,mp4: "; the address differs in every run and would keep
	// repeats apart.
	logContext = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]@]+?) @ 0x[0-9a-fA-F]+\] ?`) })
	// whitelistDump is the whole -format_whitelist that FFmpeg prints back
	// when it refuses a format (about 2 KB).
	whitelistDump = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`Format not on whitelist '[^']*'`) })
	// terminalEscape is an ANSI colour or cursor sequence.
	terminalEscape = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]") })
)

// cleanStderr makes ffprobe's stderr fit for an error message: the input
// path and its file: URL are removed (a server's path is not the client's
// business), log prefixes lose their memory addresses, the dumped
// whitelist becomes a few words, control characters go, repeated lines are
// counted instead of repeated, and the result is capped at limit bytes.
// Lines are joined with "; ". Pass the longest path first ("file:/a/b"
// before "/a/b").
func cleanStderr(stderr []byte, limit int, paths ...string) string {
	return capText(strings.Join(cleanStderrLines(stderr, paths), "; "), limit)
}

// cleanStderrLines is cleanStderr before joining and capping.
func cleanStderrLines(stderr []byte, paths []string) []string {
	var lines []string
	counts := map[string]int{}
	for _, line := range strings.Split(string(stderr), "\n") {
		line = cleanLine(line, paths)
		if line == "" {
			continue
		}
		if counts[line] == 0 {
			lines = append(lines, line)
		}
		counts[line]++
	}
	for i, line := range lines {
		if n := counts[line]; n > 1 {
			lines[i] = fmt.Sprintf("%s (%d times)", line, n)
		}
	}
	return lines
}

func cleanLine(line string, paths []string) string {
	line = terminalEscape().ReplaceAllString(line, "")
	line = strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, line)
	for _, p := range paths {
		if p == "" {
			continue
		}
		line = strings.ReplaceAll(line, p+": ", "")
		line = strings.ReplaceAll(line, "'"+p+"'", "the input")
		line = strings.ReplaceAll(line, p, "the input")
	}
	line = logContext().ReplaceAllString(line, "$1: ")
	line = whitelistDump().ReplaceAllString(line, "Format not on whitelist")
	return strings.TrimSpace(line)
}

// capText cuts s to at most limit bytes on a rune boundary, marking the cut.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

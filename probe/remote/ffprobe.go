package remote

import (
	"strconv"
	"strings"
	"time"
)

// FFprobeInput is how ffprobe must open the content-server URL u of a
// session: the options that confine it, then u as the last argument.
//
//   - -protocol_whitelist http,tcp: nothing but plain HTTP (no file, no
//     tls, no crypto: encrypted HLS is not supported);
//   - -http_proxy: every HTTP request ffprobe makes, including any URL a
//     manifest names that the rewriter missed, goes to this server, which
//     refuses what it did not hand out; ffprobe never connects elsewhere
//     (run it with FFprobeEnv, so that no_proxy cannot exempt a host);
//   - -rw_timeout: a read from the server that stalls for longer fails;
//   - -recv_buffer_size: a receive buffer as small as the server's send
//     buffer (see sendBuffer). With a send buffer below one loopback
//     segment, a reader with a large receive window can delay its ACKs
//     and crawl (a Go client did, here); a small window keeps the
//     transfer fast (BenchmarkContentServerRead).
//
// The probe client puts these in place of its local-file
// "-protocol_whitelist file" (ffprobe takes the last value of a repeated
// option, so appending them after it works too) and its "file:" input,
// and keeps its -format_whitelist: manifests need hls and dash on it.
func FFprobeInput(u string, rwTimeout time.Duration) []string {
	proxy := u
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			proxy = u[:i+3+j]
		}
	}
	return []string{
		"-protocol_whitelist", "http,tcp",
		"-http_proxy", proxy,
		"-rw_timeout", strconv.FormatInt(max(rwTimeout, time.Second).Microseconds(), 10),
		"-recv_buffer_size", strconv.Itoa(sendBuffer),
		u,
	}
}

// FFprobeInput is FFprobeInput for the session's URL and time limit.
func (s *Session) FFprobeInput() []string { return FFprobeInput(s.URL(), s.timeout) }

// FFprobeEnv is env (KEY=value entries) without the proxy variables that
// FFmpeg reads (http_proxy, no_proxy, in any case): a no_proxy entry
// would let ffprobe connect to a host directly instead of through the
// content server.
func FFprobeEnv(env []string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToLower(name) {
		case "http_proxy", "https_proxy", "no_proxy", "all_proxy":
			continue
		}
		kept = append(kept, kv)
	}
	return kept
}

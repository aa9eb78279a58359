package remote

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Windows of bytes ensured and written per step while answering one
// request: small first (ffprobe often reads a header and seeks away),
// doubling while it keeps reading.
const (
	initialWindow = 32 << 10
	maxWindow     = 1 << 20
)

// serve answers one request of ffprobe for route id.
func (s *Session) serve(w http.ResponseWriter, r *http.Request, id, rest string) {
	target, err := s.resolve(id, rest, r.URL.RawQuery)
	if err != nil {
		s.fail(err)
		http.Error(w, "refused", http.StatusForbidden)
		return
	}
	u, err := url.Parse(target)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	res, err := s.resourceFor(u)
	if err == nil {
		err = s.prepare(res)
	}
	if err != nil {
		s.fail(err)
		http.Error(w, "the source could not be fetched", http.StatusBadGateway)
		return
	}
	if res.kind != media {
		w.Header().Set("Content-Type", map[contentKind]string{
			hlsPlaylist: "application/vnd.apple.mpegurl", dashManifest: "application/dash+xml"}[res.kind])
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(res.manifest))
		return
	}
	s.serveMedia(w, r, res)
}

// serveMedia answers a (range) request from the resource's cache,
// fetching from the origin as ffprobe reads.
func (s *Session) serveMedia(w http.ResponseWriter, r *http.Request, res *resource) {
	res.mu.Lock()
	size := res.size
	res.mu.Unlock()
	start, end, partial, ok := requestRange(r.Header.Get("Range"), size)
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	if size >= 0 {
		h.Set("Accept-Ranges", "bytes")
	}
	switch {
	case !ok:
		if size >= 0 {
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
		}
		w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
		return
	case size >= 0:
		h.Set("Content-Length", strconv.FormatInt(end-start, 10))
	}
	if partial {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end-1, size))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	if r.Method != http.MethodHead {
		s.copyOut(w, r, res, start, end)
	}
}

// copyOut writes [start, end) (end -1: to the end of a file of unknown
// size) in growing windows. A failure aborts the response, so ffprobe
// sees a broken transfer rather than a short file, and is recorded.
func (s *Session) copyOut(w http.ResponseWriter, r *http.Request, res *resource, start, end int64) {
	window := int64(initialWindow)
	var buf []byte
	for pos := start; end < 0 || pos < end; {
		want := window
		if end >= 0 {
			want = min(window, end-pos)
		}
		n, err := res.ensure(s.ctx, s, pos, want)
		if err == nil && n == 0 && end >= 0 {
			err = fmt.Errorf("remote: %w: %s ended at %d, before its announced size", ErrOrigin, res.shown, pos)
		}
		if err != nil {
			s.fail(err)
			panic(http.ErrAbortHandler)
		}
		if n == 0 || r.Context().Err() != nil {
			return
		}
		if int64(cap(buf)) < n {
			buf = make([]byte, window)
		}
		if _, err := res.readAt(buf[:n], pos); err != nil {
			s.fail(fmt.Errorf("remote: cache file: %w", err))
			panic(http.ErrAbortHandler)
		}
		if _, err := w.Write(buf[:n]); err != nil {
			return // ffprobe closed the connection (a seek, or done)
		}
		pos += n
		window = min(2*window, maxWindow)
	}
}

// requestRange reads a single "bytes=first-[last]" or "bytes=-suffix"
// Range for a file of size bytes (-1 unknown). It returns [start, end)
// (end -1 for unknown size), whether the answer is partial, and false
// when the range cannot be satisfied. A missing, malformed or multiple
// Range means the whole file, as RFC 9110 allows.
func requestRange(header string, size int64) (start, end int64, partial, ok bool) {
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, size, false, true
	}
	firstText, lastText, found := strings.Cut(strings.TrimSpace(spec), "-")
	first, errFirst := strconv.ParseInt(firstText, 10, 64)
	last, errLast := strconv.ParseInt(lastText, 10, 64)
	switch {
	case !found || (errFirst != nil && firstText != "") || (errLast != nil && lastText != ""):
		return 0, size, false, true
	case size < 0:
		return 0, -1, false, first <= 0 // unknown size: only from the start
	case firstText == "": // suffix
		return max(0, size-last), size, true, last > 0 && size > 0
	case first >= size:
		return 0, 0, false, false
	case lastText == "" || last >= size:
		return first, size, true, true
	case last < first:
		return 0, size, false, true
	}
	return first, last + 1, true, true
}

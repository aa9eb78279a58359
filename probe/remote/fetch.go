package remote

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// reservedHeaders are set by the content server or the transport; the
// caller's values for them are not sent.
var reservedHeaders = map[string]bool{
	"Range": true, "If-Range": true, "Accept-Encoding": true, "Host": true, "Connection": true,
	"Content-Length": true, "Transfer-Encoding": true, "Te": true, "Trailer": true, "Upgrade": true,
	"Keep-Alive": true, "Proxy-Authorization": true, "Proxy-Connection": true,
}

// originAnswer is what one origin response says about the content.
type originAnswer struct {
	resp     *http.Response
	ranged   bool  // 206 with a usable Content-Range
	start    int64 // first byte of the body
	last     int64 // ranged: last byte of the body
	total    int64 // size of the whole file; -1 unknown
	finalURL *url.URL
}

// get sends one GET for the resource to its origin through the client
// (to where the first request was redirected, once known), with the
// caller's headers when that is the request's origin, and the given Range
// and If-Range (either may be empty).
func (s *Session) get(ctx context.Context, res *resource, byteRange, ifRange string) (*originAnswer, error) {
	target := res.key
	if res.finalURL != nil {
		target = res.finalURL.String()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("remote: %w: %s: %v", ErrInvalidURL, res.shown, err)
	}
	if sameOrigin(req.URL, s.origin) {
		for name, values := range s.headers {
			if !reservedHeaders[http.CanonicalHeaderKey(name)] {
				req.Header[http.CanonicalHeaderKey(name)] = values
			}
		}
	}
	req.Header.Set("Accept-Encoding", "identity")
	if byteRange != "" {
		req.Header.Set("Range", byteRange)
	}
	if ifRange != "" {
		req.Header.Set("If-Range", ifRange)
	}
	resp, err := s.srv.cfg.Client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, res.shown, err)
	}
	return readAnswer(resp, res.shown)
}

// readAnswer classifies resp: content (200, or 206 with a Content-Range),
// or an *OriginError. The body is closed unless an answer is returned.
func readAnswer(resp *http.Response, shown string) (*originAnswer, error) {
	ans := &originAnswer{resp: resp, total: -1, finalURL: resp.Request.URL}
	switch resp.StatusCode {
	case http.StatusOK:
		ans.total = resp.ContentLength
		return ans, nil
	case http.StatusPartialContent:
		start, last, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok {
			resp.Body.Close()
			return nil, fmt.Errorf("remote: %w: %s answered 206 with Content-Range %q", ErrOrigin, shown,
				capString(resp.Header.Get("Content-Range"), 80))
		}
		ans.ranged, ans.start, ans.last, ans.total = true, start, last, total
		return ans, nil
	}
	resp.Body.Close()
	return nil, &OriginError{URL: shown, Status: resp.StatusCode}
}

// parseContentRange reads "bytes first-last/total" (total may be "*",
// returned as -1).
func parseContentRange(v string) (first, last, total int64, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rangePart, totalPart, found := strings.Cut(rest, "/")
	firstText, lastText, found2 := strings.Cut(rangePart, "-")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	first, err1 := strconv.ParseInt(firstText, 10, 64)
	last, err2 := strconv.ParseInt(lastText, 10, 64)
	total = -1
	var err3 error
	if totalPart != "*" {
		total, err3 = strconv.ParseInt(totalPart, 10, 64)
	}
	if err1 != nil || err2 != nil || err3 != nil || first < 0 || last < first || (total >= 0 && last >= total) {
		return 0, 0, 0, false
	}
	return first, last, total, true
}

// validator is what If-Range may carry for resp: a strong ETag, else
// Last-Modified, else "".
func validator(resp *http.Response) string {
	if etag := resp.Header.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		return etag
	}
	return resp.Header.Get("Last-Modified")
}

func byteRange(start, end int64) string { // [start, end)
	return "bytes=" + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(end-1, 10)
}

func capString(s string, limit int) string {
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

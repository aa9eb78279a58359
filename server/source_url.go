package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/ffprobe-api/ffprobe-api/probe/remote"
	"github.com/ffprobe-api/ffprobe-api/store"
	"golang.org/x/net/http/httpguts"
)

// urlRequest is the JSON body asking for the analysis of a remote URL.
type urlRequest struct {
	URL string `json:"url"`
	// Headers go to the URL's origin only (not across redirects to other
	// origins, not to hosts a manifest names); never stored or logged.
	Headers        map[string]string `json:"headers"`
	AllowManifests bool              `json:"allow_manifests"`
	rawOptions
}

// Limits on a urlRequest's headers.
const (
	maxURLHeaders         = 16
	maxURLHeaderBytes     = 8 << 10
	maxSourceKeyBytes     = 2048
	sourceKeyCutIndicator = "…"
)

// headersNotFromClients are request headers the server sets itself (the
// content server asks for ranges; the transport frames the request).
var headersNotFromClients = map[string]bool{
	"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Connection": true, "Keep-Alive": true,
	"Te": true, "Trailer": true, "Upgrade": true, "Expect": true, "Proxy-Authorization": true, "Proxy-Connection": true,
	"Range": true, "If-Range": true, "Accept-Encoding": true,
}

// analyzeJSON is POST /api/v1/analyses with a JSON body: a remote URL
// when the body has a "url" field, else a path under a root.
func (s *Server) analyzeJSON(w http.ResponseWriter, r *http.Request) (*store.Analysis, bool, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, false, describeJSONError(err)
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields) // the strict decoding below reports what is wrong
	r.Body = io.NopCloser(bytes.NewReader(body))
	if _, isURL := fields["url"]; isURL {
		return s.analyzeURL(w, r)
	}
	return s.analyzePath(w, r)
}

// analyzeURL fetches a remote URL through the network guard and analyses
// it. Remote analyses are never answered from the cache: the server does
// not hold the bytes, so it cannot know they are the same.
func (s *Server) analyzeURL(w http.ResponseWriter, r *http.Request) (*store.Analysis, bool, error) {
	var req urlRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, false, err
	}
	opts, err := req.validate()
	if err != nil {
		return nil, false, err
	}
	rreq, key, err := req.remoteRequest()
	if err != nil {
		return nil, false, err
	}
	p, err := principalOf(r)
	if err != nil {
		return nil, false, err
	}
	s.analysisDeadlines(w)
	a, err := s.analyzeRemote(r.Context(), p, rreq, key, opts)
	return a, false, err
}

// remoteRequest checks the URL's presence and the headers and returns
// the request for the content server and the public name of the source.
// Whether the URL may be fetched is the guard's to say.
func (req urlRequest) remoteRequest() (remote.Request, string, error) {
	raw := strings.TrimSpace(req.URL)
	if raw == "" {
		return remote.Request{}, "", errorf(CodeBadRequest, "field \"url\" is empty; give an http:// or https:// URL")
	}
	headers, err := checkURLHeaders(req.Headers)
	if err != nil {
		return remote.Request{}, "", err
	}
	return remote.Request{URL: raw, Headers: headers, AllowManifests: req.AllowManifests}, sourceKeyOf(raw), nil
}

func checkURLHeaders(in map[string]string) (http.Header, error) {
	if len(in) > maxURLHeaders {
		return nil, errorf(CodeBadRequest, "headers: %d given; at most %d", len(in), maxURLHeaders)
	}
	h := http.Header{}
	for name, value := range in {
		canonical := http.CanonicalHeaderKey(name)
		switch {
		case !httpguts.ValidHeaderFieldName(name):
			return nil, errorf(CodeBadRequest, "headers: %q is not a valid header name", capText(name, 64))
		case headersNotFromClients[canonical] || strings.HasPrefix(canonical, "Proxy-"):
			return nil, errorf(CodeBadRequest, "headers: %s is set by the server; leave it out", canonical)
		case len(value) > maxURLHeaderBytes || !httpguts.ValidHeaderFieldValue(value):
			// The value is never repeated: it may be a credential.
			return nil, errorf(CodeBadRequest, "headers: the value of %s is not a valid header value of at most %d bytes", canonical, maxURLHeaderBytes)
		}
		h.Set(canonical, value)
	}
	return h, nil
}

// sourceKeyOf is the URL as stored and shown (source_key): scheme, host
// and path, without user-info, query or fragment. The query is dropped
// whole rather than redacted: presigned URLs carry their signature and
// credentials there, and even parameter names can say more than needed.
func sourceKeyOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return capText("(invalid URL)", maxSourceKeyBytes)
	}
	shown := url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host), Path: u.Path, RawPath: u.RawPath}
	return capText(shown.String(), maxSourceKeyBytes)
}

// capText cuts s to at most limit bytes on a rune boundary, marking the cut.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit - len(sourceKeyCutIndicator)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + sourceKeyCutIndicator
}

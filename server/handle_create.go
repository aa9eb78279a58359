package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// CacheHeader says whether an analysis was answered from the cache:
// "hit" (200, no ffprobe run) or "miss" (201, a new analysis).
const CacheHeader = "X-Cache"

// analyzeFunc produces the analysis of one kind of POST /api/v1/analyses.
type analyzeFunc func(w http.ResponseWriter, r *http.Request) (*store.Analysis, bool, error)

// handleCreateAnalysis is POST /api/v1/analyses for one content type: it
// takes a place in the queue (or answers 503 at once), runs analyze and
// answers 201 with the new analysis or 200 with a cached one.
func (s *Server) handleCreateAnalysis(analyze analyzeFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := authorized(r, security.CreateAnalysis); err != nil {
			writeError(w, r, err)
			return
		}
		release, err := s.queue.admit()
		if err != nil {
			writeError(w, r, err)
			return
		}
		defer release()
		a, cached, err := analyze(w, r)
		if err != nil {
			writeError(w, r, err)
			return
		}
		status, hit := http.StatusCreated, "miss"
		if cached {
			status, hit = http.StatusOK, "hit"
		}
		w.Header().Set(CacheHeader, hit)
		w.Header().Set("Location", "/api/v1/analyses/"+a.ID)
		writeJSON(w, status, analysisView(a, true))
	}
}

// handleUnsupportedType is POST /api/v1/analyses with any other body.
func (s *Server) handleUnsupportedType(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, errorf(CodeUnsupportedMediaType, "send multipart/form-data (an upload) or application/json (a path under a root, or a url)"))
}

// analyzeUpload receives the upload into the temporary directory, analyses
// it and removes it.
func (s *Server) analyzeUpload(w http.ResponseWriter, r *http.Request) (*store.Analysis, bool, error) {
	if err := s.checkUploadSpace(r.ContentLength); err != nil {
		return nil, false, err
	}
	s.uploadBody(w, r)
	up, raw, err := s.receiveUpload(r)
	if err != nil {
		return nil, false, err
	}
	defer s.discardUpload(up)
	opts, err := raw.validate()
	if err != nil {
		return nil, false, err
	}
	p, err := principalOf(r)
	if err != nil {
		return nil, false, err
	}
	s.analysisDeadlines(w)
	src := source{Kind: store.SourceUpload, Key: up.Name, ProbePath: up.Path, Size: up.Size, Hash: up.Hash}
	return s.analyze(r.Context(), p, src, opts)
}

// pathRequest is the JSON body naming a file under one of the roots.
type pathRequest struct {
	Root string `json:"root"` // optional when the server has one root
	Path string `json:"path"` // relative to the root
	rawOptions
}

// analyzePath opens the file through its root, hashes it and analyses it.
func (s *Server) analyzePath(w http.ResponseWriter, r *http.Request) (*store.Analysis, bool, error) {
	var req pathRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, false, err
	}
	opts, err := req.validate()
	if err != nil {
		return nil, false, err
	}
	f, err := s.roots.open(req.Root, req.Path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	s.analysisDeadlines(w)
	hash, err := hashFile(f)
	if err != nil {
		return nil, false, wrapError(CodeInternal, err, "the file %s could not be read", quoteField(f.Key))
	}
	probePath, err := f.probePath()
	if err != nil {
		return nil, false, wrapError(CodeInvalidPath, err, "the file %s changed while it was being opened; try again", quoteField(f.Key))
	}
	p, err := principalOf(r)
	if err != nil {
		return nil, false, err
	}
	src := source{Kind: store.SourcePath, Key: f.Key, ProbePath: probePath, Size: f.Size, Hash: hash}
	return s.analyze(r.Context(), p, src, opts)
}

// hashFile is the SHA-256 of a file's bytes, read from its start.
func hashFile(f *rootedFile) (string, error) {
	h := sha256.New()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(f.File, 0, f.Size), make([]byte, copyBufferSize)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

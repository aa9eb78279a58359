package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/gorilla/mux"
)

// handleListAnalyses is GET /api/v1/analyses: the caller's analyses (an
// admin's: everyone's, or one owner's with ?owner=), newest first, with
// filters and a cursor.
func (s *Server) handleListAnalyses(w http.ResponseWriter, r *http.Request) {
	p, err := authorized(r, security.ReadAnalysis)
	if err != nil {
		writeError(w, r, err)
		return
	}
	f, err := listFilter(r, p)
	if err != nil {
		writeError(w, r, err)
		return
	}
	page, err := s.store.ListAnalyses(r.Context(), f)
	switch {
	case errors.Is(err, store.ErrInvalid):
		writeError(w, r, wrapError(CodeBadRequest, err, "cursor %q is not one this server issued; start again without it", f.Cursor))
		return
	case err != nil:
		writeError(w, r, wrapError(CodeInternal, err, "the analyses could not be listed"))
		return
	}
	out := analysisListJSON{Analyses: make([]analysisJSON, 0, len(page.Analyses)), NextCursor: page.Next}
	for i := range page.Analyses {
		out.Analyses = append(out.Analyses, analysisView(&page.Analyses[i], false))
	}
	writeJSON(w, http.StatusOK, out)
}

// listFilter reads the query: source_kind, container, codec, status,
// created_from, created_to (RFC 3339), limit, cursor and, for admins, owner.
func listFilter(r *http.Request, p security.Principal) (store.AnalysisFilter, error) {
	q := r.URL.Query()
	f := store.AnalysisFilter{
		OwnerID: p.UserID, SourceKind: store.SourceKind(q.Get("source_kind")), Container: q.Get("container"),
		Codec: q.Get("codec"), Status: store.Status(q.Get("status")), Cursor: q.Get("cursor"),
	}
	if p.IsAdmin() {
		f.OwnerID = q.Get("owner") // "" lists everyone's
	} else if o := q.Get("owner"); o != "" && o != p.UserID {
		return f, errorf(CodeForbidden, "only an admin may list another user's analyses")
	}
	switch f.SourceKind {
	case "", store.SourceUpload, store.SourcePath, store.SourceURL, store.SourceScan:
	default:
		return f, errorf(CodeBadRequest, "source_kind %q: want upload, path, url or scan", f.SourceKind)
	}
	switch f.Status {
	case "", store.StatusOK, store.StatusFailed:
	default:
		return f, errorf(CodeBadRequest, "status %q: want ok or failed", f.Status)
	}
	var err error
	if f.CreatedFrom, err = queryTime(q.Get("created_from"), "created_from"); err != nil {
		return f, err
	}
	if f.CreatedTo, err = queryTime(q.Get("created_to"), "created_to"); err != nil {
		return f, err
	}
	f.Limit, err = queryLimit(q.Get("limit"))
	return f, err
}

// queryLimit reads a list's limit parameter: 0 (the store's default page)
// when absent, else 1 to store.MaxLimit.
func queryLimit(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > store.MaxLimit {
		return 0, errorf(CodeBadRequest, "limit %q: want 1 to %d", v, store.MaxLimit)
	}
	return n, nil
}

func queryTime(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, errorf(CodeBadRequest, "%s %q: want an RFC 3339 time such as 2025-01-31T12:00:00Z", name, v)
	}
	return t, nil
}

// ownAnalysis loads the analysis named in the route, if the caller's role
// may take action and the analysis is theirs (or they are an admin). Someone else's analysis is "not found", as if it did not exist.
func (s *Server) ownAnalysis(r *http.Request, action security.Action) (*store.Analysis, error) {
	p, err := authorized(r, action)
	if err != nil {
		return nil, err
	}
	id := mux.Vars(r)["id"]
	a, err := s.store.GetAnalysis(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid), err == nil && !p.CanAccess(a.OwnerID):
		return nil, errorf(CodeNotFound, "no analysis %q", id)
	case err != nil:
		return nil, wrapError(CodeInternal, err, "the analysis could not be read")
	}
	return a, nil
}

// handleGetAnalysis is GET /api/v1/analyses/{id}.
func (s *Server) handleGetAnalysis(w http.ResponseWriter, r *http.Request) {
	a, err := s.ownAnalysis(r, security.ReadAnalysis)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, analysisView(a, true))
}

// handleGetRaw is GET /api/v1/analyses/{id}/raw: ffprobe's own JSON.
func (s *Server) handleGetRaw(w http.ResponseWriter, r *http.Request) {
	a, err := s.ownAnalysis(r, security.ReadAnalysis)
	if err == nil && len(a.Report) == 0 {
		err = errorf(CodeNotFound, "analysis %q has no ffprobe report (it failed)", a.ID)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.Report)
}

// handleDeleteAnalysis is DELETE /api/v1/analyses/{id}.
func (s *Server) handleDeleteAnalysis(w http.ResponseWriter, r *http.Request) {
	a, err := s.ownAnalysis(r, security.DeleteAnalysis)
	if err == nil {
		err = s.store.DeleteAnalysis(r.Context(), a.ID)
		if errors.Is(err, store.ErrNotFound) {
			err = errorf(CodeNotFound, "no analysis %q", a.ID)
		} else if err != nil {
			err = wrapError(CodeInternal, err, "the analysis could not be deleted")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

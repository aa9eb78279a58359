package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// auditEventJSON is one audit event as the API shows it (schema AuditEvent).
type auditEventJSON struct {
	ID        string          `json:"id"`
	Time      time.Time       `json:"time"`
	Actor     string          `json:"actor"`
	Action    string          `json:"action"`
	Target    string          `json:"target"`
	Outcome   string          `json:"outcome"`
	IP        string          `json:"ip"`
	RequestID string          `json:"request_id"`
	Details   json.RawMessage `json:"details"`
}

type auditPageJSON struct {
	Events     []auditEventJSON `json:"events"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

// handleListAudit is GET /api/v1/audit (admins): events newest first,
// filtered by actor, action, target, outcome and time (since inclusive,
// until exclusive), a page at a time.
func (s *Server) handleListAudit(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	var page store.AuditPage
	if err == nil {
		page, err = s.store.ListAuditEvents(r.Context(), f)
		if errors.Is(err, store.ErrInvalid) {
			err = wrapError(CodeBadRequest, err, "cursor %q is not one this server issued; start again without it", f.Cursor)
		} else if err != nil {
			err = wrapError(CodeInternal, err, "the audit log could not be read")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := auditPageJSON{Events: make([]auditEventJSON, 0, len(page.Events)), NextCursor: page.Next}
	for _, e := range page.Events {
		details := e.Details
		if len(details) == 0 {
			details = json.RawMessage("null")
		}
		out.Events = append(out.Events, auditEventJSON{ID: e.ID, Time: e.Time, Actor: e.Actor, Action: e.Action, Target: e.Target,
			Outcome: e.Outcome, IP: e.IP, RequestID: e.RequestID, Details: details})
	}
	writeJSON(w, http.StatusOK, out)
}

func auditFilter(r *http.Request) (store.AuditFilter, error) {
	if _, err := authorized(r, security.ReadAudit); err != nil {
		return store.AuditFilter{}, err
	}
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Target: q.Get("target"),
		Outcome: q.Get("outcome"), Cursor: q.Get("cursor")}
	switch f.Outcome {
	case "", store.OutcomeSuccess, store.OutcomeFailure, store.OutcomeDenied:
	default:
		return f, errorf(CodeBadRequest, "outcome %q: want success, failure or denied", f.Outcome)
	}
	var err error
	if f.From, err = queryTime(q.Get("since"), "since"); err != nil {
		return f, err
	}
	if f.To, err = queryTime(q.Get("until"), "until"); err != nil {
		return f, err
	}
	f.Limit, err = queryLimit(q.Get("limit"))
	return f, err
}

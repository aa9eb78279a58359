package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// auditAuthnFailure is the action of a refused credential: a request that
// presented one (an API key, an access token, a credential in the query)
// and was refused. security has no constant for it yet.
const auditAuthnFailure = "authn.failure"

// auditActorSystem is the actor of what the server does on its own (the
// first admin at first start).
const auditActorSystem = "system"

// auditStoreTimeout bounds the store write of one audit event; it runs
// detached from the request, so a client that hangs up does not lose it.
const auditStoreTimeout = 5 * time.Second

// auditEntry is one audited action, before the request's facts are added.
type auditEntry struct {
	Action  string
	Actor   string // a user ID, auditActorSystem, or "" when unauthenticated
	Target  string
	Outcome string // store.Outcome…
	Details map[string]any
}

// auditor writes audit events twice: as a JSON log line (attribute
// audit=true), always, and into the store. A store that fails does not
// fail the request: the event is then logged at ERROR level with the
// store's error, so that the log line remains as the record.
type auditor struct {
	log      *slog.Logger
	store    store.AuditLog
	clientIP func(*http.Request) netip.Addr
}

// record audits e for request r: its client address and request id.
func (a *auditor) record(r *http.Request, e auditEntry) {
	ip := ""
	if addr := a.clientIP(r); addr.IsValid() {
		ip = addr.String()
	}
	a.write(r.Context(), e, ip, requestInfoFrom(r.Context()).id)
}

// recordSystem audits what the server does outside any request.
func (a *auditor) recordSystem(ctx context.Context, e auditEntry) {
	a.write(ctx, e, "", "")
}

func (a *auditor) write(ctx context.Context, e auditEntry, ip, requestID string) {
	details, err := json.Marshal(e.Details)
	if err != nil || e.Details == nil {
		details = nil
	}
	ev := &store.AuditEvent{Actor: e.Actor, Action: e.Action, Target: e.Target, IP: ip,
		RequestID: requestID, Outcome: e.Outcome, Details: details}
	level := slog.LevelInfo
	if e.Outcome != store.OutcomeSuccess {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.Bool("audit", true), slog.String("action", e.Action), slog.String("actor", e.Actor),
		slog.String("target", e.Target), slog.String("outcome", e.Outcome), slog.String("ip", ip),
		slog.String(logKeyRequestID, requestID), slog.Any("details", e.Details),
	}
	a.log.LogAttrs(ctx, level, "audit", attrs...)
	storeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditStoreTimeout)
	defer cancel()
	if err := a.store.AppendAuditEvent(storeCtx, ev); err != nil {
		a.log.LogAttrs(ctx, slog.LevelError, "audit event could not be stored; this log line is its record",
			append(attrs, slog.String(logKeyError, err.Error()))...)
	}
}

// actorOf is the user a request acts for, "" before authentication.
func actorOf(r *http.Request) string {
	p, _ := security.PrincipalFrom(r.Context())
	return p.UserID
}

// remoteAddr is the address of the connection's peer: the client address
// when no resolver that trusts proxies is configured (Deps.ClientIP).
func remoteAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

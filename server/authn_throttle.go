package server

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// loginWait is how long the account or the address must still wait.
func (a *authn) loginWait(ctx context.Context, username string, ip netip.Addr) (time.Duration, error) {
	byUser, err := a.byUser.Wait(ctx, security.LoginKeyUser(username))
	if err != nil {
		return 0, err
	}
	byIP, err := a.byIP.Wait(ctx, security.LoginKeyIP(ip))
	return max(byUser, byIP), err
}

func (a *authn) loginThrottled(w http.ResponseWriter, r *http.Request, wait time.Duration, err error) {
	if err != nil {
		writeError(w, r, wrapError(CodeInternal, err, "the login throttle could not be asked"))
		return
	}
	a.audit.record(r, auditEntry{Action: security.AuditLoginLocked, Outcome: store.OutcomeDenied,
		Details: map[string]any{"retry_after_s": retryAfter(wait)}})
	w.Header().Set("Retry-After", retryAfter(wait))
	writeError(w, r, errorf(CodeLoginThrottled, "too many failed logins for this account or from this address; retry in %s s", retryAfter(wait)))
}

// loginFailed counts a failure for the account and the address, and
// audits it. The attempted username is kept only when it names a user:
// an unknown one is often a password typed into the wrong field.
func (a *authn) loginFailed(r *http.Request, username string, ip netip.Addr, u *store.User, reason string) {
	ctx := context.WithoutCancel(r.Context())
	_, errUser := a.byUser.Failed(ctx, security.LoginKeyUser(username))
	_, errIP := a.byIP.Failed(ctx, security.LoginKeyIP(ip))
	if err := errors.Join(errUser, errIP); err != nil {
		a.log.Error("a failed login could not be counted", logKeyError, err.Error())
	}
	e := auditEntry{Action: security.AuditLoginFailure, Outcome: store.OutcomeFailure, Details: map[string]any{"reason": reason}}
	if u != nil {
		e.Target, e.Details["username"] = u.ID, u.Username
	}
	a.audit.record(r, e)
}

func (a *authn) loginSucceeded(ctx context.Context, username string, ip netip.Addr) {
	err := errors.Join(a.byUser.Succeeded(ctx, security.LoginKeyUser(username)), a.byIP.Succeeded(ctx, security.LoginKeyIP(ip)))
	if err != nil {
		a.log.Error("a successful login could not reset the throttle", logKeyError, err.Error())
	}
}

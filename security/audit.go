package security

import "strings"

// Audit action names, shared by the server and the CLI so that the audit
// log can be filtered by one vocabulary. The outcome (success, failure,
// denied) is a separate field of the event (store.Outcome…), except for
// logins, whose success and failure are separate actions because they are
// what people search for.
const (
	AuditLoginSuccess = "login.success" // a password login
	AuditLoginFailure = "login.failure" // a wrong password, an unknown or disabled user
	AuditLoginLocked  = "login.locked"  // refused by the login throttle
	AuditLogout       = "logout"

	AuditSessionRefreshed = "session.refreshed"
	AuditSessionReuse     = "session.reuse_detected" // a used refresh token came back: the family was revoked

	AuditKeyCreated = "key.created"
	AuditKeyRevoked = "key.revoked"

	AuditUserCreated         = "user.created"
	AuditUserChanged         = "user.changed" // role or username
	AuditUserPasswordChanged = "user.password_changed"
	AuditUserDisabled        = "user.disabled"
	AuditUserEnabled         = "user.enabled"
	AuditUserDeleted         = "user.deleted"

	AuditAnalysisDeleted = "analysis.deleted"
	AuditAuthzDenied     = "authz.denied" // a principal tried an action its role lacks
)

// AuditActorCLI is the actor of a change made with the operator CLI
// ("cli:alice"): the CLI has no user of its own, only the operating-system
// account that ran it.
func AuditActorCLI(osUser string) string {
	osUser = strings.TrimSpace(osUser)
	if osUser == "" {
		osUser = "unknown"
	}
	return "cli:" + osUser
}

package security

// Action is something a principal may be allowed to do, whatever record it
// acts on. Whether the record is the principal's own is a second question,
// answered by Principal.CanAccess.
type Action string

// The actions Can decides.
const (
	CreateAnalysis Action = "analysis.create" // submit a probe
	ReadAnalysis   Action = "analysis.read"   // read analyses (one's own; an admin's: all)
	DeleteAnalysis Action = "analysis.delete" // delete analyses (one's own; an admin's: all)
	ManageOwnKeys  Action = "keys.manage_own" // create, list and revoke one's own API keys
	ManageAllKeys  Action = "keys.manage_all" // the same for every user's keys
	ManageUsers    Action = "users.manage"    // create, change and disable users
	ReadAudit      Action = "audit.read"      // read the audit log
)

// actionsOf lists the actions a role may take: every one for an admin,
// none for an unknown role.
func actionsOf(role Role) []Action {
	switch role {
	case RoleAdmin:
		return Actions()
	case RoleAnalyst:
		return []Action{CreateAnalysis, ReadAnalysis, DeleteAnalysis, ManageOwnKeys}
	case RoleViewer:
		return []Action{ReadAnalysis}
	}
	return nil
}

// Actions lists every action, for documentation and tests.
func Actions() []Action {
	return []Action{CreateAnalysis, ReadAnalysis, DeleteAnalysis, ManageOwnKeys, ManageAllKeys, ManageUsers, ReadAudit}
}

// Can reports whether p may take action at all (function-level
// authorization). It is false for an unauthenticated principal (no user
// ID), an unknown role or an unknown action. Object-level checks stay with
// p.CanAccess(ownerID); the server answers 404, not 403, when a record
// exists but is not the principal's, so that IDs cannot be probed.
func Can(p Principal, action Action) bool {
	if p.UserID == "" {
		return false
	}
	for _, a := range actionsOf(Role(p.Role)) {
		if a == action {
			return true
		}
	}
	return false
}

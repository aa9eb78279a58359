package server

import (
	"context"
	"sync"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// maxCheckedFamilies bounds the sessionCheck's memory; past it the
// entries are dropped and asked for again.
const maxCheckedFamilies = 10_000

// sessionCheck answers whether an access token's session family is still
// alive: some session of the family is unrevoked and within its absolute
// expiry. It asks the store at most every `every` per family (0: every
// time) and remembers a dead family for good. Revocations made through
// this server are forgotten at once (forget, forgetUser), so they count
// on the next request here; other instances see them within `every`.
type sessionCheck struct {
	sessions store.Sessions
	every    time.Duration
	now      func() time.Time

	mu      sync.Mutex
	checked map[string]familyState // by family ID
}

type familyState struct {
	userID    string
	alive     bool
	checkedAt time.Time
}

func newSessionCheck(s store.Sessions, every time.Duration, now func() time.Time) *sessionCheck {
	return &sessionCheck{sessions: s, every: every, now: now, checked: map[string]familyState{}}
}

// alive reports whether family (of userID) may still be used.
func (c *sessionCheck) alive(ctx context.Context, userID, family string) (bool, error) {
	now := c.now()
	c.mu.Lock()
	st, ok := c.checked[family]
	c.mu.Unlock()
	if ok && st.userID == userID && (!st.alive || now.Sub(st.checkedAt) < c.every) {
		return st.alive, nil
	}
	sessions, err := c.sessions.ListUserSessions(ctx, userID)
	if err != nil {
		return false, err
	}
	alive := false
	for _, s := range sessions {
		if s.FamilyID == family && s.RevokedAt.IsZero() && now.Before(s.AbsoluteExpiresAt) {
			alive = true
			break
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.checked) >= maxCheckedFamilies {
		clear(c.checked)
	}
	c.checked[family] = familyState{userID: userID, alive: alive, checkedAt: now}
	return alive, nil
}

// forget drops what is known of a family, after revoking it here.
func (c *sessionCheck) forget(family string) {
	c.mu.Lock()
	delete(c.checked, family)
	c.mu.Unlock()
}

// forgetUser drops what is known of a user's families, after revoking all
// of their sessions here (a password change, a disabled user).
func (c *sessionCheck) forgetUser(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for family, st := range c.checked {
		if st.userID == userID {
			delete(c.checked, family)
		}
	}
}

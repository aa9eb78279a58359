// Package storetest is the one conformance suite every store backend must
// pass. A backend's test calls Run with a function that opens a fresh,
// migrated, empty store for each test:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
//	}
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Opener returns a fresh, migrated, empty store and closes it when the
// test ends.
type Opener func(t *testing.T) store.Store

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open Opener) {
	groups := []struct {
		name  string
		tests map[string]func(*testing.T, store.Store)
	}{
		{"Analyses", analysisTests},
		{"AnalysisList", listTests},
		{"AnalysisCache", cacheTests},
		{"Users", userTests},
		{"APIKeys", apiKeyTests},
		{"Sessions", sessionTests},
		{"Audit", auditTests},
		{"Admin", adminTests},
		{"Concurrency", concurrencyTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for name, test := range g.tests {
				t.Run(name, func(t *testing.T) { test(t, open(t)) })
			}
		})
	}
}

// base is a fixed time the fixtures count from, at stored precision.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func ctxOf(t *testing.T) context.Context { return t.Context() }

// mustUser creates a user called name with role analyst.
func mustUser(t *testing.T, s store.Store, name string) *store.User {
	t.Helper()
	u := &store.User{Username: name, PasswordHash: "hash-of-" + name, Role: store.RoleAnalyst}
	if err := s.CreateUser(ctxOf(t), u); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// newAnalysis is a complete, valid analysis created at base+offset.
func newAnalysis(owner string, offset time.Duration) *store.Analysis {
	return &store.Analysis{
		OwnerID: owner, SourceKind: store.SourceUpload, SourceKey: "clip.mp4",
		ContentHash: fmt.Sprintf("%x", sha256.Sum256([]byte(offset.String()))),
		OptionsHash: "opts-1", FFprobeVersion: "5.1.6", FileSize: 1234,
		FileModTime: base.Add(-time.Hour), Status: store.StatusOK,
		Container: "mov,mp4,m4a,3gp,3g2,mj2", VideoCodec: "h264", AudioCodec: "aac",
		Duration: 10.5, BitRate: 800000,
		Summary:   json.RawMessage(`{"container":"mp4","duration":10.5}`),
		Report:    json.RawMessage(`{"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"10.500000"},"streams":[]}`),
		CreatedAt: base.Add(offset),
	}
}

func mustCreate(t *testing.T, s store.Store, a *store.Analysis) *store.Analysis {
	t.Helper()
	if err := s.CreateAnalysis(ctxOf(t), a); err != nil {
		t.Fatalf("create analysis: %v", err)
	}
	return a
}

// wantErr fails unless err is target (nil meaning no error).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("%s: unexpected error: %v", what, err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

// jsonEqual compares JSON documents by meaning: Postgres keeps JSONB,
// which reorders keys and drops white space.
func jsonEqual(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// sameAnalysis compares every field, JSON by meaning.
func sameAnalysis(t *testing.T, got, want *store.Analysis) {
	t.Helper()
	g, w := *got, *want
	for _, pair := range [][2]*json.RawMessage{{&g.Summary, &w.Summary}, {&g.Report, &w.Report}, {&g.PolicyResult, &w.PolicyResult}} {
		if !jsonEqual(*pair[0], *pair[1]) {
			t.Errorf("analysis %s: JSON %s, want %s", want.ID, *pair[0], *pair[1])
		}
		*pair[0], *pair[1] = nil, nil
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("analysis read back differs:\n got  %+v\n want %+v", g, w)
	}
}

func ids(as []store.Analysis) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

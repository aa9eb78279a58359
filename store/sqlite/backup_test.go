package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

func newScan(key string) *store.Analysis {
	return &store.Analysis{SourceKind: store.SourceScan, SourceKey: key, Status: store.StatusOK,
		Report: []byte(`{"format":{"filename":"` + key + `"}}`)}
}

// committedLog is the IDs a writer has seen committed, in order.
type committedLog struct {
	mu  sync.Mutex
	ids []string
}

func (l *committedLog) add(id string) { l.mu.Lock(); l.ids = append(l.ids, id); l.mu.Unlock() }

func (l *committedLog) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ids...)
}

// writeUntil inserts analyses until ctx ends, logging each commit.
func writeUntil(ctx context.Context, db *DB, log *committedLog) error {
	for i := 0; ctx.Err() == nil; i++ {
		a := newScan(fmt.Sprintf("/w/%d", i))
		if err := db.CreateAnalysis(ctx, a); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		log.add(a.ID)
	}
	return nil
}

func TestBackupWhileWriting(t *testing.T) {
	db := openTemp(t)
	ctx, stop := context.WithCancel(t.Context())
	var log committedLog
	var writeErr error
	var wg sync.WaitGroup
	wg.Go(func() { writeErr = writeUntil(ctx, db, &log) })
	for len(log.snapshot()) < 300 {
		time.Sleep(time.Millisecond)
	}
	before := log.snapshot() // committed before the backup began
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(t.Context(), backup); err != nil {
		t.Fatalf("backup while writing: %v", err)
	}
	afterBackup := len(log.snapshot())
	time.Sleep(20 * time.Millisecond)
	stop()
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("writer failed during the backup: %v", writeErr)
	}
	if afterBackup == len(before) {
		t.Log("note: no commit landed while the backup ran")
	}

	restoredPath := filepath.Join(t.TempDir(), "restored.db")
	if _, err := Restore(t.Context(), backup, restoredPath, RestoreOptions{}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	restored, err := Open(t.Context(), restoredPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if report, err := restored.Check(t.Context()); err != nil || !report.OK() {
		t.Fatalf("check of the restored backup: %v %v", report, err)
	}
	for _, id := range before {
		if _, err := restored.GetAnalysis(t.Context(), id); err != nil {
			t.Fatalf("analysis %s committed before the backup began: %v", id, err)
		}
	}
	t.Logf("%d rows committed before the backup, %d when it returned, %d in all", len(before), afterBackup, len(log.snapshot()))
}

func TestBackupRefusals(t *testing.T) {
	db := openTemp(t)
	cases := []struct {
		name string
		path string
		want error
	}{
		{"onto the database itself", db.Path(), store.ErrInvalid},
		{"into a missing folder", filepath.Join(t.TempDir(), "no", "such", "b.db"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := db.Backup(t.Context(), c.path)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("backup %s: %v, want an error (%v)", c.path, err, c.want)
			}
		})
	}
}

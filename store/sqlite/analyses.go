package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// AnalysisStore keeps analyses in SQLite.
type AnalysisStore struct{ db *conns }

var _ store.Analyses = (*AnalysisStore)(nil)

const analysisColumns = `id, owner_id, source_kind, source_key, content_hash, options_hash,
	ffprobe_version, file_size, file_mod_time, status, error, container, video_codec,
	audio_codec, duration, bit_rate, summary, policy_result, bytes_fetched, created_at`

const insertAnalysis = `INSERT INTO analyses (` + analysisColumns + `, report)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func analysisArgs(a *store.Analysis) []any {
	return []any{a.ID, nullString(a.OwnerID), string(a.SourceKind), a.SourceKey, a.ContentHash, a.OptionsHash,
		a.FFprobeVersion, a.FileSize, micros(a.FileModTime), string(a.Status), a.Error, a.Container, a.VideoCodec,
		a.AudioCodec, a.Duration, a.BitRate, nullString(string(a.Summary)), nullString(string(a.PolicyResult)),
		a.BytesFetched, a.CreatedAt.UnixMicro(), nullString(string(a.Report))}
}

// scanAnalysis reads the analysisColumns, then the report when withReport.
func scanAnalysis(row scanner, withReport bool) (*store.Analysis, error) {
	var (
		a                              store.Analysis
		owner, summary, policy, report sql.NullString
		modTime                        sql.NullInt64
		created                        int64
	)
	dest := []any{&a.ID, &owner, &a.SourceKind, &a.SourceKey, &a.ContentHash, &a.OptionsHash,
		&a.FFprobeVersion, &a.FileSize, &modTime, &a.Status, &a.Error, &a.Container, &a.VideoCodec,
		&a.AudioCodec, &a.Duration, &a.BitRate, &summary, &policy, &a.BytesFetched, &created}
	if withReport {
		dest = append(dest, &report)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.OwnerID, a.FileModTime, a.CreatedAt = owner.String, fromNullMicros(modTime), fromMicros(created)
	a.Summary, a.PolicyResult, a.Report = rawJSON(summary), rawJSON(policy), rawJSON(report)
	return &a, nil
}

func rawJSON(s sql.NullString) []byte {
	if !s.Valid {
		return nil
	}
	return []byte(s.String)
}

// CreateAnalysis implements store.Analyses.
func (s *AnalysisStore) CreateAnalysis(ctx context.Context, a *store.Analysis) error {
	if err := a.Prepare(); err != nil {
		return err
	}
	_, err := s.db.write.ExecContext(ctx, insertAnalysis, analysisArgs(a)...)
	return mapErr("create analysis", err)
}

// UpsertAnalysis implements store.Analyses. With one writer connection the
// delete and insert cannot interleave with another upsert.
func (s *AnalysisStore) UpsertAnalysis(ctx context.Context, a *store.Analysis) error {
	if err := a.Prepare(); err != nil {
		return err
	}
	if a.SourceKind != store.SourceScan {
		return fmt.Errorf("%w analysis: upsert is for the scan cache (source kind scan), not %q", store.ErrInvalid, a.SourceKind)
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM analyses WHERE source_kind = 'scan'
			AND coalesce(owner_id, '') = ? AND source_key = ? AND options_hash = ?`,
			a.OwnerID, a.SourceKey, a.OptionsHash)
		if err != nil {
			return mapErr("upsert analysis", err)
		}
		_, err = tx.ExecContext(ctx, insertAnalysis, analysisArgs(a)...)
		return mapErr("upsert analysis", err)
	})
}

// GetAnalysis implements store.Analyses.
func (s *AnalysisStore) GetAnalysis(ctx context.Context, id string) (*store.Analysis, error) {
	row := s.db.read.QueryRowContext(ctx, `SELECT `+analysisColumns+`, report FROM analyses WHERE id = ?`, id)
	a, err := scanAnalysis(row, true)
	if err != nil {
		return nil, mapErr("get analysis "+id, err)
	}
	return a, nil
}

// DeleteAnalysis implements store.Analyses.
func (s *AnalysisStore) DeleteAnalysis(ctx context.Context, id string) error {
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM analyses WHERE id = ?`, id)
	return notFound("delete analysis "+id, res, err)
}

// purgeBatch is how many rows one purge statement deletes; between batches
// other writers get their turn.
const purgeBatch = 1000

// PurgeAnalyses implements store.Analyses.
func (s *AnalysisStore) PurgeAnalyses(ctx context.Context, before time.Time) (int64, error) {
	return purge(ctx, s.db, "purge analyses",
		`DELETE FROM analyses WHERE id IN (SELECT id FROM analyses WHERE created_at < ? LIMIT ?)`, before)
}

// purge runs a batched delete until it deletes nothing.
func purge(ctx context.Context, db *conns, op, query string, before time.Time) (int64, error) {
	var total int64
	for {
		res, err := db.write.ExecContext(ctx, query, store.StoredTime(before).UnixMicro(), purgeBatch)
		if err != nil {
			return total, mapErr(op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, mapErr(op, err)
		}
		total += n
		if n < purgeBatch {
			return total, nil
		}
	}
}

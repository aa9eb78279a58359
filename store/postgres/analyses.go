package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// AnalysisStore keeps analyses in Postgres.
type AnalysisStore struct{ pool *pgxpool.Pool }

var _ store.Analyses = (*AnalysisStore)(nil)

const analysisColumns = `id, owner_id, source_kind, source_key, content_hash, options_hash,
	ffprobe_version, file_size, file_mod_time, status, error, container, video_codec,
	audio_codec, duration, bit_rate, summary, policy_result, bytes_fetched, created_at`

const insertAnalysis = `INSERT INTO analyses (` + analysisColumns + `, report)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`

func analysisArgs(a *store.Analysis) []any {
	return []any{a.ID, nullString(a.OwnerID), string(a.SourceKind), a.SourceKey, a.ContentHash, a.OptionsHash,
		a.FFprobeVersion, a.FileSize, nullTime(a.FileModTime), string(a.Status), a.Error, a.Container, a.VideoCodec,
		a.AudioCodec, a.Duration, a.BitRate, jsonb(a.Summary), jsonb(a.PolicyResult), a.BytesFetched, a.CreatedAt,
		jsonb(a.Report)}
}

func scanAnalysis(row pgx.Row, withReport bool) (*store.Analysis, error) {
	var (
		a       store.Analysis
		owner   *string
		modTime *time.Time
		kind    string
		status  string
	)
	dest := []any{&a.ID, &owner, &kind, &a.SourceKey, &a.ContentHash, &a.OptionsHash,
		&a.FFprobeVersion, &a.FileSize, &modTime, &status, &a.Error, &a.Container, &a.VideoCodec,
		&a.AudioCodec, &a.Duration, &a.BitRate, &a.Summary, &a.PolicyResult, &a.BytesFetched, &a.CreatedAt}
	if withReport {
		dest = append(dest, &a.Report)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.OwnerID, a.FileModTime, a.CreatedAt = fromNullString(owner), fromNullTime(modTime), a.CreatedAt.UTC()
	a.SourceKind, a.Status = store.SourceKind(kind), store.Status(status)
	return &a, nil
}

// CreateAnalysis implements store.Analyses.
func (s *AnalysisStore) CreateAnalysis(ctx context.Context, a *store.Analysis) error {
	if err := a.Prepare(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, insertAnalysis, analysisArgs(a)...)
	return mapErr("create analysis", err)
}

// UpsertAnalysis implements store.Analyses. A transaction-scoped advisory
// lock on the key makes concurrent upserts of one file take turns, so the
// delete of each sees the insert of the one before.
func (s *AnalysisStore) UpsertAnalysis(ctx context.Context, a *store.Analysis) error {
	if err := a.Prepare(); err != nil {
		return err
	}
	if a.SourceKind != store.SourceScan {
		return fmt.Errorf("%w analysis: upsert is for the scan cache (source kind scan), not %q", store.ErrInvalid, a.SourceKind)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
			"ffprobe-api scan\x1f"+a.OwnerID+"\x1f"+a.SourceKey+"\x1f"+a.OptionsHash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM analyses WHERE source_kind = 'scan'
			AND coalesce(owner_id, '') = $1 AND source_key = $2 AND options_hash = $3`,
			a.OwnerID, a.SourceKey, a.OptionsHash); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, insertAnalysis, analysisArgs(a)...)
		return err
	})
	return mapErr("upsert analysis", err)
}

// GetAnalysis implements store.Analyses.
func (s *AnalysisStore) GetAnalysis(ctx context.Context, id string) (*store.Analysis, error) {
	a, err := scanAnalysis(s.pool.QueryRow(ctx, `SELECT `+analysisColumns+`, report FROM analyses WHERE id = $1`, id), true)
	if err != nil {
		return nil, mapErr("get analysis "+id, err)
	}
	return a, nil
}

// DeleteAnalysis implements store.Analyses.
func (s *AnalysisStore) DeleteAnalysis(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM analyses WHERE id = $1`, id)
	return affected("delete analysis "+id, tag, err)
}

// purgeBatch is how many rows one purge statement deletes.
const purgeBatch = 1000

// PurgeAnalyses implements store.Analyses.
func (s *AnalysisStore) PurgeAnalyses(ctx context.Context, before time.Time) (int64, error) {
	return purge(ctx, s.pool, "purge analyses",
		`DELETE FROM analyses WHERE id IN (SELECT id FROM analyses WHERE created_at < $1 LIMIT $2)`, before)
}

// purge runs a batched delete until it deletes less than a batch.
func purge(ctx context.Context, pool *pgxpool.Pool, op, query string, before time.Time) (int64, error) {
	var total int64
	for {
		tag, err := pool.Exec(ctx, query, store.StoredTime(before), purgeBatch)
		if err != nil {
			return total, mapErr(op, err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < purgeBatch {
			return total, nil
		}
	}
}

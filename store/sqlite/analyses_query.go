package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// FindCached implements store.Analyses. Each look-up repeats the predicate
// of its partial index, so that SQLite uses it.
func (s *AnalysisStore) FindCached(ctx context.Context, k store.CacheKey) (*store.Analysis, error) {
	var query string
	var args []any
	switch {
	case k.ContentHash != "":
		query = `content_hash = ? AND content_hash <> '' AND options_hash = ? AND ffprobe_version = ?
			AND coalesce(owner_id, '') = ?`
		args = []any{k.ContentHash, k.OptionsHash, k.FFprobeVersion, k.OwnerID}
	case k.SourceKey != "":
		query = `source_kind = 'scan' AND coalesce(owner_id, '') = ? AND source_key = ? AND options_hash = ?
			AND ffprobe_version = ? AND file_size = ? AND file_mod_time IS ?`
		args = []any{k.OwnerID, k.SourceKey, k.OptionsHash, k.FFprobeVersion, k.FileSize, micros(store.StoredTime(k.FileModTime))}
	default:
		return nil, fmt.Errorf("%w cache key: needs a content hash or a source key", store.ErrInvalid)
	}
	row := s.db.read.QueryRowContext(ctx, `SELECT `+analysisColumns+`, report FROM analyses WHERE `+query+`
		ORDER BY created_at DESC, id DESC LIMIT 1`, args...)
	a, err := scanAnalysis(row, true)
	if err != nil {
		return nil, mapErr("find cached analysis", err)
	}
	return a, nil
}

// ListAnalyses implements store.Analyses.
func (s *AnalysisStore) ListAnalyses(ctx context.Context, f store.AnalysisFilter) (store.AnalysisPage, error) {
	where, args, err := analysisWhere(f)
	if err != nil {
		return store.AnalysisPage{}, err
	}
	limit := store.PageLimit(f.Limit)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+analysisColumns+` FROM analyses`+where+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return store.AnalysisPage{}, mapErr("list analyses", err)
	}
	defer rows.Close()
	var page store.AnalysisPage
	for rows.Next() {
		a, err := scanAnalysis(rows, false)
		if err != nil {
			return store.AnalysisPage{}, mapErr("list analyses", err)
		}
		page.Analyses = append(page.Analyses, *a)
	}
	if err := rows.Err(); err != nil {
		return store.AnalysisPage{}, mapErr("list analyses", err)
	}
	page.Analyses, page.Next = store.TrimPage(page.Analyses, limit, store.AnalysisCursor)
	return page, nil
}

// analysisWhere builds the WHERE clause of a list; values are always
// parameters.
func analysisWhere(f store.AnalysisFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) { conds = append(conds, cond); args = append(args, vals...) }
	if f.OwnerID != "" {
		add("owner_id = ?", f.OwnerID)
	}
	if f.SourceKind != "" {
		add("source_kind = ?", string(f.SourceKind))
	}
	if f.Container != "" {
		add("container = ?", f.Container)
	}
	if f.Codec != "" {
		add("(video_codec = ? OR audio_codec = ?)", f.Codec, f.Codec)
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if !f.CreatedFrom.IsZero() {
		add("created_at >= ?", store.StoredTime(f.CreatedFrom).UnixMicro())
	}
	if !f.CreatedTo.IsZero() {
		add("created_at < ?", store.StoredTime(f.CreatedTo).UnixMicro())
	}
	c, ok, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return "", nil, err
	}
	if ok {
		add("(created_at, id) < (?, ?)", c.Time.UnixMicro(), c.ID)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

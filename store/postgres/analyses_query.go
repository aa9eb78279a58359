package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// FindCached implements store.Analyses. Each look-up repeats the predicate
// of its partial index, so that the planner can use it.
func (s *AnalysisStore) FindCached(ctx context.Context, k store.CacheKey) (*store.Analysis, error) {
	var query string
	var args []any
	switch {
	case k.ContentHash != "":
		query = `content_hash = $1 AND content_hash <> '' AND options_hash = $2 AND ffprobe_version = $3
			AND coalesce(owner_id, '') = $4`
		args = []any{k.ContentHash, k.OptionsHash, k.FFprobeVersion, k.OwnerID}
	case k.SourceKey != "":
		query = `source_kind = 'scan' AND coalesce(owner_id, '') = $1 AND source_key = $2 AND options_hash = $3
			AND ffprobe_version = $4 AND file_size = $5 AND file_mod_time IS NOT DISTINCT FROM $6`
		args = []any{k.OwnerID, k.SourceKey, k.OptionsHash, k.FFprobeVersion, k.FileSize, nullTime(store.StoredTime(k.FileModTime))}
	default:
		return nil, fmt.Errorf("%w cache key: needs a content hash or a source key", store.ErrInvalid)
	}
	row := s.pool.QueryRow(ctx, `SELECT `+analysisColumns+`, report FROM analyses WHERE `+query+`
		ORDER BY created_at DESC, id DESC LIMIT 1`, args...)
	a, err := scanAnalysis(row, true)
	if err != nil {
		return nil, mapErr("find cached analysis", err)
	}
	return a, nil
}

// ListAnalyses implements store.Analyses.
func (s *AnalysisStore) ListAnalyses(ctx context.Context, f store.AnalysisFilter) (store.AnalysisPage, error) {
	w := &where{}
	if err := w.analyses(f); err != nil {
		return store.AnalysisPage{}, err
	}
	limit := store.PageLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+analysisColumns+` FROM analyses`+w.String()+`
		ORDER BY created_at DESC, id DESC LIMIT `+w.arg(limit+1), w.args...)
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

// where builds a WHERE clause with numbered parameters.
type where struct {
	conds []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func (w *where) analyses(f store.AnalysisFilter) error {
	if f.OwnerID != "" {
		w.add("owner_id = " + w.arg(f.OwnerID))
	}
	for _, eq := range []struct{ col, val string }{
		{"source_kind", string(f.SourceKind)}, {"container", f.Container}, {"status", string(f.Status)},
	} {
		if eq.val != "" {
			w.add(eq.col + " = " + w.arg(eq.val))
		}
	}
	if f.Codec != "" {
		p := w.arg(f.Codec)
		w.add("(video_codec = " + p + " OR audio_codec = " + p + ")")
	}
	if !f.CreatedFrom.IsZero() {
		w.add("created_at >= " + w.arg(store.StoredTime(f.CreatedFrom)))
	}
	if !f.CreatedTo.IsZero() {
		w.add("created_at < " + w.arg(store.StoredTime(f.CreatedTo)))
	}
	return w.cursor(f.Cursor, "created_at")
}

// cursor continues a keyset listing ordered by (timeCol, id) descending.
func (w *where) cursor(cursor, timeCol string) error {
	c, ok, err := store.DecodeCursor(cursor)
	if err != nil || !ok {
		return err
	}
	w.add("(" + timeCol + ", id) < (" + w.arg(c.Time) + ", " + w.arg(c.ID) + ")")
	return nil
}

//go:build !lean

package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// storeScanCache is the scan cache in the store: one analyses row of
// source kind "scan" per path and options, without an owner (the local
// CLI), so that `serve` on the same database lists what scans found.
type storeScanCache struct{ analyses store.Analyses }

var _ scan.Cache = storeScanCache{}

func openScanCache(ctx context.Context, a *app) (scan.Cache, func(), error) {
	st, err := a.openStore(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	return storeScanCache{analyses: st}, func() { _ = st.Close() }, nil
}

// Lookup implements scan.Cache: one indexed query. The report is decoded
// only when asked for.
func (c storeScanCache) Lookup(ctx context.Context, key scan.CacheKey, withReport bool) (*scan.Cached, error) {
	a, err := c.analyses.FindCached(ctx, store.CacheKey{
		SourceKey: key.Path, FileSize: key.Size, FileModTime: key.ModTime,
		FFprobeVersion: key.FFprobeVersion, OptionsHash: key.OptionsHash,
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, scan.ErrCacheMiss
	}
	if err != nil {
		return nil, fmt.Errorf("scan cache: %w", err)
	}
	if a.Status == store.StatusFailed {
		return &scan.Cached{Failure: decodeFailure(a.Error)}, nil
	}
	res := &probe.Result{FFprobeVersion: a.FFprobeVersion}
	if err := json.Unmarshal(a.Summary, &res.Summary); err != nil {
		return nil, scan.ErrCacheMiss // an unreadable row is probed again and replaced
	}
	if withReport && len(a.Report) > 0 {
		if res.Report, err = probe.ParseReport(a.Report); err != nil {
			return nil, scan.ErrCacheMiss
		}
	}
	return &scan.Cached{Result: res}, nil
}

// Save implements scan.Cache with an upsert: the row of the same path and
// options is replaced in one transaction.
func (c storeScanCache) Save(ctx context.Context, key scan.CacheKey, kept *scan.Cached) error {
	a := &store.Analysis{
		SourceKind: store.SourceScan, SourceKey: key.Path, OptionsHash: key.OptionsHash,
		FFprobeVersion: key.FFprobeVersion, FileSize: key.Size, FileModTime: key.ModTime,
	}
	if kept.Failure != nil {
		a.Status, a.Error = store.StatusFailed, encodeFailure(kept.Failure)
	} else if err := fillAnalysis(a, kept.Result); err != nil {
		return err
	}
	if kept.Policy != nil {
		verdict, err := json.Marshal(kept.Policy)
		if err != nil {
			return fmt.Errorf("scan cache: %w", err)
		}
		a.PolicyResult = verdict
	}
	if err := c.analyses.UpsertAnalysis(ctx, a); err != nil {
		return fmt.Errorf("scan cache: %w", err)
	}
	return nil
}

func fillAnalysis(a *store.Analysis, res *probe.Result) error {
	s := res.Summary
	summary, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("scan cache: %w", err)
	}
	a.Status, a.Summary = store.StatusOK, summary
	a.Container, a.Duration, a.BitRate = s.Container, s.Duration, s.BitRate
	if v := movingVideo(s.Video); len(v) > 0 {
		a.VideoCodec = v[0].Codec
	}
	if len(s.Audio) > 0 {
		a.AudioCodec = s.Audio[0].Codec
	}
	if res.Report != nil {
		a.Report = res.Report.Raw
	}
	return nil
}

// A failure is kept in the row's error column as "code: message".
func encodeFailure(f *scan.Failure) string { return f.Code + ": " + f.Message }

var failureText = regexp.MustCompile(`(?s)^([a-z_]+): (.*)$`)

func decodeFailure(text string) *scan.Failure {
	if m := failureText.FindStringSubmatch(text); m != nil {
		return &scan.Failure{Code: m[1], Message: m[2]}
	}
	return &scan.Failure{Code: "probe_failed", Message: text}
}

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// source is the bytes one analysis is about.
type source struct {
	Kind      store.SourceKind
	Key       string // the public name: the client's file name or root/path
	ProbePath string // what ffprobe opens; never shown to clients
	Size      int64
	Hash      string // sha256 of the bytes, lowercase hex
}

// analyze answers one analysis request: from the cache when the same
// owner asked the same question about the same bytes with the same
// ffprobe, else by running ffprobe on a worker and storing the result.
// cached reports a cache hit.
func (s *Server) analyze(ctx context.Context, p security.Principal, src source, opts analysisOptions) (a *store.Analysis, cached bool, err error) {
	version, err := s.prober.Version(ctx)
	if err != nil {
		return nil, false, describeProbeError(err, s.cfg.ProbeTimeout)
	}
	key := store.CacheKey{OwnerID: p.UserID, OptionsHash: opts.hash(), FFprobeVersion: version, ContentHash: src.Hash}
	hit, err := s.store.FindCached(ctx, key)
	switch {
	case err == nil:
		s.metrics.cacheHits.Inc()
		return hit, true, nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, false, wrapError(CodeInternal, err, "the analysis cache could not be read")
	}
	s.metrics.cacheMisses.Inc()
	var out *probeOutcome
	var probeErr error
	if err := s.queue.run(ctx, func() { out, probeErr = s.probe(ctx, src, opts) }); err != nil {
		return nil, false, describeProbeError(err, s.cfg.ProbeTimeout)
	}
	if probeErr != nil {
		return nil, false, probeErr
	}
	a, err = newAnalysis(p, src, key, out)
	if err != nil {
		return nil, false, wrapError(CodeInternal, err, "the analysis could not be encoded")
	}
	if err := s.store.CreateAnalysis(ctx, a); err != nil {
		return nil, false, wrapError(CodeInternal, err, "the analysis could not be stored")
	}
	return a, false, nil
}

// probeOutcome is one ffprobe run and, when one was asked for, its policy
// check.
type probeOutcome struct {
	Result *probe.Result
	Policy *policy.Result
}

// probe runs ffprobe once (on a worker), counts it and checks the policy.
func (s *Server) probe(ctx context.Context, src source, opts analysisOptions) (*probeOutcome, error) {
	start := time.Now()
	res, err := s.prober.Probe(ctx, src.ProbePath, opts.probeOptions(s.cfg.ProbeTimeout))
	label := probeResultLabel(ctx, err)
	s.metrics.probes.WithLabelValues(label).Inc()
	s.metrics.probeDuration.WithLabelValues(label).Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, describeProbeError(err, s.cfg.ProbeTimeout)
	}
	hidePath(res, src)
	if err := s.cfg.Media.checkFormat(res); err != nil {
		return nil, err
	}
	out := &probeOutcome{Result: res}
	if opts.policy != nil {
		pr := opts.policy.Evaluate(policy.Input{Result: res, Path: src.ProbePath, Size: src.Size})
		out.Policy = &pr
	}
	return out, nil
}

// hidePath puts the public name where ffprobe wrote the file it opened (a
// temporary file or /proc/…/fd/N), in the typed report and in its raw JSON.
func hidePath(res *probe.Result, src source) {
	res.Input = src.Key
	if res.Report == nil {
		return
	}
	res.Report.Format.Filename = src.Key
	public, _ := json.Marshal(src.Key)
	for _, name := range []string{"file:" + src.ProbePath, src.ProbePath} {
		private, _ := json.Marshal(name)
		res.Report.Raw = bytes.ReplaceAll(res.Report.Raw, private, public)
	}
}

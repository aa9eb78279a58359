package server

import (
	"context"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/remote"
	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// analyzeRemote analyses a remote URL on a worker and stores the result
// with source_kind url, the URL without its query as source_key, and the
// bytes taken from the origin.
func (s *Server) analyzeRemote(ctx context.Context, p security.Principal, req remote.Request, key string, opts analysisOptions) (*store.Analysis, error) {
	prober, ok := s.prober.(urlProber)
	if !ok || s.remote == nil {
		return nil, errorf(CodeProbeUnavailable, "this server cannot analyse remote URLs")
	}
	version, err := s.prober.Version(ctx)
	if err != nil {
		return nil, describeProbeError(err, s.cfg.ProbeTimeout)
	}
	var out *probeOutcome
	var fetched int64
	var probeErr error
	run := func() { out, fetched, probeErr = s.probeRemote(ctx, prober, req, key, opts) }
	if err := s.queue.run(ctx, run); err != nil {
		return nil, describeProbeError(err, s.cfg.ProbeTimeout)
	}
	if probeErr != nil {
		return nil, probeErr
	}
	src := source{Kind: store.SourceURL, Key: key, Size: max(out.Result.Summary.Size, 0)}
	cacheKey := store.CacheKey{OwnerID: p.UserID, OptionsHash: opts.hash(), FFprobeVersion: version}
	a, err := newAnalysis(p, src, cacheKey, out)
	if err != nil {
		return nil, wrapError(CodeInternal, err, "the analysis could not be encoded")
	}
	a.BytesFetched = fetched
	if err := s.store.CreateAnalysis(ctx, a); err != nil {
		return nil, wrapError(CodeInternal, err, "the analysis could not be stored")
	}
	return a, nil
}

// probeRemote opens a content-server session for req (the URL checked,
// the first bytes fetched through the guard), runs ffprobe on it, and
// checks the format and the policy. fetched is what the origin sent.
func (s *Server) probeRemote(ctx context.Context, prober urlProber, req remote.Request, key string, opts analysisOptions) (out *probeOutcome, fetched int64, err error) {
	sess, err := s.remote.open(ctx, req)
	if err != nil {
		return nil, 0, s.remoteFailure(ctx, err, req.URL, true)
	}
	defer sess.Close()
	start := time.Now()
	popts := opts.probeOptions(s.cfg.ProbeTimeout)
	popts.AllowManifests = req.AllowManifests
	in := probe.RemoteInput{Name: key, Args: sess.FFprobeInput(), Env: remote.FFprobeEnv, Err: sess.Err}
	res, err := prober.ProbeURL(ctx, in, popts)
	fetched = sess.BytesFetched()
	s.metrics.guards.remoteBytes.Add(float64(fetched))
	label := probeResultLabel(ctx, err)
	s.metrics.probes.WithLabelValues(label).Inc()
	s.metrics.probeDuration.WithLabelValues(label).Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, fetched, s.remoteFailure(ctx, err, req.URL, false)
	}
	hidePath(res, source{Key: key, ProbePath: sess.URL()})
	if err := s.cfg.Media.checkFormat(res); err != nil {
		return nil, fetched, err
	}
	out = &probeOutcome{Result: res}
	if opts.policy != nil {
		pr := opts.policy.Evaluate(policy.Input{Result: res, Path: key, Size: res.Summary.Size})
		out.Policy = &pr
	}
	return out, fetched, nil
}

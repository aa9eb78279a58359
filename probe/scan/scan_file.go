package scan

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// saveTimeout bounds saving one finished outcome to the cache. The save
// does not use the scan's context: a result finished before an interrupt
// is still kept.
const saveTimeout = 10 * time.Second

// scanFile analyses one file: from the cache when it has the file
// unchanged, else with ffprobe (and then into the cache), then against
// the policy. finished is false when ctx was cancelled during the probe:
// such a file is left out entirely.
func (s *Scanner) scanFile(ctx context.Context, e Entry, version string) (o Outcome, finished bool) {
	start := time.Now()
	o = Outcome{Entry: e}
	key := CacheKey{Path: e.Abs, Size: e.Size, ModTime: e.ModTime, FFprobeVersion: version, OptionsHash: s.optionsHash}
	cached := s.fromCache(ctx, key, &o)
	var probeErr error
	if !cached {
		var res *probe.Result
		res, probeErr = s.probe(ctx, e)
		if probeErr != nil && ctx.Err() != nil {
			return o, false
		}
		o.setProbed(res, probeErr)
	}
	if o.Status == StatusOK && s.cfg.Policy != nil {
		r := s.cfg.Policy.Evaluate(policy.Input{Result: o.Result, Path: e.Abs, Size: e.Size})
		o.Policy = &r
	}
	if !cached {
		s.save(ctx, key, &o, probeErr)
	}
	o.Elapsed = time.Since(start)
	return o, true
}

// fromCache fills o from the cache and reports whether it could. A cache
// that fails is noted in o.CacheErr and the file is probed.
func (s *Scanner) fromCache(ctx context.Context, key CacheKey, o *Outcome) bool {
	if s.cfg.Cache == nil {
		return false
	}
	needReport := s.cfg.Policy != nil
	c, err := s.cfg.Cache.Lookup(ctx, key, needReport)
	switch {
	case errors.Is(err, ErrCacheMiss):
		return false
	case err != nil:
		o.CacheErr = err
		return false
	case c.Failure != nil:
		o.Status, o.Err, o.Cached = StatusFailed, c.Failure, true
		return true
	case c.Result == nil || (needReport && c.Result.Report == nil):
		return false // kept without what is needed now: probe again
	}
	res := *c.Result
	res.Input = o.Path
	o.Status, o.Result, o.Cached = StatusOK, &res, true
	return true
}

// probe runs ffprobe on the file, after checking that it can be opened.
// ffprobe would fail on an unreadable file too, but as a *ProbeError,
// which is cached; chmod does not change the modification time, so the
// file would stay "failed" once readable again.
func (s *Scanner) probe(ctx context.Context, e Entry) (*probe.Result, error) {
	f, err := os.Open(e.Abs)
	if err != nil {
		return nil, &UnreadableError{Path: e.Path, Err: describeFSError(err)}
	}
	_ = f.Close()
	return s.cfg.Prober.Probe(ctx, e.Abs, s.cfg.Options)
}

func (o *Outcome) setProbed(res *probe.Result, err error) {
	if err != nil {
		o.Status, o.Err = StatusFailed, err
		return
	}
	res.Input = o.Path
	o.Status, o.Result = StatusOK, res
}

// save keeps a probed outcome, unless it failed for a reason that may go
// away by itself.
func (s *Scanner) save(ctx context.Context, key CacheKey, o *Outcome, probeErr error) {
	if s.cfg.Cache == nil {
		return
	}
	c := Cached{Policy: o.Policy}
	switch {
	case probeErr == nil:
		c.Result = o.Result
	case Cacheable(probeErr):
		c.Failure = &Failure{Code: FailureCode(probeErr), Message: o.ErrorMessage()}
	default:
		return
	}
	saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	if err := s.cfg.Cache.Save(saveCtx, key, &c); err != nil {
		o.CacheErr = err
	}
}

// FailureCode is the stable code of a cacheable probe error; see Cacheable.
func FailureCode(err error) string {
	var pe *probe.ProbeError
	switch {
	case errors.Is(err, probe.ErrNotMedia):
		return "not_media"
	case errors.Is(err, probe.ErrOutputTooLarge):
		return "output_too_large"
	case errors.As(err, &pe):
		return "probe_failed"
	}
	return "input_error"
}

// messageWithoutPath is err's message without a leading "probe PATH: " or
// "PATH: " for any of the paths given.
func messageWithoutPath(err error, paths ...string) string {
	msg := err.Error()
	for _, p := range paths {
		if p == "" {
			continue
		}
		for _, prefix := range []string{"probe " + p + ": ", p + ": "} {
			if rest, ok := strings.CutPrefix(msg, prefix); ok {
				return rest
			}
		}
	}
	return msg
}

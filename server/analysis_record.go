package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// newAnalysis is the record stored for a successful probe.
func newAnalysis(p security.Principal, src source, key store.CacheKey, out *probeOutcome) (*store.Analysis, error) {
	res := out.Result
	summary, err := json.Marshal(res.Summary)
	if err != nil {
		return nil, err
	}
	a := &store.Analysis{
		OwnerID:        p.UserID,
		SourceKind:     src.Kind,
		SourceKey:      src.Key,
		ContentHash:    src.Hash,
		OptionsHash:    key.OptionsHash,
		FFprobeVersion: key.FFprobeVersion,
		FileSize:       src.Size,
		Status:         store.StatusOK,
		Container:      res.Summary.Container,
		Duration:       res.Summary.Duration,
		BitRate:        res.Summary.BitRate,
		Summary:        summary,
	}
	if len(res.Summary.Video) > 0 {
		a.VideoCodec = res.Summary.Video[0].Codec
	}
	if len(res.Summary.Audio) > 0 {
		a.AudioCodec = res.Summary.Audio[0].Codec
	}
	if res.Report != nil {
		a.Report = res.Report.Raw
	}
	if out.Policy != nil {
		if a.PolicyResult, err = json.Marshal(out.Policy); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// probeResultLabel is the metrics label of one ffprobe run's result.
func probeResultLabel(ctx context.Context, err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, probe.ErrNotMedia):
		return "not_media"
	case errors.Is(err, probe.ErrTimeout):
		return "timeout"
	case errors.Is(err, probe.ErrNotInstalled):
		return "unavailable"
	case ctx.Err() != nil:
		return "canceled"
	}
	return "failed" // a *probe.ProbeError, output too large, anything else

}

// describeProbeError turns what the probe client returned into the public
// error. ffprobe's stderr and the file's path stay in the internal cause,
// which only the log sees.
func describeProbeError(err error, timeout time.Duration) error {
	var e *Error
	var pe *probe.ProbeError
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, probe.ErrNotMedia):
		return wrapError(CodeNotMedia, err, "the file is not media that ffprobe can read, or its format is not allowed on this server")
	case errors.Is(err, probe.ErrTimeout):
		return wrapError(CodeProbeTimeout, err, "ffprobe did not finish within the server's probe timeout of %s", timeout)
	case errors.Is(err, probe.ErrNotInstalled):
		return wrapError(CodeProbeUnavailable, err, "ffprobe cannot be run on the server; an operator must fix it (see /api/v1/ready)")
	case errors.Is(err, probe.ErrInvalidOptions):
		return wrapError(CodeInvalidOption, err, "the probe options are not valid for this ffprobe")
	case errors.Is(err, probe.ErrOutputTooLarge):
		return wrapError(CodeProbeFailed, err, "ffprobe's report of this file is larger than the server accepts")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return wrapError(CodeRequestTimeout, err, "the analysis was canceled before it finished")
	case errors.As(err, &pe):
		return wrapError(CodeProbeFailed, err, "ffprobe could not analyse the file (exit code %d)", pe.ExitCode)
	}
	return wrapError(CodeInternal, fmt.Errorf("probe: %w", err), "internal error; the server log has the details under this request id")
}

package remote

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

var (
	// ErrBudgetExceeded: the probe needed more bytes from origins than the
	// session's budget (Request.MaxBytes or Config.MaxBytes).
	ErrBudgetExceeded = errors.New("remote source needs more bytes than the budget allows")
	// ErrTimeout: the session ran past its time limit.
	ErrTimeout = errors.New("remote source timed out")
	// ErrManifestNotAllowed: the URL is an HLS or DASH manifest and the
	// request did not allow manifests.
	ErrManifestNotAllowed = errors.New("manifests are not allowed for this request")
	// ErrInvalidURL: the URL is not an http(s) URL with a host and
	// without user-info (Config.CheckURL may refuse more, with its own
	// errors).
	ErrInvalidURL = errors.New("invalid remote URL")
	// ErrOrigin: the origin's answer cannot be used (an error status, a
	// short or inconsistent body). *OriginError carries the status.
	ErrOrigin = errors.New("unusable answer from the origin")
	// ErrClosed: the session or server was closed.
	ErrClosed = errors.New("remote session closed")
)

// OriginError is an HTTP status from the origin that is not content.
type OriginError struct {
	URL    string // shown without query or user-info
	Status int
}

func (e *OriginError) Error() string {
	return fmt.Sprintf("remote: %s answered %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Unwrap makes errors.Is(err, ErrOrigin) true.
func (e *OriginError) Unwrap() error { return ErrOrigin }

// fetchError is an error from the client for the resource shown as
// shown, without the client's *url.Error (whose message holds the full
// URL, query included), and ErrTimeout when the session's time ran out.
func fetchError(ctx context.Context, shown string, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(context.Cause(ctx), ErrTimeout) {
		return fmt.Errorf("remote: fetching %s: %w", shown, context.Cause(ctx))
	}
	return fmt.Errorf("remote: fetching %s: %w", shown, err)
}

// shownURL is u for messages and the name ffprobe sees: scheme, host and
// path, without user-info, query or fragment.
func shownURL(u *url.URL) string {
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := shown.String()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

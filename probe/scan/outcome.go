package scan

import (
	"errors"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// Status is how one file's scan ended.
type Status string

const (
	StatusOK     Status = "ok"     // probed (or found in the cache); Result is set
	StatusFailed Status = "failed" // could not be analysed; Err is set
)

// Outcome is one file's scan, delivered as soon as it is finished.
type Outcome struct {
	Entry
	Status Status
	// Result is the probe's result when Status is ok. For a cached outcome
	// it holds the Summary and, when a policy was evaluated, the Report.
	Result *probe.Result
	// Err is why the file could not be analysed: an error of the probe
	// (see probe.Prober), an *UnreadableError, or a *Failure from the cache.
	Err error
	// Cached is true when the outcome came from the cache, not ffprobe.
	Cached bool
	// Policy is the policy's verdict, when a policy is set and Status is ok.
	Policy *policy.Result
	// CacheErr is why the outcome could not be saved to the cache; the
	// outcome itself is good.
	CacheErr error
	// Elapsed is the time spent on the file: probe (or cache look-up) and
	// policy.
	Elapsed time.Duration
}

// ErrorMessage is why the outcome failed, without the file's path (which
// records and summaries show apart): "permission denied", "not a media
// file …". "" for an outcome that did not fail.
func (o Outcome) ErrorMessage() string {
	var u *UnreadableError
	switch {
	case o.Err == nil:
		return ""
	case errors.As(o.Err, &u):
		return u.Err.Error()
	}
	return messageWithoutPath(o.Err, o.Abs, o.Path)
}

// UnreadableError is an entry that could not be read: a directory or file
// without permission, a dangling symlink, a named pipe.
type UnreadableError struct {
	Path string
	Err  error
}

func (e *UnreadableError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *UnreadableError) Unwrap() error { return e.Err }

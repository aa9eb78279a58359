package ratelimit

import (
	"context"
	"errors"
)

// Limiter takes one token from the bucket of (policy, key) and says
// whether the request may go on. Keys are opaque (KeyIP, KeyPrincipal make
// them); each policy has its own buckets, so one key may be limited by
// several policies at once.
//
// Allow returns an error only when it could not decide (ErrUnavailable
// from a shared backend that cannot be reached, or ctx's error); a
// caller must then refuse the request (fail closed) unless it chose
// otherwise (Failover). A policy that does not Validate is an error too.
type Limiter interface {
	Allow(ctx context.Context, key string, p Policy) (Decision, error)
}

// ErrUnavailable is wrapped by the errors of a limiter whose backend
// cannot be reached.
var ErrUnavailable = errors.New("rate limit backend unavailable")

// Counter is what the limiters count with; a prometheus.Counter is one.
// The server owns the metrics registry and passes its counters in.
type Counter interface{ Inc() }

type noCounter struct{}

func (noCounter) Inc() {}

func counterOrNone(c Counter) Counter {
	if c == nil {
		return noCounter{}
	}
	return c
}

// bucketID is the key of (policy, key) in a backend: the policy name
// first, so that different policies never share a bucket.
func bucketID(p Policy, key string) string { return p.Name + ":" + key }

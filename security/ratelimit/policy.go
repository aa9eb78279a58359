// Package ratelimit limits how fast a client may call the API: token
// buckets per client address and per principal, in memory (one instance)
// or in Redis (several instances sharing one budget), with the IETF
// RateLimit and RateLimit-Policy header fields
// (draft-ietf-httpapi-ratelimit-headers-11) on every limited answer.
package ratelimit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Policy is one token bucket's shape: it holds at most Burst tokens, gains
// Rate tokens per second, and every request takes one. A client may thus
// send Burst requests at once, then Rate per second for as long as it likes.
type Policy struct {
	// Name identifies the policy in the RateLimit headers and in bucket
	// keys, so two policies with the same key never share a bucket.
	Name  string
	Rate  float64 // tokens per second, more than 0
	Burst int     // bucket size, at least 1
}

// maxPolicyNameLen bounds Name; it goes into every limited answer.
const maxPolicyNameLen = 64

// Validate says what is wrong with p, naming it.
func (p Policy) Validate() error {
	switch {
	case p.Name == "" || len(p.Name) > maxPolicyNameLen || strings.IndexFunc(p.Name, notNameRune) >= 0:
		return fmt.Errorf("rate limit policy name %q: want 1 to %d of a-z, 0-9, '-', '_' and '.'", p.Name, maxPolicyNameLen)
	case math.IsNaN(p.Rate) || math.IsInf(p.Rate, 0) || p.Rate <= 0:
		return fmt.Errorf("rate limit policy %q: rate %v per second must be more than 0", p.Name, p.Rate)
	case p.Burst < 1:
		return fmt.Errorf("rate limit policy %q: burst %d must be at least 1", p.Name, p.Burst)
	}
	return nil
}

func notNameRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
}

// Window is how long an empty bucket takes to fill up again: the "w" of
// the RateLimit-Policy field, in whole seconds, at least one.
func (p Policy) Window() time.Duration {
	return time.Duration(max(1, math.Ceil(float64(p.Burst)/p.Rate))) * time.Second
}

// String is the policy in the form ParsePolicy reads, e.g. "10/s:40".
func (p Policy) String() string {
	count, unit := p.perUnit()
	return fmt.Sprintf("%s/%s:%d", strconv.FormatFloat(count, 'f', -1, 64), unit.name, p.Burst)
}

// perUnit is the rate as a whole count per second, minute or hour, the
// first that makes it whole, else as a fraction per second.
func (p Policy) perUnit() (float64, rateUnit) {
	for _, u := range rateUnits {
		per := p.Rate * u.seconds
		if whole := math.Round(per); whole >= 1 && math.Abs(per-whole) < 1e-9*per {
			return whole, u
		}
	}
	return p.Rate, rateUnits[0]
}

type rateUnit struct {
	name, long string
	seconds    float64
}

var rateUnits = []rateUnit{{"s", "second", 1}, {"m", "minute", 60}, {"h", "hour", 3600}}

// ParsePolicy reads a policy named name from a configuration value
// RATE/UNIT[:BURST]: "10/s:40" is 10 requests a second with bursts of 40,
// "5/m" is 5 a minute with bursts of 5 (the burst defaults to the count
// per unit, at least 1). UNIT is s, m or h.
func ParsePolicy(name, spec string) (Policy, error) {
	bad := func(why string) (Policy, error) {
		return Policy{}, fmt.Errorf("rate limit %s %q: %s; want RATE/UNIT[:BURST], e.g. 10/s:40 or 5/m", name, spec, why)
	}
	rate, burst, hasBurst := strings.Cut(strings.TrimSpace(spec), ":")
	count, unit, ok := strings.Cut(rate, "/")
	if !ok {
		return bad("no /UNIT")
	}
	n, err := strconv.ParseFloat(count, 64)
	if err != nil || n <= 0 || math.IsInf(n, 0) {
		return bad("the count is not a number more than 0")
	}
	p := Policy{Name: name, Burst: max(1, int(math.Ceil(n)))}
	for _, u := range rateUnits {
		if unit == u.name {
			p.Rate = n / u.seconds
		}
	}
	if p.Rate == 0 {
		return bad("the unit is not s, m or h")
	}
	if hasBurst {
		if p.Burst, err = strconv.Atoi(burst); err != nil || p.Burst < 1 {
			return bad("the burst is not a whole number of at least 1")
		}
	}
	return p, p.Validate()
}

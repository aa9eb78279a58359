package ratelimit

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Decision is a limiter's answer to one request.
type Decision struct {
	Allowed bool
	// Remaining is how many more requests the bucket would allow right
	// now (whole tokens left).
	Remaining int
	// RetryAfter is, for a refused request, how long until the bucket
	// holds a token again; 0 when Allowed.
	RetryAfter time.Duration
	// Reset is how long until the bucket is full again: spreading
	// Remaining requests evenly over Reset never gets one refused.
	Reset time.Duration
}

// decide turns the tokens left in a bucket after a request into a
// Decision: both backends compute it the same way.
func decide(tokens float64, allowed bool, p Policy) Decision {
	tokens = min(max(tokens, 0), float64(p.Burst))
	d := Decision{
		Allowed:   allowed,
		Remaining: int(math.Floor(tokens)),
		Reset:     secondsToDuration((float64(p.Burst) - tokens) / p.Rate),
	}
	if !allowed {
		d.RetryAfter = max(time.Nanosecond, secondsToDuration((1-tokens)/p.Rate))
	}
	return d
}

func secondsToDuration(s float64) time.Duration {
	if s <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(s * float64(time.Second)))
}

// Header field names, per draft-ietf-httpapi-ratelimit-headers-11.
const (
	HeaderPolicy     = "RateLimit-Policy"
	HeaderRateLimit  = "RateLimit"
	HeaderRetryAfter = "Retry-After"
)

// WriteHeaders adds the draft-11 fields for p to h:
//
//	RateLimit-Policy: "name";q=BURST;w=WINDOW
//	RateLimit: "name";r=REMAINING;t=SECONDS
//
// q is the bucket size and w the seconds an empty bucket takes to fill
// (Policy.Window). t is the seconds until the bucket is full again
// (Reset, rounded up) for an allowed request, and for a refused one the
// seconds until the next token, which is also the Retry-After it gets, so
// that Retry-After never points before the end of the effective window
// (draft section 6). The fields are added, not set: a request limited by
// two policies (its address, then its principal) carries both, as list
// members on separate field lines (RFC 9651 section 3.1).
func (d Decision) WriteHeaders(h http.Header, p Policy) {
	h.Add(HeaderPolicy, PolicyField(p))
	t := ceilSeconds(d.Reset)
	if !d.Allowed {
		t = max(1, ceilSeconds(d.RetryAfter))
		h.Set(HeaderRetryAfter, strconv.FormatInt(t, 10))
	}
	h.Add(HeaderRateLimit, sfString(p.Name)+";r="+strconv.Itoa(max(0, d.Remaining))+";t="+strconv.FormatInt(t, 10))
}

// PolicyField is p as one member of the RateLimit-Policy list.
func PolicyField(p Policy) string {
	return sfString(p.Name) + ";q=" + strconv.Itoa(p.Burst) + ";w=" + strconv.FormatInt(ceilSeconds(p.Window()), 10)
}

func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// sfString is s as a structured-field String (RFC 9651 section 3.3.3):
// quoted, with '"' and '\' escaped; other bytes outside printable ASCII
// (which Policy.Validate never lets through) become '?'.
func sfString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			b.WriteByte('?')
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

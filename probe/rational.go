package probe

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// rational is an exact ratio as ffprobe prints them: frame rates
// ("24000/1001"), aspect ratios ("64:45") and mastering display values
// ("35400/50000"). A zero denominator means unknown.
type rational struct {
	num, den int64
}

// parseRational reads "a/b" or "a:b" with 32-bit terms (ffprobe's
// AVRational), so products of two terms never overflow. Anything else,
// including a zero denominator ("0/0", "N/A", ""), is the zero rational:
// unknown.
func parseRational(s string) rational {
	sep := strings.IndexAny(s, "/:")
	if sep < 0 {
		return rational{}
	}
	num, err1 := strconv.ParseInt(strings.TrimSpace(s[:sep]), 10, 32)
	den, err2 := strconv.ParseInt(strings.TrimSpace(s[sep+1:]), 10, 32)
	if err1 != nil || err2 != nil || den == 0 {
		return rational{}
	}
	if den < 0 {
		num, den = -num, -den
	}
	return rational{num, den}.reduced()
}

// known reports whether the ratio has a usable, positive value.
func (r rational) known() bool { return r.den > 0 && r.num > 0 }

func (r rational) float() float64 {
	if r.den == 0 {
		return 0
	}
	return float64(r.num) / float64(r.den)
}

func (r rational) reduced() rational {
	g := gcd(r.num, r.den)
	if g <= 1 {
		return r
	}
	return rational{r.num / g, r.den / g}
}

// format prints the ratio with sep between the terms ("/" or ":").
func (r rational) format(sep string) string {
	if r.den == 0 {
		return ""
	}
	return fmt.Sprintf("%d%s%d", r.num, sep, r.den)
}

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// roundTo rounds v to the given number of decimal places.
func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

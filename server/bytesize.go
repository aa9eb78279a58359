package server

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// byteUnits are the size suffixes ParseByteSize accepts, case-insensitive.
var byteUnits = []struct {
	suffix string
	factor int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40},
	{"b", 1},
}

// ParseByteSize reads a size such as "50GiB", "512MiB", "1MB", "1.5G" or
// "1048576" (bytes). Binary units (KiB, MiB, GiB, TiB, and the bare K, M,
// G, T) are powers of 1024; KB, MB, GB, TB are powers of 1000.
func ParseByteSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	factor := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, factor = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.factor
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("%q is not a size; want e.g. 50GiB, 512MiB, 1MB or a number of bytes", s)
	}
	size := n * float64(factor)
	if size > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return int64(size), nil
}

package probe

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// sideDataOfType is the first entry whose side_data_type is typ (compared
// case-insensitively), or nil.
func sideDataOfType(list []SideData, typ string) SideData {
	for _, sd := range list {
		if t, _ := sd["side_data_type"].(string); strings.EqualFold(t, typ) {
			return sd
		}
	}
	return nil
}

// number reads a numeric side data value, which ffprobe prints as a JSON
// number ("max_content": 1000), a ratio ("red_x": "35400/50000") or a
// string of digits. ok is false when the key is absent or not a finite
// number.
func (sd SideData) number(key string) (v float64, ok bool) {
	switch x := sd[key].(type) {
	case float64:
		v, ok = x, true
	case json.Number:
		f, err := x.Float64()
		v, ok = f, err == nil
	case string:
		if strings.ContainsAny(x, "/:") {
			r := parseRational(x)
			v, ok = r.float(), r.den != 0
		} else {
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			v, ok = f, err == nil
		}
	}
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// integer reads a side data value as an int; 0 when absent, not a number
// or out of int32 range (no side data integer is wider).
func (sd SideData) integer(key string) int {
	v, ok := sd.number(key)
	if !ok || v > math.MaxInt32 || v < math.MinInt32 {
		return 0
	}
	return int(math.Round(v))
}

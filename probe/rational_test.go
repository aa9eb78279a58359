package probe

import "testing"

func TestParseRational(t *testing.T) {
	tests := []struct {
		in    string
		want  rational
		known bool
	}{
		{"24000/1001", rational{24000, 1001}, true},
		{"64:45", rational{64, 45}, true},
		{"50/2", rational{25, 1}, true},
		{"1/-2", rational{-1, 2}, false},
		{"0/0", rational{}, false},
		{"0:1", rational{0, 1}, false},
		{"1/0", rational{}, false},
		{"N/A", rational{}, false},
		{"", rational{}, false},
		{"25", rational{}, false},
		{"3000000000/1", rational{}, false},
		{" 30 / 1 ", rational{30, 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseRational(tt.in)
			if got != tt.want || got.known() != tt.known {
				t.Errorf("parseRational(%q) = %+v known %v, want %+v known %v", tt.in, got, got.known(), tt.want, tt.known)
			}
		})
	}
}

func TestQuarterTurns(t *testing.T) {
	for deg, want := range map[float64]int{0: 0, 90: 90, -90: 270, 270: 270, -270: 90, 180: 180, -180: 180, 360: 0, 44: 0, 46: 90, 719: 0} {
		if got := quarterTurns(deg); got != want {
			t.Errorf("quarterTurns(%v) = %d, want %d", deg, got, want)
		}
	}
	for _, huge := range []float64{1e300, -1e300} {
		if got := quarterTurns(huge); got%90 != 0 || got < 0 || got > 270 {
			t.Errorf("quarterTurns(%v) = %d, want a quarter turn in [0, 270]", huge, got)
		}
	}
}

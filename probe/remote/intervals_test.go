package remote

import (
	"slices"
	"testing"
)

func TestIntervals(t *testing.T) {
	tests := []struct {
		name    string
		adds    []span
		want    intervals
		query   span
		missing []span
	}{
		{"empty", nil, nil, span{0, 10}, []span{{0, 10}}},
		{"one span covers the query", []span{{0, 100}}, intervals{{0, 100}}, span{10, 20}, nil},
		{"adjacent spans merge", []span{{0, 10}, {10, 20}}, intervals{{0, 20}}, span{0, 20}, nil},
		{"overlaps merge", []span{{5, 15}, {0, 10}, {12, 30}}, intervals{{0, 30}}, span{0, 40}, []span{{30, 40}}},
		{"gaps between spans", []span{{10, 20}, {30, 40}}, intervals{{10, 20}, {30, 40}}, span{0, 50}, []span{{0, 10}, {20, 30}, {40, 50}}},
		{"a span bridging two", []span{{0, 10}, {20, 30}, {5, 25}}, intervals{{0, 30}}, span{0, 30}, nil},
		{"empty span ignored", []span{{5, 5}}, nil, span{0, 1}, []span{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var iv intervals
			for _, s := range tt.adds {
				iv.add(s.start, s.end)
			}
			if !slices.Equal(iv, tt.want) {
				t.Errorf("set = %v, want %v", iv, tt.want)
			}
			if got := iv.missing(tt.query.start, tt.query.end); !slices.Equal(got, tt.missing) {
				t.Errorf("missing%v = %v, want %v", tt.query, got, tt.missing)
			}
		})
	}
}

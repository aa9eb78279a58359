package remote

import "testing"

func TestRequestRange(t *testing.T) {
	tests := []struct {
		name        string
		header      string
		size        int64
		start, end  int64
		partial, ok bool
	}{
		{"no Range", "", 100, 0, 100, false, true},
		{"open-ended, as ffprobe asks", "bytes=40-", 100, 40, 100, true, true},
		{"closed", "bytes=10-19", 100, 10, 20, true, true},
		{"last byte past the end is clipped", "bytes=90-500", 100, 90, 100, true, true},
		{"suffix", "bytes=-10", 100, 90, 100, true, true},
		{"suffix longer than the file", "bytes=-500", 100, 0, 100, true, true},
		{"start at the end", "bytes=100-", 100, 0, 0, false, false},
		{"malformed is ignored", "bytes=x-y", 100, 0, 100, false, true},
		{"several ranges are ignored", "bytes=0-1,5-6", 100, 0, 100, false, true},
		{"other unit is ignored", "items=0-1", 100, 0, 100, false, true},
		{"backwards is ignored", "bytes=50-10", 100, 0, 100, false, true},
		{"unknown size from the start", "bytes=0-", -1, 0, -1, false, true},
		{"unknown size, no Range", "", -1, 0, -1, false, true},
		{"unknown size elsewhere", "bytes=10-", -1, 0, -1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, partial, ok := requestRange(tt.header, tt.size)
			if ok != tt.ok || (ok && (start != tt.start || end != tt.end || partial != tt.partial)) {
				t.Errorf("requestRange(%q, %d) = %d, %d, %v, %v; want %d, %d, %v, %v",
					tt.header, tt.size, start, end, partial, ok, tt.start, tt.end, tt.partial, tt.ok)
			}
		})
	}
}

func TestParseContentRange(t *testing.T) {
	tests := []struct {
		name               string
		header             string
		first, last, total int64
		ok                 bool
	}{
		{"full", "bytes 0-99/1000", 0, 99, 1000, true},
		{"unknown total", "bytes 10-19/*", 10, 19, -1, true},
		{"last past total", "bytes 0-1000/1000", 0, 0, 0, false},
		{"backwards", "bytes 9-1/10", 0, 0, 0, false},
		{"unsatisfied form", "bytes */1000", 0, 0, 0, false},
		{"other unit", "items 0-1/2", 0, 0, 0, false},
		{"negative", "bytes -1-5/10", 0, 0, 0, false},
		{"empty", "", 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last, total, ok := parseContentRange(tt.header)
			if ok != tt.ok || (ok && (first != tt.first || last != tt.last || total != tt.total)) {
				t.Errorf("parseContentRange(%q) = %d, %d, %d, %v", tt.header, first, last, total, ok)
			}
		})
	}
}

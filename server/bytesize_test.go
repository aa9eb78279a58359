package server

import "testing"

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1048576", 1 << 20, false},
		{"50GiB", 50 << 30, false},
		{"1MiB", 1 << 20, false},
		{"1mb", 1000000, false},
		{"1.5G", 3 << 29, false},
		{" 2 KiB ", 2048, false},
		{"10B", 10, false},
		{"0", 0, false},
		{"", 0, true},
		{"-1", 0, true},
		{"lots", 0, true},
		{"NaN", 0, true},
		{"1e30GiB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseByteSize(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseByteSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

package store

import (
	"errors"
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{Time: time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC), ID: "0190f3b2-aaaa:with:colons"}
	got, ok, err := DecodeCursor(c.Encode())
	if err != nil || !ok || !got.Time.Equal(c.Time) || got.ID != c.ID {
		t.Fatalf("round trip gave %+v %v %v, want %+v", got, ok, err, c)
	}
	if _, ok, err := DecodeCursor(""); ok || err != nil {
		t.Fatalf("empty cursor: ok %v, err %v; want the first page", ok, err)
	}
	for _, bad := range []string{"%%%", "YWJj", Cursor{Time: c.Time}.Encode(), "YzE6eDp5"} {
		if _, _, err := DecodeCursor(bad); !errors.Is(err, ErrInvalid) {
			t.Fatalf("DecodeCursor(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestStoredTime(t *testing.T) {
	in := time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.FixedZone("X", 3600))
	got := StoredTime(in)
	if got.Location() != time.UTC || got.Nanosecond() != 123456000 || !got.Equal(in.Truncate(time.Microsecond)) {
		t.Fatalf("StoredTime(%v) = %v", in, got)
	}
	if !StoredTime(time.Time{}).IsZero() {
		t.Fatal("the zero time must stay zero (NULL)")
	}
}

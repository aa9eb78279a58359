package policy

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

func TestFaststartOnMedia(t *testing.T) {
	tests := []struct {
		name string
		file sampleFile
		want *bool
	}{
		{"faststart MP4", sample(testmedia.H264AAC), ptr(true)},
		{"MP4 remuxed without +faststart", withoutFaststart, ptr(false)},
		{"truncated MP4 whose moov was at the end", sample(testmedia.Truncated), ptr(false)},
		{"Matroska is not ISO BMFF", sample(testmedia.MKVMulti), nil},
		{"MP3", sample(testmedia.MP3), nil},
		{"empty file", sample(testmedia.Empty), nil},
		{"missing file", func(t *testing.T) string { return t.TempDir() + "/missing.mp4" }, nil},
		{"a directory", func(t *testing.T) string { return t.TempDir() }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Faststart(tt.file(t))
			if !equalPtr(got, tt.want) {
				t.Errorf("Faststart = %s, want %s", show(got), show(tt.want))
			}
		})
	}
}

// box is one top-level ISO BMFF box header with a payload of n bytes.
func box(typ string, n int) []byte {
	b := make([]byte, 8+n)
	binary.BigEndian.PutUint32(b, uint32(8+n))
	copy(b[4:], typ)
	return b
}

// largeBox is a box with a 64-bit size.
func largeBox(typ string, n int) []byte {
	b := make([]byte, 16+n)
	binary.BigEndian.PutUint32(b, 1)
	copy(b[4:], typ)
	binary.BigEndian.PutUint64(b[8:], uint64(16+n))
	return b
}

func TestFaststartBoxOrder(t *testing.T) {
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	zeroSized := box("free", 4)
	binary.BigEndian.PutUint32(zeroSized, 0)
	tests := []struct {
		name string
		data []byte
		want *bool
	}{
		{"ftyp moov mdat", cat(box("ftyp", 16), box("moov", 40), box("mdat", 100)), ptr(true)},
		{"ftyp mdat moov", cat(box("ftyp", 16), box("mdat", 100), box("moov", 40)), ptr(false)},
		{"free and a 64-bit box before moov", cat(box("ftyp", 16), box("free", 8), largeBox("wide", 8), box("moov", 8)), ptr(true)},
		{"64-bit mdat first", cat(box("ftyp", 8), largeBox("mdat", 32), box("moov", 8)), ptr(false)},
		{"QuickTime without ftyp", cat(box("wide", 0), box("mdat", 20), box("moov", 8)), ptr(false)},
		{"fragmented: moov then moof", cat(box("ftyp", 8), box("moov", 8), box("moof", 8), box("mdat", 8)), ptr(true)},
		{"not ISO BMFF", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), nil},
		{"unknown first box", cat(box("abcd", 8), box("moov", 8)), nil},
		{"box running to the end", cat(box("ftyp", 8), zeroSized, box("moov", 8)), nil},
		{"size smaller than its header", cat(box("ftyp", 8), []byte{0, 0, 0, 4, 'f', 'r', 'e', 'e'}), nil},
		{"binary box type", cat(box("ftyp", 8), box("\x00\x01\x02\x03", 8)), nil},
		{"header cut short", cat(box("ftyp", 8), []byte{0, 0, 0}), nil},
		{"no moov nor mdat", cat(box("ftyp", 8), box("free", 8)), nil},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := faststartOf(bytes.NewReader(tt.data), int64(len(tt.data)))
			if !equalPtr(got, tt.want) {
				t.Errorf("faststartOf = %s, want %s", show(got), show(tt.want))
			}
		})
	}
}

// TestFaststartOnlyWhenUsed: file.faststart is null unless a rule reads it,
// so policies that do not ask pay nothing.
func TestFaststartOnlyWhenUsed(t *testing.T) {
	path := testmedia.Path(t, testmedia.H264AAC)
	in := Input{Path: path}
	env := newEnv(in, false)
	if fs := env["file"].(map[string]any)["faststart"]; fs != nil {
		t.Errorf("faststart computed without being asked: %v", fs)
	}
	env = newEnv(in, true)
	if fs := env["file"].(map[string]any)["faststart"]; fs != true {
		t.Errorf("faststart = %v, want true", fs)
	}
	web, err := Preset("web")
	if err != nil {
		t.Fatal(err)
	}
	podcast, err := Preset("podcast")
	if err != nil {
		t.Fatal(err)
	}
	if !web.NeedsFaststart() || podcast.NeedsFaststart() {
		t.Errorf("NeedsFaststart: web %v podcast %v", web.NeedsFaststart(), podcast.NeedsFaststart())
	}
}

func equalPtr(a, b *bool) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func show(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}

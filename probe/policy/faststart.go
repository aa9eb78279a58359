package policy

import (
	"encoding/binary"
	"io"
	"os"
)

// firstBoxTypes are the top-level boxes an ISO BMFF (MP4, MOV, 3GP) file
// can start with; anything else is not such a file.
var firstBoxTypes = map[string]bool{
	"ftyp": true, "styp": true, "moov": true, "mdat": true, "free": true,
	"skip": true, "wide": true, "pdin": true, "uuid": true, "sidx": true,
}

// maxTopLevelBoxes bounds the scan; real files have a handful.
const maxTopLevelBoxes = 1024

// Faststart reports whether the MP4/MOV file at path has its index (the
// moov box) before its media data (mdat), so a player can start before
// the download ends: true or false, or nil when the file is not ISO BMFF,
// has neither box, or cannot be read. It reads only the 8–16 byte box
// headers at the top level, never the media.
func Faststart(path string) *bool {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return faststartOf(f, st.Size())
}

func faststartOf(r io.ReaderAt, size int64) *bool {
	var hdr [16]byte
	off := int64(0)
	for i := 0; i < maxTopLevelBoxes && off+8 <= size; i++ {
		if _, err := r.ReadAt(hdr[:8], off); err != nil {
			return nil
		}
		boxSize, typ := int64(binary.BigEndian.Uint32(hdr[:4])), string(hdr[4:8])
		if !isBoxType(typ) || (i == 0 && !firstBoxTypes[typ]) {
			return nil
		}
		switch typ {
		case "moov":
			return ptr(true)
		case "mdat":
			return ptr(false)
		}
		switch boxSize {
		case 0: // the box runs to the end of the file
			return nil
		case 1: // a 64-bit size follows the type
			if _, err := r.ReadAt(hdr[8:16], off+8); err != nil {
				return nil
			}
			boxSize = int64(binary.BigEndian.Uint64(hdr[8:16]))
			if boxSize < 16 {
				return nil
			}
		default:
			if boxSize < 8 {
				return nil
			}
		}
		off += boxSize
	}
	return nil
}

// isBoxType: four printable ASCII bytes (© is allowed in some types).
func isBoxType(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; (c < 0x20 || c > 0x7e) && c != 0xa9 {
			return false
		}
	}
	return true
}

func ptr[T any](v T) *T { return &v }

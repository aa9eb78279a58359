package probe

import (
	"math"
	"strconv"
)

// maxDimension bounds the sizes used in arithmetic; ffmpeg itself refuses
// far smaller pictures, so anything beyond is a malformed report.
const maxDimension = 1 << 20

// applyGeometry sets the sample and display aspect ratios and the display
// size. It needs Rotation already set. A missing or invalid sample aspect
// ratio ("0:1", "N/A") is taken as square pixels.
func (v *VideoSummary) applyGeometry(s Stream) {
	sar := parseRational(s.SampleAspectRatio)
	if !sar.known() {
		sar = rational{1, 1}
	}
	v.SampleAspectRatio = sar.format(":")
	if s.Width <= 0 || s.Height <= 0 || s.Width > maxDimension || s.Height > maxDimension {
		return
	}
	w := int(math.Round(float64(s.Width) * sar.float()))
	h := s.Height
	dar := rational{int64(s.Width) * sar.num, int64(s.Height) * sar.den}.reduced()
	if v.Rotation == 90 || v.Rotation == 270 {
		w, h = h, w
		dar = rational{dar.den, dar.num}
	}
	v.DisplayWidth, v.DisplayHeight = w, h
	v.DisplayAspectRatio = dar.format(":")
}

// rotation is the clockwise turn the viewer must apply, from the first of:
// the stream's "Display Matrix" side data, the first frame's, the legacy
// "rotate" tag of FFmpeg 4 and older. ffprobe's display matrix rotation
// is counter-clockwise (-90 means turn 90° clockwise), so it is negated;
// the rotate tag is already clockwise. Values are rounded to the nearest
// quarter turn. Mirroring in the matrix is not reported.
func rotation(s Stream, frame *Frame) int {
	if deg, ok := sideDataOfType(s.SideDataList, "Display Matrix").number("rotation"); ok {
		return quarterTurns(-deg)
	}
	if frame != nil {
		if deg, ok := sideDataOfType(frame.SideDataList, "Display Matrix").number("rotation"); ok {
			return quarterTurns(-deg)
		}
	}
	if deg, err := strconv.ParseFloat(tagValue(s.Tags, "rotate"), 64); err == nil {
		return quarterTurns(deg)
	}
	return 0
}

// quarterTurns maps any angle in degrees to 0, 90, 180 or 270.
func quarterTurns(deg float64) int {
	if math.IsNaN(deg) || math.IsInf(deg, 0) {
		return 0
	}
	d := math.Mod(deg, 360)
	if d < 0 {
		d += 360
	}
	return int(math.Round(d/90)) % 4 * 90
}

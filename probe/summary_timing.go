package probe

import "math"

// vfrTolerance is the relative difference between r_frame_rate and
// avg_frame_rate beyond which a stream counts as variable frame rate.
const vfrTolerance = 0.01

// frameRate is avg_frame_rate, else r_frame_rate, as an exact ratio and
// as a number rounded to 3 decimals; "", 0 when neither is known.
func frameRate(s Stream) (string, float64) {
	rate := parseRational(s.AvgFrameRate)
	if !rate.known() {
		rate = parseRational(s.RFrameRate)
	}
	if !rate.known() {
		return "", 0
	}
	return rate.format("/"), roundTo(rate.float(), 3)
}

// isVariableFrameRate compares ffprobe's two rates: r_frame_rate (the
// lowest rate that represents every timestamp) and avg_frame_rate (frames
// divided by duration). They agree on constant frame rate video and differ
// on variable frame rate video. The rule: VFR when both are known and
// differ by more than 1% of avg_frame_rate, except that an interlaced
// stream whose r_frame_rate is twice avg_frame_rate (field rate, common
// for H.264 1080i) is constant. When either rate is missing the answer is
// false. ffprobe derives both from headers, so VFR that the container
// hides (Matroska often reports equal rates) is not seen.
func isVariableFrameRate(s Stream, interlaced bool) bool {
	r, avg := parseRational(s.RFrameRate), parseRational(s.AvgFrameRate)
	if !r.known() || !avg.known() {
		return false
	}
	ratio := r.float() / avg.float()
	if math.Abs(ratio-1) <= vfrTolerance {
		return false
	}
	if interlaced && math.Abs(ratio-2) <= 2*vfrTolerance {
		return false
	}
	return true
}

// scanType tells progressive from interlaced video, and the field shown
// first. The first decoded frame decides when the report has one (its
// interlaced_frame and top_field_first flags are what the decoder saw);
// else the stream's field_order: "progressive"; "tt" and "bt" (top field
// displayed first) → tff; "bb" and "tb" → bff. Anything else is unknown.
func scanType(fieldOrder string, frame *Frame) (scan, order string) {
	if frame != nil {
		switch {
		case frame.InterlacedFrame == 0:
			return "progressive", "progressive"
		case frame.TopFieldFirst != 0:
			return "interlaced", "tff"
		default:
			return "interlaced", "bff"
		}
	}
	switch fieldOrder {
	case "progressive":
		return "progressive", "progressive"
	case "tt", "bt":
		return "interlaced", "tff"
	case "bb", "tb":
		return "interlaced", "bff"
	}
	return "unknown", "unknown"
}

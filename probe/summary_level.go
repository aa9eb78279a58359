package probe

import "fmt"

// videoLevel returns ffprobe's level number (0 when it is unknown, which
// ffprobe prints as -99 or 0) and its usual written form for the codecs
// that have one.
//
//   - h264: level/10 ("4.1" for 41), and "1b" for 9.
//   - hevc: general_level_idc/30 ("5.1" for 153).
//   - vp9: level/10 ("4.1" for 41).
//   - av1: seq_level_idx X is "2+X/4 . X%4" ("4.0" for 8); 31 has none.
//   - mpeg2video: 4 High, 6 High 1440, 8 Main, 10 Low.
//
// Other codecs get "".
func videoLevel(codec string, level int) (int, string) {
	if level <= 0 && !(codec == "av1" && level == 0) {
		return 0, ""
	}
	switch codec {
	case "h264":
		if level == 9 {
			return level, "1b"
		}
		return level, fmt.Sprintf("%d.%d", level/10, level%10)
	case "hevc":
		return level, fmt.Sprintf("%d.%d", level/30, level%30/3)
	case "vp9":
		return level, fmt.Sprintf("%d.%d", level/10, level%10)
	case "av1":
		if level >= 31 {
			return level, ""
		}
		return level, fmt.Sprintf("%d.%d", 2+level/4, level%4)
	case "mpeg2video":
		return level, mpeg2Levels[level]
	}
	return level, ""
}

var mpeg2Levels = map[int]string{4: "High", 6: "High 1440", 8: "Main", 10: "Low"}

package probe

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// planarYUV matches FFmpeg's planar YUV names: yuv420p, yuvj422p,
// yuva444p10le, with the chroma pattern and the bits per component. This
// package's regular expressions are compiled on first use, not in package
// init, which every start of the CLI pays for.
var planarYUV = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yuv[ja]?(4[0-4][0-4])p(\d+)?(le|be)?$`) })

// otherDepth matches the other names that end in their bit depth:
// gray, gray10le, gbrp12le, gbrapf32le, ya16le.
var otherDepth = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:gray|grayf|gbra?p|gbra?pf|ya)(\d+)?(le|be)?$`) })

// packedPixFmts are the other common formats: bit depth and subsampling.
var packedPixFmts = map[string]struct {
	depth  int
	chroma string
}{
	"nv12": {8, "4:2:0"}, "nv21": {8, "4:2:0"}, "p010": {10, "4:2:0"},
	"p012": {12, "4:2:0"}, "p016": {16, "4:2:0"}, "nv16": {8, "4:2:2"},
	"nv20": {10, "4:2:2"}, "p210": {10, "4:2:2"}, "p216": {16, "4:2:2"},
	"y210": {10, "4:2:2"}, "y212": {12, "4:2:2"}, "yuyv422": {8, "4:2:2"},
	"uyvy422": {8, "4:2:2"}, "yvyu422": {8, "4:2:2"}, "nv24": {8, "4:4:4"},
	"nv42": {8, "4:4:4"}, "p410": {10, "4:4:4"}, "p416": {16, "4:4:4"},
	"vuya": {8, "4:4:4"}, "vuyx": {8, "4:4:4"}, "ayuv64": {16, "4:4:4"},
	"xv30": {10, "4:4:4"}, "xv36": {12, "4:4:4"}, "uyyvyy411": {8, "4:1:1"},
	"rgb24": {8, "4:4:4"}, "bgr24": {8, "4:4:4"}, "argb": {8, "4:4:4"},
	"rgba": {8, "4:4:4"}, "abgr": {8, "4:4:4"}, "bgra": {8, "4:4:4"},
	"0rgb": {8, "4:4:4"}, "rgb0": {8, "4:4:4"}, "0bgr": {8, "4:4:4"},
	"bgr0": {8, "4:4:4"}, "pal8": {8, "4:4:4"}, "rgb48": {16, "4:4:4"},
	"bgr48": {16, "4:4:4"}, "rgba64": {16, "4:4:4"}, "bgra64": {16, "4:4:4"},
	"x2rgb10": {10, "4:4:4"}, "x2bgr10": {10, "4:4:4"}, "xyz12": {12, "4:4:4"},
	"monob": {1, "4:0:0"}, "monow": {1, "4:0:0"},
}

// pixFmtFacts returns the bits per component and the chroma subsampling
// FFmpeg's pixel format name implies; 0 and "" for names it does not know.
// RGB formats carry full colour per pixel and count as "4:4:4"; grey is
// "4:0:0".
func pixFmtFacts(pixFmt string) (depth int, chroma string) {
	if m := planarYUV().FindStringSubmatch(pixFmt); m != nil {
		return bitsOr8(m[2]), m[1][:1] + ":" + m[1][1:2] + ":" + m[1][2:]
	}
	if m := otherDepth().FindStringSubmatch(pixFmt); m != nil {
		chroma = "4:4:4"
		if strings.HasPrefix(pixFmt, "gray") || strings.HasPrefix(pixFmt, "ya") {
			chroma = "4:0:0"
		}
		return bitsOr8(m[1]), chroma
	}
	name := strings.TrimSuffix(strings.TrimSuffix(pixFmt, "le"), "be")
	if f, ok := packedPixFmts[name]; ok {
		return f.depth, f.chroma
	}
	return 0, ""
}

func bitsOr8(digits string) int {
	if n, err := strconv.Atoi(digits); err == nil {
		return n
	}
	return 8
}

// videoBitDepth is bits_per_raw_sample when ffprobe gives it, else the
// pixel format's depth.
func videoBitDepth(s Stream) int {
	if s.BitsPerRawSample > 0 {
		return s.BitsPerRawSample
	}
	depth, _ := pixFmtFacts(s.PixFmt)
	return depth
}

// chromaSubsampling is the pixel format's chroma pattern.
func chromaSubsampling(pixFmt string) string {
	_, chroma := pixFmtFacts(pixFmt)
	return chroma
}

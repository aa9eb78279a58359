package probe

import "strings"

// containerName narrows ffprobe's format_name to one short name.
//
//   - "mov,mp4,m4a,3gp,3g2,mj2" (one demuxer for the whole ISO family) is
//     named by the major_brand tag, see isoContainer.
//   - "matroska,webm" is "webm" when every stream uses a codec WebM allows
//     (VP8, VP9, AV1, Vorbis, Opus, WebVTT) and there is at least one
//     stream, else "matroska". ffprobe 5.1 does not report the EBML
//     DocType, so the codecs decide.
//   - any other list is its first name; a "_pipe" suffix is dropped
//     ("png_pipe" → "png").
func containerName(r *Report) string {
	name := r.Format.FormatName
	switch name {
	case "":
		return ""
	case "mov,mp4,m4a,3gp,3g2,mj2":
		return isoContainer(r.Format.Tags)
	case "matroska,webm":
		if isWebM(r.Streams) {
			return "webm"
		}
		return "matroska"
	}
	first, _, _ := strings.Cut(name, ",")
	return strings.TrimSuffix(first, "_pipe")
}

// isoContainer picks mov, mp4, m4a, 3gp, 3g2 or mj2 from the ftyp brands.
// The major_brand decides when it names a family (see brandFamily); else
// the first compatible brand that does ("kddi" with "3g2a" → 3g2); else
// mp4. With no brand at all (a QuickTime file without ftyp) it is mov.
func isoContainer(tags map[string]string) string {
	major := tagValue(tags, "major_brand")
	compatible := tagValue(tags, "compatible_brands")
	if major == "" && compatible == "" {
		return "mov"
	}
	if family := brandFamily(major); family != "" {
		return family
	}
	for i := 0; i+4 <= len(compatible); i += 4 {
		if family := brandFamily(compatible[i : i+4]); family != "" {
			return family
		}
	}
	return "mp4"
}

// brandFamily maps one four-character brand to its container: "qt  " →
// mov; "M4A ", "M4B ", "M4P " → m4a; "3gp…", "3gg…", "3gr…", "3gs…" →
// 3gp; "3g2…" → 3g2; "mjp2", "mj2s" → mj2; ISO brands (isom, iso2…,
// mp41, mp42, avc1, dash, M4V…) → mp4; "" for brands it does not know.
func brandFamily(brand string) string {
	b := strings.ToLower(strings.TrimSpace(brand))
	switch {
	case b == "qt":
		return "mov"
	case b == "m4a" || b == "m4b" || b == "m4p":
		return "m4a"
	case strings.HasPrefix(b, "3g2"):
		return "3g2"
	case len(b) == 4 && strings.HasPrefix(b, "3g"):
		return "3gp"
	case b == "mjp2" || b == "mj2s":
		return "mj2"
	case strings.HasPrefix(b, "iso"), strings.HasPrefix(b, "mp4"), strings.HasPrefix(b, "m4v"),
		b == "avc1", b == "dash", strings.HasPrefix(b, "cmf"):
		return "mp4"
	}
	return ""
}

var webmCodecs = map[string]bool{
	"vp8": true, "vp9": true, "av1": true,
	"vorbis": true, "opus": true, "webvtt": true,
}

func isWebM(streams []Stream) bool {
	if len(streams) == 0 {
		return false
	}
	for _, s := range streams {
		if !webmCodecs[s.CodecName] {
			return false
		}
	}
	return true
}

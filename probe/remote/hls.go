package remote

import (
	"regexp"
	"strings"
)

// uriAttribute is a URI="…" attribute of an HLS tag (EXT-X-KEY, -MAP,
// -MEDIA, -I-FRAME-STREAM-INF, -SESSION-KEY, -SESSION-DATA, -PART,
// -PRELOAD-HINT, -RENDITION-REPORT…): after the tag's ':' or a ','.
var uriAttribute = regexp.MustCompile(`([:,]\s*URI\s*=\s*")([^"]*)(")`)

// rewriteHLS replaces every URI of an HLS playlist with mapURI's answer:
// each line that is not blank and not a tag or comment, and each URI
// attribute of a tag. Everything else is kept byte for byte.
func rewriteHLS(playlist []byte, mapURI func(string) string) []byte {
	var out strings.Builder
	out.Grow(len(playlist) + len(playlist)/2)
	for line := range strings.SplitAfterSeq(string(playlist), "\n") {
		text, eol := cutLineEnd(line)
		trimmed := strings.TrimSpace(text)
		switch {
		case trimmed == "":
			out.WriteString(line)
		case strings.HasPrefix(trimmed, "#"):
			out.WriteString(uriAttribute.ReplaceAllStringFunc(text, func(attr string) string {
				m := uriAttribute.FindStringSubmatch(attr)
				return m[1] + mapURI(m[2]) + m[3]
			}))
			out.WriteString(eol)
		default:
			out.WriteString(mapURI(trimmed) + eol)
		}
	}
	return []byte(out.String())
}

// cutLineEnd splits "text\r\n" into "text" and "\r\n".
func cutLineEnd(line string) (text, eol string) {
	text = strings.TrimRight(line, "\r\n")
	return text, line[len(text):]
}

package server

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// MediaPolicy is what the server accepts as media beyond what ffprobe's
// own whitelist admits: the extensions of uploaded file names, and the
// formats ffprobe may detect in any source.
type MediaPolicy struct {
	// UploadExtensions are the file name extensions an upload may have
	// (lower case, without the dot; --upload-extensions). "*" admits any
	// name. The name is the client's and only metadata: the server stores
	// the bytes under a name of its own.
	UploadExtensions []string
	// Formats are the formats an analysis may find (--allowed-formats): a
	// format is allowed when any of its names is listed ("mp4" admits
	// "mov,mp4,m4a,3gp,3g2,mj2"). Empty: every format ffprobe may read
	// except still images; "*": every one.
	Formats []string
}

// DefaultUploadExtensions are containers and elementary streams of audio
// and video. Not on it: images, playlists and manifests, text.
var DefaultUploadExtensions = []string{
	"mp4", "mkv", "mov", "webm", "mp3", "wav", "flac", "m4a", // the usual ones first: messages name them
	"3g2", "3gp", "aac", "ac3", "aif", "aiff", "amr", "ape", "asf", "avi", "caf", "dts", "dv", "eac3",
	"f4v", "flv", "h264", "h265", "hevc", "ivf", "m1v", "m2t", "m2ts", "m2v", "m4b", "m4v", "mj2",
	"mk3d", "mka", "mp2", "mpeg", "mpg", "mts", "mxf", "nut", "oga", "ogg", "ogv", "opus", "rm", "rmvb",
	"spx", "thd", "ts", "vob", "w64", "wma", "wmv", "wv", "y4m",
}

// DefaultMediaPolicy: DefaultUploadExtensions, and any format but still
// images.
func DefaultMediaPolicy() MediaPolicy {
	return MediaPolicy{UploadExtensions: slices.Clone(DefaultUploadExtensions)}
}

func (p MediaPolicy) problems() []string {
	var problems []string
	for _, ext := range p.UploadExtensions {
		if ext == "" || strings.ContainsAny(ext, "./\\ ") || ext != strings.ToLower(ext) {
			problems = append(problems, fmt.Sprintf("--upload-extensions: %q is not an extension in lower case without the dot, e.g. mp4", ext))
		}
	}
	for _, f := range p.Formats {
		if f == "" || strings.ContainsAny(f, ", ") {
			problems = append(problems, fmt.Sprintf("--allowed-formats: %q is not a format name, e.g. mp4 or matroska", f))
		}
	}
	return problems
}

// checkUploadName refuses an upload whose file name's extension is not
// on the list, before a byte of it is stored.
func (p MediaPolicy) checkUploadName(name string) error {
	if len(p.UploadExtensions) == 0 || slices.Contains(p.UploadExtensions, "*") {
		return nil
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	if ext != "" && slices.Contains(p.UploadExtensions, ext) {
		return nil
	}
	shown := "no extension"
	if ext != "" {
		shown = "the extension ." + capText(ext, 32)
	}
	return errorf(CodeExtensionNotAllowed, "the upload's file name has %s, which this server does not accept; name the file after its format (%s)",
		shown, extensionExamples(p.UploadExtensions))
}

// extensionExamples lists a few accepted extensions: ".mp4, .mkv, … (60 in all)".
func extensionExamples(exts []string) string {
	const shown = 8
	var b strings.Builder
	for i, ext := range exts[:min(shown, len(exts))] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("." + ext)
	}
	if len(exts) > shown {
		fmt.Fprintf(&b, ", … %d in all", len(exts))
	}
	return b.String()
}

// checkFormat refuses a result whose format is not allowed. A result
// without the format section names no format: the default policy lets it
// through, an explicit list refuses it.
func (p MediaPolicy) checkFormat(res *probe.Result) error {
	name := ""
	if res.Report != nil {
		name = res.Report.Format.FormatName
	}
	names := strings.Split(name, ",")
	switch {
	case slices.Contains(p.Formats, "*"):
		return nil
	case len(p.Formats) == 0 && !slices.ContainsFunc(names, isStillImageFormat):
		return nil
	case slices.ContainsFunc(names, func(n string) bool { return slices.Contains(p.Formats, n) }):
		return nil
	}
	switch {
	case name == "":
		return errorf(CodeFormatNotAllowed, "this server allows only some formats, and the analysis did not name one; ask for the \"format\" section")
	case len(p.Formats) == 0:
		return errorf(CodeFormatNotAllowed, "the format %s is a still image; this server analyses audio and video only", capText(name, 80))
	}
	return errorf(CodeFormatNotAllowed, "the format %s is not allowed on this server; allowed: %s", capText(name, 80), strings.Join(p.Formats, ", "))
}

// isStillImageFormat: FFmpeg's image demuxers, image2 and the
// image2pipe family (png_pipe, jpeg_pipe, …), and single-image or
// animated-image formats.
func isStillImageFormat(name string) bool {
	switch name {
	case "image2", "image2pipe", "gif", "apng", "fits", "alias_pix", "brender_pix":
		return true
	}
	return strings.HasSuffix(name, "_pipe")
}

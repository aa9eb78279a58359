package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/muesli/termenv"
)

// prettyRenderer prints a readable summary per input for people at a
// terminal; colour only when allowed (a terminal and NO_COLOR unset).
type prettyRenderer struct {
	w       io.Writer
	title   lipgloss.Style
	section lipgloss.Style
	key     lipgloss.Style
	bad     lipgloss.Style
	count   int
}

func newPrettyRenderer(s *IOStreams) *prettyRenderer {
	r := lipgloss.NewRenderer(s.Out)
	if !s.Color {
		r.SetColorProfile(termenv.Ascii)
	}
	return &prettyRenderer{
		w:       s.Out,
		title:   r.NewStyle().Bold(true),
		section: r.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		key:     r.NewStyle().Faint(true),
		bad:     r.NewStyle().Bold(true).Foreground(lipgloss.Color("9")),
	}
}

func (p *prettyRenderer) Write(o probeOutcome) error {
	var b strings.Builder
	if p.count > 0 {
		b.WriteString("\n")
	}
	p.count++
	b.WriteString(p.title.Render(o.Input) + "\n")
	if o.Err != nil {
		b.WriteString("  " + p.bad.Render("error: ") + o.Err.Error() + "\n")
		_, err := io.WriteString(p.w, b.String())
		return err
	}
	s := o.Result.Summary
	p.line(&b, "container", fmt.Sprintf("%s, %s, %s, %s", orUnknown(s.Container), seconds(s.Duration), bytesHuman(s.Size), bitrate(s.BitRate)))
	for _, v := range s.Video {
		p.videoLines(&b, v)
	}
	for _, a := range s.Audio {
		desc := fmt.Sprintf("%s %s, %d Hz, %s", a.Codec, a.Profile, a.SampleRate, channelsText(a.Channels, a.ChannelLayout))
		if a.BitDepth > 0 {
			desc += fmt.Sprintf(", %d-bit", a.BitDepth)
		}
		p.line(&b, fmt.Sprintf("audio #%d", a.Index), desc+languageText(a.Language, a.Default, a.Forced))
	}
	for _, t := range s.Subtitles {
		p.line(&b, fmt.Sprintf("subtitle #%d", t.Index), t.Codec+languageText(t.Language, t.Default, t.Forced))
	}
	for _, a := range s.Attachments {
		p.line(&b, fmt.Sprintf("attachment #%d", a.Index), strings.TrimSpace(a.Filename+" "+a.MimeType))
	}
	if n := len(s.Chapters); n > 0 {
		p.line(&b, "chapters", fmt.Sprintf("%d", n))
	}
	if s.Tags.Title != "" {
		p.line(&b, "title", s.Tags.Title)
	}
	if o.Policy != nil {
		p.policyLines(&b, o.Policy)
	}
	if o.Result.Retried {
		p.line(&b, "note", "probed again with larger limits: "+o.Result.RetryReason)
	}
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (p *prettyRenderer) videoLines(b *strings.Builder, v probe.VideoSummary) {
	desc := fmt.Sprintf("%s %s, %dx%d", v.Codec, v.Profile, v.Width, v.Height)
	if v.DisplayWidth != v.Width || v.DisplayHeight != v.Height {
		desc += fmt.Sprintf(" (shown %dx%d)", v.DisplayWidth, v.DisplayHeight)
	}
	desc += fmt.Sprintf(", %.3g fps", v.FPS)
	if v.VFR {
		desc += " VFR"
	}
	p.line(b, fmt.Sprintf("video #%d", v.Index), desc)
	p.line(b, "", fmt.Sprintf("%s, %d-bit %s, %s, %s, rotation %d°", v.PixFmt, v.BitDepth, v.ChromaSubsampling, v.HDR.Kind, v.ScanType, v.Rotation))
}

func (p *prettyRenderer) policyLines(b *strings.Builder, r *policy.Result) {
	verdict := fmt.Sprintf("%s: %d passed, %d errors, %d warnings", r.Policy, r.Passed(), r.Errors(), r.Warnings())
	if r.Errors() > 0 {
		verdict = p.bad.Render(verdict)
	}
	p.line(b, "policy", verdict)
	for _, o := range r.Outcomes {
		if o.Passed || o.Skipped {
			continue
		}
		p.line(b, "", fmt.Sprintf("%s %s: %s", o.Severity, o.Rule, o.Message))
	}
}

func (p *prettyRenderer) line(b *strings.Builder, key, value string) {
	fmt.Fprintf(b, "  %s %s\n", p.key.Render(fmt.Sprintf("%-13s", key)), value)
}

func (p *prettyRenderer) Close() error { return nil }

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func seconds(d float64) string {
	if d <= 0 {
		return "duration unknown"
	}
	return fmt.Sprintf("%.3f s", d)
}

func bitrate(bps int64) string {
	if bps <= 0 {
		return "bit rate unknown"
	}
	return fmt.Sprintf("%.0f kb/s", float64(bps)/1000)
}

func bytesHuman(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func channelsText(n int, layout string) string {
	if layout != "" {
		return layout
	}
	return fmt.Sprintf("%d channels", n)
}

func languageText(lang string, def, forced bool) string {
	var parts []string
	if lang != "" {
		parts = append(parts, lang)
	}
	if def {
		parts = append(parts, "default")
	}
	if forced {
		parts = append(parts, "forced")
	}
	if len(parts) == 0 {
		return ""
	}
	return " [" + strings.Join(parts, ", ") + "]"
}

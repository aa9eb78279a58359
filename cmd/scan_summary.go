//go:build !lean

package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// summaryListLimit caps the failures and violations the summary lists;
// the records list every file.
const summaryListLimit = 50

// writeScanSummary prints the closing summary for people. full is false
// when it goes to stderr beside machine output.
func writeScanSummary(w io.Writer, t *scan.Tally, full bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "Scanned %d files in %s: %d ok, %d failed", t.Total(), t.Elapsed.Round(10*time.Millisecond), t.OK, t.Failed)
	if t.Interrupted {
		fmt.Fprintf(&b, "; interrupted, %d not done", t.Unfinished)
	}
	b.WriteString("\n")
	summaryField(&b, "cached", fmt.Sprintf("%d of %d", t.Cached, t.Total()))
	summaryField(&b, "skipped", fmt.Sprintf("%d%s", t.SkippedTotal(), skipBreakdown(t.Skipped)))
	if t.OK > 0 {
		summaryField(&b, "total", fmt.Sprintf("%s, %s", clock(t.Duration), bytesHuman(t.Size)))
		breakdown(&b, "containers", t.Containers)
		breakdown(&b, "video", t.VideoCodecs)
		breakdown(&b, "audio", t.AudioCodecs)
	}
	if t.CacheErrors > 0 {
		summaryField(&b, "cache", fmt.Sprintf("%d look-ups or saves failed, the last: %v", t.CacheErrors, t.LastCacheErr))
	}
	if t.Policy != nil {
		writePolicySummary(&b, t.Policy, full)
	}
	if len(t.Failures) > 0 {
		b.WriteString("Failures:\n")
		for i, o := range t.Failures {
			if i == summaryListLimit {
				fmt.Fprintf(&b, "  … and %d more (the records list every file)\n", len(t.Failures)-i)
				break
			}
			fmt.Fprintf(&b, "  %s: [%s] %s\n", o.Path, scanErrorCode(o.Err), o.ErrorMessage())
		}
	}
	_, _ = io.WriteString(w, b.String())
}

func skipBreakdown(skips map[scan.SkipReason]int) string {
	var parts []string
	for _, reason := range []scan.SkipReason{scan.SkipExtension, scan.SkipExcluded, scan.SkipNotIncluded, scan.SkipSymlink, scan.SkipDuplicate} {
		if n := skips[reason]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, reason))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func breakdown(b *strings.Builder, label string, counts map[string]int) {
	if len(counts) == 0 {
		return
	}
	var parts []string
	for _, c := range scan.Ranked(counts) {
		parts = append(parts, fmt.Sprintf("%s %d", c.Name, c.Count))
	}
	summaryField(b, label, strings.Join(parts, ", "))
}

// summaryField is one indented "label  value" line, values aligned.
func summaryField(b *strings.Builder, label, value string) {
	fmt.Fprintf(b, "  %-10s  %s\n", label, value)
}

func writePolicySummary(b *strings.Builder, p *scan.PolicyTally, full bool) {
	fmt.Fprintf(b, "Policy %s: %d passed, %d failed, %d with warnings\n", p.Name, p.Passed, p.Violating, p.Warned)
	if full {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  RULE\tPASSED\tFAILED\tSKIPPED")
		for _, name := range p.RuleNames {
			r := p.Rules[name]
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\n", name, r.Passed, r.Failed, r.Skipped)
		}
		_ = tw.Flush()
	}
	if len(p.Violations) == 0 {
		return
	}
	b.WriteString("Violations:\n")
	for i, o := range p.Violations {
		if i == summaryListLimit {
			fmt.Fprintf(b, "  … and %d more files (the records list every file)\n", len(p.Violations)-i)
			break
		}
		for _, out := range o.Policy.Outcomes {
			if !out.Passed {
				fmt.Fprintf(b, "  %s: %s (%s): %s\n", o.Path, out.Rule, out.Severity, violationText(out))
			}
		}
	}
}

func violationText(o policy.Outcome) string {
	if o.Error != "" {
		return "could not evaluate: " + o.Error
	}
	return o.Message
}

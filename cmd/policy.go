package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/spf13/cobra"
)

func newPolicyCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "List, show and check policies: rules that probe results must pass",
		Long: `A policy is a YAML file of named rules over a probe's JSON report and
summary, each an error or a warning (docs/policies.md). probe and scan take
--policy FILE or --policy preset:NAME and exit 1 when an error rule fails.

The built-in presets are web, hdr10, podcast and broadcast-hd.`,
		Example: `  ffprobe-api policy list
  ffprobe-api policy show preset:web
  ffprobe-api policy check ./delivery.yaml`,
		Args: cobra.NoArgs, // so that `policy frob` is an error, not help
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPolicyListCmd(a), newPolicyShowCmd(a), newPolicyCheckCmd(a))
	return cmd
}

func newPolicyListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the built-in presets",
		Example: `  ffprobe-api policy list`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(a.streams.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PRESET\tRULES\tDESCRIPTION")
			for _, name := range policy.Presets() {
				p, err := policy.Preset(name)
				if err != nil {
					return withExitCode(ExitTrouble, err)
				}
				fmt.Fprintf(tw, "preset:%s\t%d\t%s\n", name, len(p.Rules), firstSentence(p.Description))
			}
			return tw.Flush()
		},
	}
}

func newPolicyShowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show preset:NAME|FILE",
		Short: "Print a policy's rules",
		Example: `  ffprobe-api policy show preset:hdr10
  ffprobe-api policy show -o json ./delivery.yaml | jq '.rules[].name'`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			format := a.v.GetString("output")
			if format != "text" && format != "json" {
				return usageErrorf("--output %q: want text or json", format)
			}
			p, err := policy.Resolve(args[0])
			if err != nil {
				return withExitCode(ExitTrouble, err)
			}
			if format == "json" {
				return writeIndentedJSON(a.streams.Out, p)
			}
			writePolicy(a.streams.Out, p)
			return nil
		},
	}
	cmd.Flags().StringP("output", "o", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func newPolicyCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check preset:NAME|FILE...",
		Short: "Validate policy files without probing anything",
		Long: `Validate policy files: YAML, keys, severities, and every expression and
message template compiled, with each field checked against the report's
shape. Every problem is listed with its rule and line.

Exit codes: 0 every policy is valid, 2 a policy is invalid or unreadable.`,
		Example: `  ffprobe-api policy check ./delivery.yaml
  ffprobe-api policy check policies/*.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			invalid := 0
			for _, spec := range args {
				p, err := policy.Resolve(spec)
				if err != nil {
					invalid++
					fmt.Fprintf(a.streams.ErrOut, "ffprobe-api: %v\n", strings.ReplaceAll(err.Error(), "\n", "\nffprobe-api: "))
					continue
				}
				fmt.Fprintf(a.streams.Out, "policy %s: valid (%s)\n", spec, ruleCount(len(p.Rules)))
			}
			if invalid > 0 {
				return silentExit(ExitTrouble)
			}
			return nil
		},
	}
}

// writePolicy prints a policy for people: one block per rule.
func writePolicy(w io.Writer, p *policy.Policy) {
	fmt.Fprintf(w, "%s (%s, %s)\n", p.Name, p.Source, ruleCount(len(p.Rules)))
	if p.Description != "" {
		fmt.Fprintf(w, "%s\n", strings.TrimSpace(p.Description))
	}
	for _, r := range p.Rules {
		scope := ""
		if r.For != "" {
			scope = ", each " + r.For + " stream"
		}
		fmt.Fprintf(w, "\n%s (%s%s)\n", r.Name, r.Severity, scope)
		if r.Description != "" {
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace(r.Description))
		}
		if r.When != "" {
			fmt.Fprintf(w, "  when:    %s\n", oneLine(r.When))
		}
		fmt.Fprintf(w, "  expr:    %s\n", oneLine(r.Expr))
		fmt.Fprintf(w, "  message: %s\n", oneLine(r.Message))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstSentence(s string) string {
	s = oneLine(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// ruleCount is "1 rule" or "N rules".
func ruleCount(n int) string {
	if n == 1 {
		return "1 rule"
	}
	return fmt.Sprintf("%d rules", n)
}

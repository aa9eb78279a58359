//go:build !lean

package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// completionShells are the shells `ffprobe-api completion` writes a script
// for, with the script's file name under completions/ and how to install it.
var completionShells = []struct {
	Name, File, Install string
	write               func(root *cobra.Command, w io.Writer, descriptions bool) error
}{
	{"bash", "ffprobe-api.bash", `Needs the bash-completion package. Packages install the script to
/usr/share/bash-completion/completions/ffprobe-api. By hand:

  ffprobe-api completion bash > ~/.local/share/bash-completion/completions/ffprobe-api`,
		func(root *cobra.Command, w io.Writer, desc bool) error { return root.GenBashCompletionV2(w, desc) }},
	{"zsh", "ffprobe-api.zsh", `Needs compinit ("autoload -U compinit; compinit" in ~/.zshrc). Packages
install the script to /usr/share/zsh/vendor-completions/_ffprobe-api (Debian)
or /usr/share/zsh/site-functions/_ffprobe-api (RPM). By hand, into a folder
of $fpath:

  ffprobe-api completion zsh > "${fpath[1]}/_ffprobe-api"`,
		func(root *cobra.Command, w io.Writer, desc bool) error {
			if desc {
				return root.GenZshCompletion(w)
			}
			return root.GenZshCompletionNoDesc(w)
		}},
	{"fish", "ffprobe-api.fish", `Packages install the script to
/usr/share/fish/vendor_completions.d/ffprobe-api.fish. By hand:

  ffprobe-api completion fish > ~/.config/fish/completions/ffprobe-api.fish`,
		func(root *cobra.Command, w io.Writer, desc bool) error { return root.GenFishCompletion(w, desc) }},
	{"powershell", "ffprobe-api.ps1", `To load it in every session, add the line below to your PowerShell profile
($PROFILE):

  ffprobe-api completion powershell | Out-String | Invoke-Expression`,
		func(root *cobra.Command, w io.Writer, desc bool) error {
			if desc {
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return root.GenPowerShellCompletion(w)
		}},
}

// newCompletionCmd replaces cobra's default completion command with one
// whose help says where packages put the scripts and has examples.
func newCompletionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for bash, zsh, fish or PowerShell",
		Long: `Print the script that makes the shell complete ffprobe-api's commands, flags
and values: output formats, policy presets, log levels, and media files for
probe and scan. The Debian and RPM packages already install it for bash, zsh
and fish; the release archives carry it under completions/.`,
		Example: `  source <(ffprobe-api completion bash)
  ffprobe-api completion zsh > "${fpath[1]}/_ffprobe-api"
  ffprobe-api completion fish | source`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	for _, sh := range completionShells {
		write := sh.write
		sub := &cobra.Command{
			Use:   sh.Name,
			Short: "Print the completion script for " + sh.Name,
			Long: fmt.Sprintf("Print the completion script for %s on standard output.\n\n%s",
				sh.Name, sh.Install),
			Example:           completionExample(sh.Name),
			Args:              cobra.NoArgs,
			ValidArgsFunction: cobra.NoFileCompletions,
			RunE: func(cmd *cobra.Command, _ []string) error {
				noDesc, _ := cmd.Flags().GetBool("no-descriptions")
				return write(cmd.Root(), cmd.OutOrStdout(), !noDesc)
			},
		}
		sub.Flags().Bool("no-descriptions", false, "complete without the one-line descriptions")
		cmd.AddCommand(sub)
	}
	return cmd
}

func completionExample(shell string) string {
	switch shell {
	case "bash":
		return "  source <(ffprobe-api completion bash)"
	case "zsh":
		return "  source <(ffprobe-api completion zsh)"
	case "fish":
		return "  ffprobe-api completion fish | source"
	default:
		return "  ffprobe-api completion powershell | Out-String | Invoke-Expression"
	}
}

// registerCompletions finishes the command tree for shell completion: it
// adds the completion command (unless there is one) and registers the
// dynamic completions of flagCompletions and argCompletions on every
// command that has no completion of its own. Call it once the tree is
// built; calling it again changes nothing.
func registerCompletions(root *cobra.Command) {
	if !hasSubcommand(root, "completion") {
		root.AddCommand(newCompletionCmd())
	}
	forEachCommand(root, func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			_, done := c.GetFlagCompletionFunc(f.Name)
			if complete := flagCompletions[f.Name]; complete != nil && !done {
				_ = c.RegisterFlagCompletionFunc(f.Name, complete)
			}
		})
		if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
			c.ValidArgsFunction = argCompletions[strings.TrimPrefix(c.CommandPath(), root.Name()+" ")]
		}
	})
}

func hasSubcommand(c *cobra.Command, name string) bool {
	for _, sub := range c.Commands() {
		if sub.Name() == name {
			return true
		}
	}
	return false
}

// forEachCommand calls visit on c and every command below it.
func forEachCommand(c *cobra.Command, visit func(*cobra.Command)) {
	visit(c)
	for _, sub := range c.Commands() {
		forEachCommand(sub, visit)
	}
}

// flagCompletions complete flags by name, on whichever command they are.
var flagCompletions = map[string]cobra.CompletionFunc{
	"log-level":  cobra.FixedCompletions([]string{"debug", "info", "warn", "error"}, cobra.ShellCompDirectiveNoFileComp),
	"log-format": cobra.FixedCompletions([]string{"auto", "text", "json"}, cobra.ShellCompDirectiveNoFileComp),
	"sections":   cobra.FixedCompletions([]string{"format", "streams", "chapters", "programs"}, cobra.ShellCompDirectiveNoFileComp),
	"ext":        cobra.FixedCompletions(scan.DefaultExtensions, cobra.ShellCompDirectiveNoFileComp),
	"policy":     completePolicy,
	"config":     filesWithExtensions("yaml", "yml"),
	"junit":      filesWithExtensions("xml"),
	"temp-dir":   directories,
}

// argCompletions complete the arguments of commands, by path below the root.
var argCompletions = map[string]cobra.CompletionFunc{
	"probe":        filesWithExtensions(scan.DefaultExtensions...),
	"scan":         filesWithExtensions(scan.DefaultExtensions...), // shells offer folders too
	"diff":         filesWithExtensions(append([]string{"json"}, scan.DefaultExtensions...)...),
	"policy show":  completePolicy,
	"policy check": completePolicy,
}

// completePolicy offers preset:NAME while what is typed could be one, and
// YAML files otherwise.
func completePolicy(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	const prefix = "preset:"
	if !strings.HasPrefix(prefix, toComplete) && !strings.HasPrefix(toComplete, prefix) {
		return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	var presets []cobra.Completion
	for _, name := range policy.Presets() {
		if strings.HasPrefix(prefix+name, toComplete) {
			presets = append(presets, prefix+name)
		}
	}
	return presets, cobra.ShellCompDirectiveNoFileComp
}

// filesWithExtensions completes file names ending in one of exts (and the
// folders on the way to them).
func filesWithExtensions(exts ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(exts, cobra.ShellCompDirectiveFilterFileExt)
}

func directories(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

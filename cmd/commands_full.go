//go:build !lean

package cmd

import "github.com/spf13/cobra"

// addSubcommands gives the complete binary (ffprobe-api-full, or
// ffprobe-api when built without the lean tag, as `go install` does) every
// command.
func addSubcommands(root *cobra.Command, a *app) {
	root.AddCommand(
		newProbeCmd(a),
		newScanCmd(a),
		newDiffCmd(a),
		newPolicyCmd(a),
		newServeCmd(a),
		markFlagsOnly(newUsersCmd(a), "output"),
		markFlagsOnly(newKeysCmd(a), "output"),
		newDBCmd(a),
		newConfigCmd(a),
		newDoctorCmd(a),
		newVersionCmd(a),
	)
	registerCompletions(root)
}

// handOff hands nothing on: the complete binary runs every command itself.
func handOff(*cobra.Command, []string) (code int, handed bool) { return 0, false }

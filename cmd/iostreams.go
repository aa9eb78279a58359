package cmd

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the standard streams a command reads and writes, injected so
// that tests can run every command in process and output can adapt to a
// terminal (tables, colour) or a pipe (stable machine formats).
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY  bool // stdin is a terminal
	OutTTY bool // stdout is a terminal
	ErrTTY bool // stderr is a terminal
	Color  bool // colour allowed on stdout (a terminal and NO_COLOR unset)
}

// SystemStreams returns the process's own streams.
func SystemStreams() *IOStreams {
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: isTTY(os.Stdin), OutTTY: isTTY(os.Stdout), ErrTTY: isTTY(os.Stderr),
	}
	s.Color = s.OutTTY && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	return s
}

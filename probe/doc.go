// Package probe runs ffprobe, hardened against hostile input, and turns its
// JSON into a typed Report and a derived Summary.
//
// It is the one library behind every front door: the CLI's probe and scan
// commands and the HTTP server get identical facts for the same bytes.
// probe imports nothing else of this module.
package probe

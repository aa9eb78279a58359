//go:build unix

// Package canary proves that a file was never opened: a FIFO whose
// opening for reading is noticed. Tests of the ffprobe hardening plant one
// where a hostile playlist points and assert it stayed closed.
package canary

import (
	"os"
	"sync/atomic"
	"syscall"
	"testing"
)

// FIFO tells whether anything opened it for reading: a goroutine blocks
// opening it for writing, and that open returns only when a reader comes.
// If the reader is ffprobe and it reads, it waits for the goroutine to
// close its end, which happens after the goroutine has noted the open — so
// the note is there before ffprobe can finish.
type FIFO struct {
	path      string
	releasing atomic.Bool
	opened    atomic.Bool
	done      chan struct{}
}

// New makes the FIFO at path; it is released and removed when t ends.
func New(t testing.TB, path string) *FIFO {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo %s: %v", path, err)
	}
	c := &FIFO{path: path, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		if !c.releasing.Load() {
			c.opened.Store(true)
		}
		f.Close()
	}()
	t.Cleanup(func() { c.release(); os.Remove(path) })
	return c
}

// Path is where the FIFO is.
func (c *FIFO) Path() string { return c.path }

// release unblocks the writer by opening the read side ourselves.
func (c *FIFO) release() {
	if c.releasing.Swap(true) {
		return
	}
	if r, err := os.OpenFile(c.path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		defer r.Close()
	}
	<-c.done
}

// WasOpened releases the FIFO and reports whether something else opened it.
func (c *FIFO) WasOpened() bool {
	c.release()
	return c.opened.Load()
}

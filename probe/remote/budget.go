package remote

import (
	"fmt"
	"io"
	"sync/atomic"
)

// budget counts the bytes a session takes from origins (response bodies)
// and refuses more than max.
type budget struct {
	max  int64
	used atomic.Int64
}

func (b *budget) exceeded() error {
	return fmt.Errorf("remote: %w (%d bytes); raise the byte budget, or use a file with its index at the front (faststart)",
		ErrBudgetExceeded, b.max)
}

// reserve fails when n more bytes would pass the budget.
func (b *budget) reserve(n int64) error {
	if b.used.Load()+n > b.max {
		return b.exceeded()
	}
	return nil
}

// reader counts what is read from r, and fails with ErrBudgetExceeded as
// soon as the total passes the budget (reading at most one byte more).
func (b *budget) reader(r io.Reader) io.Reader { return &budgetReader{r: r, b: b} }

type budgetReader struct {
	r io.Reader
	b *budget
}

func (br *budgetReader) Read(p []byte) (int, error) {
	left := br.b.max - br.b.used.Load()
	if left < 0 {
		return 0, br.b.exceeded()
	}
	if int64(len(p)) > left+1 {
		p = p[:left+1]
	}
	n, err := br.r.Read(p)
	if br.b.used.Add(int64(n)) > br.b.max {
		return n, br.b.exceeded()
	}
	return n, err
}

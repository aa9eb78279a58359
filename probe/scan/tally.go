package scan

import (
	"cmp"
	"slices"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// Tally is what a scan did, for its closing summary.
type Tally struct {
	OK      int // analysed, probed or from the cache
	Failed  int // could not be analysed (unreadable entries included)
	Cached  int // of OK and Failed, how many came from the cache
	Skipped map[SkipReason]int
	// Duration (seconds) and Size (bytes) are the totals over the files
	// analysed.
	Duration float64
	Size     int64
	// Containers, VideoCodecs and AudioCodecs count the files analysed by
	// container and by the codec of their first video stream (cover art
	// left out) and first audio stream.
	Containers  map[string]int
	VideoCodecs map[string]int
	AudioCodecs map[string]int
	// Failures are the files that could not be analysed, in the order they
	// finished.
	Failures []Outcome
	// Policy is nil when no policy was set.
	Policy *PolicyTally
	// CacheErrors counts the outcomes that could not be read from or saved
	// to the cache; LastCacheErr is the last such error.
	CacheErrors  int
	LastCacheErr error
	// Interrupted is true when the scan was cancelled; Unfinished files
	// were found but not analysed.
	Interrupted bool
	Unfinished  int
	Elapsed     time.Duration
}

// PolicyTally is how the files analysed fared against the policy.
type PolicyTally struct {
	Name string
	// Passed files have no error-severity violation; Violating files have
	// at least one; Warned files (passed or not) have a warning.
	Passed, Violating, Warned int
	// Rules counts outcomes per rule name; RuleNames lists them in the
	// policy's order.
	Rules     map[string]*RuleTally
	RuleNames []string
	// Violations are the files with a failed rule, error or warning, in the
	// order they finished.
	Violations []Outcome
}

// RuleTally counts one rule's outcomes over all files (and streams).
type RuleTally struct {
	Passed, Failed, Skipped int
}

func newPolicyTally(p *policy.Policy) *PolicyTally {
	t := &PolicyTally{Name: p.Name, Rules: map[string]*RuleTally{}}
	for _, r := range p.Rules {
		if t.Rules[r.Name] == nil {
			t.Rules[r.Name] = &RuleTally{}
			t.RuleNames = append(t.RuleNames, r.Name)
		}
	}
	return t
}

func newTally() *Tally {
	return &Tally{
		Skipped:    map[SkipReason]int{},
		Containers: map[string]int{}, VideoCodecs: map[string]int{}, AudioCodecs: map[string]int{},
	}
}

// Total is the number of files analysed or failed.
func (t *Tally) Total() int { return t.OK + t.Failed }

// SkippedTotal is the number of files skipped for any reason.
func (t *Tally) SkippedTotal() int {
	n := 0
	for _, c := range t.Skipped {
		n += c
	}
	return n
}

func (t *Tally) add(o Outcome) {
	if o.Cached {
		t.Cached++
	}
	if o.CacheErr != nil {
		t.CacheErrors++
		t.LastCacheErr = o.CacheErr
	}
	if o.Status != StatusOK {
		t.Failed++
		t.Failures = append(t.Failures, o)
		return
	}
	t.OK++
	s := o.Result.Summary
	t.Duration += s.Duration
	t.Size += o.Size
	t.Containers[cmp.Or(s.Container, "unknown")]++
	for _, v := range s.Video {
		if !v.AttachedPic {
			t.VideoCodecs[cmp.Or(v.Codec, "unknown")]++
			break
		}
	}
	if len(s.Audio) > 0 {
		t.AudioCodecs[cmp.Or(s.Audio[0].Codec, "unknown")]++
	}
	if t.Policy != nil && o.Policy != nil {
		t.Policy.add(o)
	}
}

func (p *PolicyTally) add(o Outcome) {
	r := o.Policy
	if r.OK() {
		p.Passed++
	} else {
		p.Violating++
	}
	if r.Warnings() > 0 {
		p.Warned++
	}
	if r.Errors()+r.Warnings() > 0 {
		p.Violations = append(p.Violations, o)
	}
	for _, out := range r.Outcomes {
		rt := p.Rules[out.Rule]
		if rt == nil {
			rt = &RuleTally{}
			p.Rules[out.Rule] = rt
			p.RuleNames = append(p.RuleNames, out.Rule)
		}
		switch {
		case out.Skipped:
			rt.Skipped++
		case out.Passed:
			rt.Passed++
		default:
			rt.Failed++
		}
	}
}

// Count is one line of a breakdown.
type Count struct {
	Name  string
	Count int
}

// Ranked lists a breakdown most frequent first, then by name.
func Ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for name, n := range m {
		out = append(out, Count{name, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	return out
}

package policy

import "strings"

// suggestion returns "; did you mean PREFIX+NAME?" for the candidate closest
// to name, or "" when none is close. Candidates are in declaration order,
// which breaks ties.
func suggestion(prefix, name string, candidates []string) string {
	best, bestScore := "", -1
	for _, c := range candidates {
		score, ok := closeness(name, c)
		if ok && (bestScore < 0 || score < bestScore) {
			best, bestScore = c, score
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + prefix + best + "?"
}

// closeness scores how alike a and b are, lower is closer, and says
// whether they are alike enough to suggest one for the other. A small typo
// (vidoe → video) beats one name starting with the other (video_codecs →
// video, codec → codec_name), which beats one containing the other.
func closeness(a, b string) (int, bool) {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	d := editDistance(la, lb)
	short, long := la, lb
	if len(short) > len(long) {
		short, long = long, short
	}
	switch {
	case d <= max(1, min(len(la), len(lb))/3):
		return d, true
	case len(short) >= 3 && strings.HasPrefix(long, short):
		return 1000 + d, true
	case len(short) >= 3 && strings.Contains(long, short):
		return 2000 + d, true
	}
	return 0, false
}

// editDistance is the optimal string alignment distance between a and b,
// in bytes: insertions, deletions, substitutions and swaps of neighbours
// (vidoe → video) cost 1 each.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

#!/usr/bin/env bash
# Runs every fuzz target for a short while (FUZZTIME, default 20000x: a
# count of executions each) on top of its committed seed corpus
# (testdata/fuzz/). CI runs it; a crash fails the run and leaves the failing
# input under testdata/fuzz/ to commit.
#
# A count, not a duration: with a duration Go 1.26's fuzz coordinator can
# report a spurious "context deadline exceeded" failure when the time runs
# out (golang/go#75804, fixed in Go 1.27), which a loaded CI machine hits.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-20000x}"
targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort)
[ -n "$targets" ] || { echo "no fuzz targets found" >&2; exit 1; }
for file in $targets; do
	pkg="./$(dirname "${file#./}")"
	for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
		echo "fuzz $pkg $fn for $fuzztime"
		go test "$pkg" -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime"
	done
done

#!/usr/bin/env bash
# Runs every fuzz target for a short time (FUZZTIME, default 10s each) on
# top of its committed seed corpus (testdata/fuzz/). CI runs it; a crash
# fails the run and leaves the failing input under testdata/fuzz/ to commit.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-10s}"
targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort)
[ -n "$targets" ] || { echo "no fuzz targets found" >&2; exit 1; }
for file in $targets; do
	pkg="./$(dirname "${file#./}")"
	for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
		echo "fuzz $pkg $fn for $fuzztime"
		go test "$pkg" -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime"
	done
done

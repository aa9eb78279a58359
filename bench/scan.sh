#!/usr/bin/env bash
# Scan benchmarks, reported in docs/benchmarks.md ("Scan"):
#   1. throughput of `ffprobe-api scan --no-cache` against plain ffprobe run
#      in parallel by xargs over the same files (target: >= 0.95x);
#   2. the speed-up of a rescan of the unchanged tree, answered from the
#      cache, over the first scan that filled it (target: >= 50x).
# The tree is the media corpus (../shared/corpus, or $FFPROBE_API_TEST_CORPUS)
# hard-linked COPIES times, else generated samples.
# Usage: bench/scan.sh [RUNS] [COPIES]   (defaults 5 and 2)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
copies="${2:-2}"
bin=bin/ffprobe-api
jobs=$(nproc)
make -s build # always: a stale binary would measure old code
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"

# The corpus files with a media extension; both sides probe every file of
# the tree (scan with --all-files).
exts='3g2 3gp aac ac3 aif aiff ape ass avi dff dsf eac3 flac flv gif h264 h265 hevc 264 265 isma ismt ivf jpg jpeg m4a m4b m4s m4v mid mkv mov mp3 mp4 mpc ofr ogg oggflac oggtheora opus png scc spx srt tak tta ttml vvc wav webm wma wv cmfv ts'
corpus="${FFPROBE_API_TEST_CORPUS:-../shared/corpus}"
for c in $(seq "$copies"); do
	mkdir -p "$tree/$c"
	if [ -f "$corpus/MANIFEST.tsv" ]; then
		for f in "$corpus"/*/*; do
			ext="${f##*.}"; ext="${ext,,}"
			case " $exts " in *" $ext "*) ln "$f" "$tree/$c/$(basename "$f")" 2>/dev/null || cp "$f" "$tree/$c/";; esac
		done
	else
		for i in 1 2 3 4 5 6 7 8 9 10; do
			ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$i" \
				-f lavfi -i "sine=frequency=440:duration=$i" -c:v libx264 -c:a aac "$tree/$c/clip$i.mp4"
		done
	fi
done
files=$(find "$tree" -type f | wc -l)

now() { date +%s%N; }
time_raw() {
	local t0; t0=$(now)
	find "$tree" -type f -print0 | xargs -0 -P"$jobs" -n1 ffprobe -v error -show_format -show_streams -of json >/dev/null 2>&1 || true
	echo $(($(now) - t0))
}
time_scan() { # time_scan ARGS...: one scan of the tree
	local t0; t0=$(now)
	"$bin" scan --log-level warn --all-files -q -o ndjson "$@" "$tree" >/dev/null || true
	echo $(($(now) - t0))
}

# Machine noise (other work on the same cores) moves whole runs, so the two
# sides alternate, each going first in every other run, and the ratio
# reported is the median of the per-run ratios.
find "$tree" -type f -print0 | xargs -0 cat >/dev/null # warm the page cache
: >"$work/ratios"
raw=0 ours=0
for i in $(seq "$runs"); do
	if [ $((i % 2)) -eq 1 ]; then r=$(time_raw); o=$(time_scan --no-cache); else o=$(time_scan --no-cache); r=$(time_raw); fi
	raw=$((raw + r)); ours=$((ours + o))
	awk -v r="$r" -v o="$o" 'BEGIN { printf "%.4f\n", r / o }' >>"$work/ratios"
done
median=$(sort -n "$work/ratios" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')

db="sqlite:$work/scan.db"
first=$(time_scan --db "$db")
rescan=0
for _ in $(seq "$runs"); do rescan=$((rescan + $(time_scan --db "$db"))); done

awk -v r="$raw" -v o="$ours" -v n="$runs" -v f="$files" -v j="$jobs" -v m="$median" -v first="$first" -v re="$rescan" 'BEGIN {
	printf "scan, %d files, %d jobs, %d runs each (alternating)\n", f, j, n
	printf "  xargs -P%d ffprobe -show_format -show_streams: %8.2f s/run  %7.1f files/s\n", j, r / n / 1e9, f * n / (r / 1e9)
	printf "  ffprobe-api scan --no-cache:                 %8.2f s/run  %7.1f files/s\n", o / n / 1e9, f * n / (o / 1e9)
	printf "  throughput ffprobe-api / xargs ffprobe:      %8.2fx  median of the runs (%.2fx over all; target >= 0.95x)\n", m, r / o
	printf "  first scan into the cache:                   %8.2f s\n", first / 1e9
	printf "  rescan of the unchanged tree:                %8.3f s/run\n", re / n / 1e9
	printf "  rescan speed-up:                             %8.1fx  (target >= 50x)\n", first / (re / n)
}'

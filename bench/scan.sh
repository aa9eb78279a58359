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

# measure CMD...: "WALL CPU" in seconds for one run of CMD (bash's time
# keyword: CPU is user + system time of every process it waited for).
measure() {
	local TIMEFORMAT='%3R %3U %3S' t
	t=$({ time "$@" >/dev/null 2>&1; } 2>&1)
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}
raw_once() {
	find "$tree" -type f -print0 | xargs -0 -P"$jobs" -n1 ffprobe -v error -show_format -show_streams -of json || true
}
scan_once() { # scan_once ARGS...: one scan of the tree
	"$bin" scan --log-level warn --all-files -q -o ndjson "$@" "$tree" || true
}

# Machine noise (other work on the same cores) moves whole runs, so the two
# sides alternate, each going first in every other run, and the ratio
# reported is the median of the per-run ratios.
find "$tree" -type f -print0 | xargs -0 cat >/dev/null # warm the page cache
: >"$work/runs"
for i in $(seq "$runs"); do
	if [ $((i % 2)) -eq 1 ]; then r=$(measure raw_once); o=$(measure scan_once --no-cache); else o=$(measure scan_once --no-cache); r=$(measure raw_once); fi
	echo "$r $o" >>"$work/runs" # raw wall, raw CPU, scan wall, scan CPU
done
median=$(awk '{ print $1 / $3 }' "$work/runs" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
read -r raw rawcpu ours ourscpu < <(awk '{ a += $1; b += $2; c += $3; d += $4 } END { print a, b, c, d }' "$work/runs")

db="sqlite:$work/scan.db"
first=$(measure scan_once --db "$db" | cut -d' ' -f1)
rescan=0
for _ in $(seq "$runs"); do rescan=$(awk -v a="$rescan" -v b="$(measure scan_once --db "$db" | cut -d' ' -f1)" 'BEGIN { print a + b }'); done

awk -v r="$raw" -v rc="$rawcpu" -v o="$ours" -v oc="$ourscpu" -v n="$runs" -v f="$files" -v j="$jobs" -v m="$median" -v first="$first" -v re="$rescan" 'BEGIN {
	printf "scan, %d files, %d jobs, %d runs each (alternating)\n", f, j, n
	printf "  xargs -P%d ffprobe -show_format -show_streams: %8.2f s/run  %7.1f files/s  %7.2f s CPU/run\n", j, r / n, f * n / r, rc / n
	printf "  ffprobe-api scan --no-cache:                 %8.2f s/run  %7.1f files/s  %7.2f s CPU/run\n", o / n, f * n / o, oc / n
	printf "  throughput ffprobe-api / xargs ffprobe:      %8.2fx  median of the runs (%.2fx over all; target >= 0.95x)\n", m, r / o
	printf "  CPU time xargs ffprobe / ffprobe-api:        %8.2fx  over all\n", rc / oc
	printf "  first scan into the cache:                   %8.2f s\n", first
	printf "  rescan of the unchanged tree:                %8.3f s/run\n", re / n
	printf "  rescan speed-up:                             %8.1fx  (target >= 50x)\n", first / (re / n)
}'

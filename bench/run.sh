#!/usr/bin/env bash
# Compares `ffprobe-api probe` against raw ffprobe on the same small file,
# in one run, alternating them so machine noise hits all alike, and prints
# the ratio. bin/ffprobe-api is the lean binary make build installs;
# bin/ffprobe-api-full, the complete one (what `go install` builds), is
# measured beside it. Usage: bench/run.sh [RUNS] (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-30}"
bin=bin/ffprobe-api
full=bin/ffprobe-api-full
sample=.cache/bench/small.mp4
make -s build # always: a stale binary would measure old code
mkdir -p "$(dirname "$sample")"
[ -s "$sample" ] || ffmpeg -hide_banner -loglevel error -y \
	-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 \
	-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 \
	-c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart "$sample"

# Times are read from bash's EPOCHREALTIME (microseconds): no process is
# started between the measured ones. Machine noise (other work on the same
# cores) comes in bursts, so every run times the three commands back to
# back, in an order that rotates from run to run, and the ratios reported
# are medians of the per-run ratios; the means are printed too.
"$bin" probe -o json "$sample" >/dev/null # warm the page cache
"$full" probe -o json "$sample" >/dev/null
time_one() { # time_one raw|lean|full: microseconds of one run
	local t0=${EPOCHREALTIME/./}
	case $1 in
	raw) ffprobe -v error -show_format -show_streams -of json "$sample" >/dev/null ;;
	lean) "$bin" probe -o json "$sample" >/dev/null ;;
	full) "$full" probe -o json "$sample" >/dev/null ;;
	esac
	echo $((${EPOCHREALTIME/./} - t0))
}
orders=("raw lean full" "lean full raw" "full raw lean")
for i in $(seq "$runs"); do
	declare -A t=()
	for what in ${orders[$((i % 3))]}; do t[$what]=$(time_one "$what"); done
	echo "${t[raw]} ${t[lean]} ${t[full]}"
done | awk -v n="$runs" '
	function median(a, k,   i, j, x) { # sorts a[1..k] in place
		for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	{ r[NR] = $1; l[NR] = $2; f[NR] = $3; rl[NR] = $2 / $1; rf[NR] = $3 / $1; sr += $1; sl += $2; sf += $3 }
	END {
		printf "probe, one small file, %d runs each (back to back, rotating order)\n", n
		printf "  raw ffprobe -show_format -show_streams: %7.1f ms median, %7.1f ms mean\n", median(r, n) / 1e3, sr / n / 1e3
		printf "  ffprobe-api probe -o json:             %7.1f ms median, %7.1f ms mean\n", median(l, n) / 1e3, sl / n / 1e3
		printf "  ffprobe-api-full probe -o json:        %7.1f ms median, %7.1f ms mean\n", median(f, n) / 1e3, sf / n / 1e3
		printf "  ratio ffprobe-api / ffprobe:            %7.2fx  median of the runs (%.2fx of the means; target <= 1.10x)\n", median(rl, n), sl / sr
		printf "  ratio ffprobe-api-full / ffprobe:       %7.2fx  median of the runs (%.2fx of the means)\n", median(rf, n), sf / sr
	}'

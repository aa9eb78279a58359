#!/usr/bin/env bash
# Compares `ffprobe-api probe` against raw ffprobe on the same small file,
# in one run, alternating the two so machine noise hits both alike, and
# prints the ratio. Usage: bench/run.sh [RUNS] (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-30}"
bin=bin/ffprobe-api
sample=.cache/bench/small.mp4
[ -x "$bin" ] || make -s build
mkdir -p "$(dirname "$sample")"
[ -s "$sample" ] || ffmpeg -hide_banner -loglevel error -y \
	-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 \
	-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 \
	-c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart "$sample"

now() { date +%s%N; }
ours=0 raw=0
"$bin" probe -o json "$sample" >/dev/null # warm the page cache
for _ in $(seq "$runs"); do
	t0=$(now); ffprobe -v error -show_format -show_streams -of json "$sample" >/dev/null; t1=$(now)
	"$bin" probe -o json "$sample" >/dev/null; t2=$(now)
	raw=$((raw + t1 - t0)); ours=$((ours + t2 - t1))
done
awk -v o="$ours" -v r="$raw" -v n="$runs" 'BEGIN {
	printf "probe, one small file, %d runs each (alternating)\n", n
	printf "  raw ffprobe -show_format -show_streams: %7.1f ms/run\n", r / n / 1e6
	printf "  ffprobe-api probe -o json:             %7.1f ms/run\n", o / n / 1e6
	printf "  ratio ffprobe-api / ffprobe:            %7.2fx  (target <= 1.10x)\n", o / r
}'

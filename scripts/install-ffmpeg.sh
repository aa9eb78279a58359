#!/usr/bin/env sh
# Installs FFmpeg (ffmpeg + ffprobe) when either is missing, with whichever
# package manager this machine has. Safe to run again: it does nothing when
# both are present.
set -eu

if command -v ffprobe >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
fi

echo "ffmpeg/ffprobe not found; installing FFmpeg…" >&2
if command -v apt-get >/dev/null 2>&1; then
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ffmpeg
elif command -v dnf >/dev/null 2>&1; then
	# Fedora ships ffmpeg-free in the main repositories.
	$SUDO dnf install -y ffmpeg-free || $SUDO dnf install -y ffmpeg
elif command -v apk >/dev/null 2>&1; then
	$SUDO apk add --no-cache ffmpeg
elif command -v brew >/dev/null 2>&1; then
	brew install ffmpeg
else
	echo "error: no supported package manager (apt-get, dnf, apk, brew) found." >&2
	echo "Install FFmpeg 5.1 or newer yourself (https://ffmpeg.org/download.html) so that" >&2
	echo "'ffprobe' and 'ffmpeg' are on PATH, or set FFPROBE_API_FFPROBE to the ffprobe binary." >&2
	exit 1
fi

if ! command -v ffprobe >/dev/null 2>&1; then
	echo "error: FFmpeg was installed but ffprobe is still not on PATH ($PATH)." >&2
	exit 1
fi
echo "installed: $(ffprobe -version | head -n 1)" >&2

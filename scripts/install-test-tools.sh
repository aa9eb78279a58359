#!/usr/bin/env sh
# Installs the tools only the test suite needs, when missing: bash-completion
# (the completion tests drive bash's real completion) and groff (the man
# page tests render every page). Best effort on apt-get, dnf, apk and brew;
# without them the tests that need these skip, or fail under
# FFPROBE_API_TEST_REQUIRE=1.
set -eu

need=""
[ -f /usr/share/bash-completion/bash_completion ] || [ -f /etc/bash_completion ] || need="$need bash-completion"
command -v groff >/dev/null 2>&1 || need="$need groff"
[ -n "$need" ] || exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
fi
echo "installing test tools:$need" >&2
if command -v apt-get >/dev/null 2>&1; then
	pkgs=$(echo "$need" | sed 's/groff/groff-base/')
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs
elif command -v dnf >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	$SUDO dnf install -y $need
elif command -v apk >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	$SUDO apk add --no-cache $need
elif command -v brew >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	brew install $need
else
	echo "warning: no supported package manager; install$need yourself" >&2
fi

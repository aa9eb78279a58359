#!/usr/bin/env bash
# Checks the release set-up (.goreleaser.yaml, deploy/systemd, deploy/nfpm).
#
#   scripts/release-check.sh check      goreleaser check only (CI runs this)
#   scripts/release-check.sh [build]    check, then a snapshot build for this
#                                       machine whose `version` must print the
#                                       snapshot version, and the systemd unit
#                                       verified (make release-check)
#   scripts/release-check.sh packages   check, then the whole snapshot release
#                                       (every platform, archives, deb, rpm)
#                                       and the packages' contents checked
#
# goreleaser is installed once per machine into $(go env GOPATH)/bin; the
# first install compiles it (minutes, ~1.3 GB of memory), later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."

GORELEASER_VERSION=v2.15.1 # newer ones need a newer Go than go.mod's
mode=${1:-build}

goreleaser_bin() {
	local bin
	bin="$(go env GOBIN)"
	bin="${bin:-$(go env GOPATH | cut -d: -f1)/bin}/goreleaser"
	if [[ ! -x $bin ]] || ! "$bin" --version 2>/dev/null | grep -q "GitVersion: *$GORELEASER_VERSION\$"; then
		echo "installing goreleaser $GORELEASER_VERSION into $(dirname "$bin") (once per machine; takes minutes)…" >&2
		GOFLAGS= go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION" >&2
	fi
	echo "$bin"
}

# goreleaser reads the repository URL from the git remote and, without one
# (a CI clone whose remote was removed), drops all git facts from a snapshot:
# give it the project's URL for this run only.
use_project_url_without_remote() {
	if [[ -z "$(git remote 2>/dev/null)" ]]; then
		export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url
		export GIT_CONFIG_VALUE_0=https://github.com/ffprobe-api/ffprobe-api.git
	fi
}

snapshot_version() { sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json; }

check_snapshot_binary() {
	local version bin out
	version="$(snapshot_version)"
	bin="$(find dist -type f -name ffprobe-api -path "*$(go env GOOS)_$(go env GOARCH)*" | head -n 1)"
	out="$("$bin" version)"
	if [[ -z $version || $out != "ffprobe-api $version "* ]]; then
		echo "error: $bin version printed '${out%%$'\n'*}', want the snapshot version '$version'" >&2
		exit 1
	fi
	echo "ok: $bin reports $version"
	# The lean binary hands serve to ffprobe-api-full, which goreleaser
	# builds into a folder of its own: put the two side by side, as the
	# archives and packages do.
	local pair
	pair="$(mktemp -d)"
	cp "$bin" "$pair/ffprobe-api"
	cp "$(find dist -type f -name ffprobe-api-full -path "*$(go env GOOS)_$(go env GOARCH)*" | head -n 1)" "$pair/ffprobe-api-full"
	out="$("$pair/ffprobe-api" serve --help)"
	out="${out%%$'\n'*}"
	rm -rf "$pair"
	if [[ $out != "Run the HTTP API"* ]]; then
		echo "error: ffprobe-api serve --help next to ffprobe-api-full printed '$out'" >&2
		exit 1
	fi
	echo "ok: ffprobe-api hands serve to ffprobe-api-full"
	verify_systemd_unit "$bin"
}

# verify_systemd_unit checks the unit with systemd-analyze, pointing it at
# the snapshot binary and the repository's man pages.
verify_systemd_unit() {
	if ! command -v systemd-analyze >/dev/null 2>&1; then
		echo "skip: systemd-analyze is not installed; the systemd unit is not verified"
		return
	fi
	local tmp
	tmp="$(mktemp -d)"
	mkdir -p "$tmp/man/man1"
	cp man/*.1 "$tmp/man/man1/"
	sed "s|/usr/bin/ffprobe-api|$(realpath "$1")|" deploy/systemd/ffprobe-api.service >"$tmp/ffprobe-api.service"
	MANPATH="$tmp/man" systemd-analyze verify "$tmp/ffprobe-api.service"
	echo "ok: systemd-analyze verify deploy/systemd/ffprobe-api.service"
	systemd-analyze security --offline=true "$tmp/ffprobe-api.service" 2>/dev/null | tail -n 1 || true
	rm -rf "$tmp"
}

check_packages() {
	local deb files want
	deb="$(ls dist/*_amd64.deb)"
	if command -v dpkg-deb >/dev/null 2>&1; then
		files="$(dpkg-deb -c "$deb" | awk '{print $NF}')"
		for want in ./usr/bin/ffprobe-api ./usr/bin/ffprobe-api-full ./usr/share/bash-completion/completions/ffprobe-api \
			./usr/share/zsh/vendor-completions/_ffprobe-api ./usr/share/fish/vendor_completions.d/ffprobe-api.fish \
			./usr/share/man/man1/ffprobe-api.1 ./usr/share/man/man1/ffprobe-api-serve.1 \
			./usr/lib/systemd/system/ffprobe-api.service ./etc/default/ffprobe-api; do
			grep -qx -- "$want" <<<"$files" || { echo "error: $deb lacks $want" >&2; exit 1; }
		done
	fi
	if command -v rpm >/dev/null 2>&1; then
		files="$(rpm -qlp dist/*.x86_64.rpm)"
		grep -qx /usr/share/zsh/site-functions/_ffprobe-api <<<"$files" || { echo "error: the rpm lacks the zsh completion" >&2; exit 1; }
	fi
	files="$(tar -tzf dist/ffprobe-api_*_linux_amd64.tar.gz)"
	for want in ffprobe-api ffprobe-api-full README.md LICENSE completions/ffprobe-api.bash man/ffprobe-api-probe.1; do
		grep -qx -- "$want" <<<"$files" || { echo "error: the linux_amd64 archive lacks $want" >&2; exit 1; }
	done
	echo "ok: packages and archives carry the binary, completions, man pages and the unit"
}

gr="$(goreleaser_bin)"
"$gr" check
case "$mode" in
check) ;;
build)
	use_project_url_without_remote
	"$gr" build --snapshot --clean --single-target
	check_snapshot_binary
	;;
packages)
	use_project_url_without_remote
	"$gr" release --snapshot --clean
	check_packages
	;;
*)
	echo "usage: $0 [check|build|packages]" >&2
	exit 2
	;;
esac

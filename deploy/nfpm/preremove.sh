#!/bin/sh
# Runs before the package is removed or upgraded (deb: prerm; rpm: %preun).
# On removal, stops and disables the service; on upgrade, leaves it running
# (postinstall restarts it on the new binary).
set -e

removing=false
case "$1" in
	remove|purge|0) removing=true ;; # deb: remove; rpm: 0 packages left
esac

if $removing && [ -d /run/systemd/system ]; then
	systemctl disable --now ffprobe-api.service >/dev/null 2>&1 || true
fi
exit 0

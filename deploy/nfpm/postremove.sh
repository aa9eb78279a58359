#!/bin/sh
# Runs after the package is removed (deb: postrm; rpm: %postun). The user,
# /etc/ffprobe-api and the data in /var/lib/ffprobe-api are kept, so that
# reinstalling finds the database again; deb's purge removes the data and
# the user.
set -e

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
fi

if [ "$1" = purge ]; then
	rm -rf /var/lib/ffprobe-api
	if getent passwd ffprobe-api >/dev/null 2>&1; then
		userdel ffprobe-api >/dev/null 2>&1 || true
	fi
	if getent group ffprobe-api >/dev/null 2>&1; then
		groupdel ffprobe-api >/dev/null 2>&1 || true
	fi
fi
exit 0

#!/bin/sh
# Runs after the package is installed or upgraded (deb: postinst configure;
# rpm: %post). Creates the unprivileged system user the service runs as and
# makes systemd see the unit. The service is not enabled or started here:
# `systemctl enable --now ffprobe-api` once it is configured.
set -e

user=ffprobe-api
home=/var/lib/ffprobe-api

if ! getent group "$user" >/dev/null 2>&1; then
	groupadd --system "$user"
fi
if ! getent passwd "$user" >/dev/null 2>&1; then
	nologin=$(command -v nologin 2>/dev/null || echo /usr/sbin/nologin)
	useradd --system --gid "$user" --home-dir "$home" --no-create-home \
		--shell "$nologin" --comment "ffprobe-api service" "$user"
fi

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
	# An upgrade restarts a running service on the new binary.
	systemctl try-restart ffprobe-api.service >/dev/null 2>&1 || true
fi
exit 0

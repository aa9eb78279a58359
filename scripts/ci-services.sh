#!/usr/bin/env bash
# Makes sure the Postgres and Redis that the CI suite needs are answering,
# starting the machine's own servers when they are installed but stopped.
set -uo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
	echo "starting PostgreSQL…" >&2
	pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
	echo "starting Redis…" >&2
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
for _ in $(seq 1 30); do
	pg_up && redis_up && exit 0
	sleep 1
done
pg_up || echo "warning: PostgreSQL is not answering on 127.0.0.1:5432" >&2
redis_up || echo "warning: Redis is not answering on 127.0.0.1:6379" >&2
exit 0

#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer before `npm run test:services`,
# starting the machine's own servers when they do not. Says what is missing and exits non-zero if it cannot fix it.
set -uo pipefail

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_HOST=127.0.0.1 REDIS_PORT=6379
missing=0

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -U postgres 2>/dev/null; }
redis_up() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }
wait_for() { for _ in $(seq 1 30); do "$1" && return 0; sleep 0.5; done; return 1; }

if pg_up; then
  echo "services: PostgreSQL answers on $PG_HOST:$PG_PORT"
elif ! command -v pg_ctlcluster >/dev/null || [ ! -d /etc/postgresql ] || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "services: MISSING PostgreSQL: nothing answers on $PG_HOST:$PG_PORT and no cluster is installed (apt-get install postgresql)" >&2
  missing=1
else
  echo "services: PostgreSQL is down; starting cluster $(ls /etc/postgresql | head -n1)/main"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  if wait_for pg_up; then echo "services: PostgreSQL started"; else
    echo "services: MISSING PostgreSQL: it did not come up on $PG_HOST:$PG_PORT (see /var/log/postgresql/)" >&2
    missing=1
  fi
fi

if redis_up; then
  echo "services: Redis answers on $REDIS_HOST:$REDIS_PORT"
elif ! command -v redis-server >/dev/null; then
  echo "services: MISSING Redis: nothing answers on $REDIS_HOST:$REDIS_PORT and redis-server is not installed (apt-get install redis-server)" >&2
  missing=1
else
  echo "services: Redis is down; starting redis-server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  if wait_for redis_up; then echo "services: Redis started"; else
    echo "services: MISSING Redis: it did not come up on $REDIS_HOST:$REDIS_PORT (see /var/log/redis/ci.log)" >&2
    missing=1
  fi
fi

if [ "$missing" -ne 0 ]; then
  echo "services: npm run test:services needs both; fix the above and run again" >&2
  exit 1
fi

#!/usr/bin/env bash
# Makes PostgreSQL 15 (on 127.0.0.1:5432, role/db extramile), Debian's Chromium and HAProxy (for the chaos test)
# available. Idempotent; needs root.
set -euo pipefail
updated=0
apt_install() {
  if [ "$updated" = 0 ]; then apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then apt_install postgresql; fi
if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
if [ ! -x /usr/sbin/haproxy ]; then apt_install haproxy; fi
VER=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VER main" || pg_createcluster "$VER" main >/dev/null
pg_ctlcluster "$VER" main status >/dev/null 2>&1 || pg_ctlcluster "$VER" main start
for _ in $(seq 1 150); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
pg_isready -h 127.0.0.1 -p 5432
# Cached test contexts each keep a small pool open: leave room for them and for the process-level tests.
if [ "$(runuser -u postgres -- psql -qtAc 'show max_connections')" -lt 200 ]; then
  runuser -u postgres -- psql -qc "alter system set max_connections = 200"
  pg_ctlcluster "$VER" main restart
  for _ in $(seq 1 150); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
fi
runuser -u postgres -- psql -qtAc "select 1 from pg_roles where rolname='extramile'" | grep -q 1 \
  || runuser -u postgres -- psql -qc "create role extramile login password 'extramile' createdb"
runuser -u postgres -- psql -qtAc "select 1 from pg_database where datname='extramile_test'" | grep -q 1 \
  || runuser -u postgres -- createdb -O extramile extramile_test
echo "PostgreSQL $VER on 127.0.0.1:5432, $(/usr/bin/chromium --version) and $(/usr/sbin/haproxy -v | head -1) are ready"

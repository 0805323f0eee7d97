#!/usr/bin/env bash
# Three app instances under chaos: HAProxy (Debian) round-robin in front of three instances of the packaged jar on
# one PostgreSQL, all on loopback. For MINUTES (default 10) clients send counter taps, visit batches, signed alarms,
# welfare steps and gift-certificate redemptions through HAProxy only (each sent again with the same key until
# answered), while an instance is killed with kill -9 about every 30 s (every other time the one in the middle of
# moving the alarm ladders) and started again, and PostgreSQL is restarted once (pg_ctlcluster). Afterwards it checks
# that every acknowledged visit is stored once, every alarm ladder walked once with every text sent once, every
# ledger balance exact, every notification sent, and how late each ladder step came after its deadline.
# The driver is src/test/java/app/extramile/processes/ChaosSoak.java, run by ThreeInstancesUnderChaosIT; the summary
# is printed and kept in target/chaos/<schema>/summary.txt, with each instance's and HAProxy's log beside it.
#
#   scripts/chaos-soak.sh          # 10 minutes
#   scripts/chaos-soak.sh 3        # 3 minutes
#   MAVEN_FLAGS=-o scripts/chaos-soak.sh   # Maven offline
#
# Needs root (apt-get for haproxy if missing; pg_ctlcluster) and PostgreSQL on 127.0.0.1:5432 (.ci/prepare.sh).
# Restarting PostgreSQL breaks anything else using it at that moment: on a machine shared with other builds give the
# soak a cluster of its own, e.g. pg_createcluster 15 chaos --port 5433 --start (role and database extramile_test as
# in .ci/prepare.sh), then MAVEN_FLAGS="-Dextramile.test.postgres.url=jdbc:postgresql://127.0.0.1:5433/extramile_test";
# the soak restarts whichever cluster pg_lsclusters lists on that port. Bounded: the whole run is stopped after the
# soak plus 25 minutes (build, start-up, draining, checks).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES="${1:-10}"
[[ "$MINUTES" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: $0 [minutes]" >&2; exit 2; }
if [ ! -x /usr/sbin/haproxy ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi
command -v pg_ctlcluster >/dev/null || { echo "pg_ctlcluster missing (Debian's postgresql-common)" >&2; exit 1; }

LIMIT=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 + 25 * 60 }')
read -r -a FLAGS <<<"${MAVEN_FLAGS:-}"
# Packages the jar (tests skipped), then runs only the chaos test in failsafe, with the soak's length. CI=true: a
# missing PostgreSQL or HAProxy fails the run instead of skipping it.
export CI=true
exec timeout --signal=TERM --kill-after=60 "$LIMIT" nice -n 10 ./mvnw "${FLAGS[@]}" -B verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ThreeInstancesUnderChaosIT \
  -Dextramile.chaos.minutes="$MINUTES"

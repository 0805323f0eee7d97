#!/usr/bin/env bash
# Start-up time of the packaged app with the demo village on the embedded H2 database, three ways:
#   plain     java -jar target/extramile-*.jar
#   extracted java -jar <extracted>/extramile-*.jar          (java -Djarmode=tools -jar ... extract)
#   cds       java -XX:SharedArchiveFile=extramile.jsa -jar <extracted>/extramile-*.jar
# "Ready" is /actuator/health answering UP: the app answers that only once its start-up runners are done, the
# demo village seeded and the first sweep of Who's missing run. The three take turns, RUNS rounds after one
# discarded warm-up round; the medians go to standard output. Needs the jar (./mvnw -q -DskipTests package), curl.
#
#   scripts/startup-time.sh            # 5 rounds
#   RUNS=7 JAVA_OPTS="-Xmx512m" scripts/startup-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
PORT="${PORT:-18089}"
JAVA="${JAVA:-java}"
read -r -a EXTRA <<<"${JAVA_OPTS:-}"
JAR=$(ls target/extramile-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)
[[ -n "$JAR" ]] || { echo "no target/extramile-*.jar: run ./mvnw -q -DskipTests package first" >&2; exit 1; }
WORK=target/startup-time
rm -rf "$WORK" && mkdir -p "$WORK"
NAME=$(basename "$JAR")

echo "extracting $JAR and training the class-data-sharing archive ..."
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/extracted" >/dev/null
# The training run: Spring stops right after refreshing the context, the JVM writes the archive at exit.
"$JAVA" "${EXTRA[@]}" -XX:ArchiveClassesAtExit="$WORK/extramile.jsa" -Dspring.context.exit=onRefresh \
  -jar "$WORK/extracted/$NAME" --spring.profiles.active=demo --server.port=0 >"$WORK/training.log" 2>&1
[[ -f "$WORK/extramile.jsa" ]] || { echo "no archive written, see $WORK/training.log" >&2; exit 1; }

start() { # name, then the java arguments; prints seconds to ready and the CPU seconds the app had used by then
  local name=$1 log="$WORK/$1.log"; shift
  local t0 t1 pid cpu
  t0=$(date +%s.%N)
  "$JAVA" "${EXTRA[@]}" "$@" --spring.profiles.active=demo --server.port="$PORT" >"$log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "$name ended early, see $log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s.%N)
  # utime + stime of the JVM, in clock ticks: on a shared machine the steadier figure
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")
  kill "$pid" && wait "$pid" 2>/dev/null || true
  echo "$(echo "$t1 - $t0" | bc) $cpu"
}

declare -A times cpus
for round in $(seq 0 "$RUNS"); do
  for config in plain extracted cds; do
    case $config in
      plain) r=$(start plain -jar "$JAR") ;;
      extracted) r=$(start extracted -jar "$WORK/extracted/$NAME") ;;
      cds) r=$(start cds -XX:SharedArchiveFile="$WORK/extramile.jsa" -jar "$WORK/extracted/$NAME") ;;
    esac
    read -r s c <<<"$r"
    printf 'round %d %-10s ready in %5.2f s, CPU %5.2f s, load %s\n' "$round" "$config" "$s" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
    if [[ $round -gt 0 ]]; then times[$config]+="$s "; cpus[$config]+="$c "; fi
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "median of $RUNS to ready, demo village seeded ($(nproc) CPUs, $("$JAVA" -version 2>&1 | head -1), $(date -u +%FT%RZ)):"
for config in plain extracted cds; do
  printf '  %-10s %5.2f s (%s)   CPU %5.2f s\n' "$config" "$(median "${times[$config]}")" "${times[$config]% }" \
    "$(median "${cpus[$config]}")"
done

#!/usr/bin/env bash
# Start-up time of the packaged app with the demo village on the embedded H2 database, these ways:
#   plain     java -jar target/extramile-*.jar
#   extracted java -jar <extracted>/extramile-*.jar          (java -Djarmode=tools -jar ... extract)
#   cds       java -XX:SharedArchiveFile=extramile.jsa -jar <extracted>/extramile-*.jar
#   cds-c1    the cds way with -XX:TieredStopAtLevel=1 (the quick compiler only)
#   spring-aot  the cds way with -Dspring.aot.enabled=true (the context worked out when the jar was built)
#   jdk-aot   Java 24 or later ($AOT_JAVA, else the newest under /usr/lib/jvm): its ahead-of-time cache
#             (-XX:AOTCache, trained on a whole demo start) -jar <extracted>/extramile-*.jar
#   aot       jdk-aot with -Dspring.aot.enabled=true
#   aot-c1    the aot way with -XX:TieredStopAtLevel=1 (the quick compiler only): the container image's way (ADR 14)
# "Ready" is /actuator/health answering UP: the app answers that only once its start-up runners are done, the
# demo village seeded and the first sweep of Who's missing run. The ways take turns, RUNS rounds after one
# discarded warm-up round; the medians go to standard output. Needs the jar (./mvnw -q -DskipTests package), curl.
# BEFORE=<an older jar> adds each way with that jar too ("before-cds", ...), in the same rounds.
#
#   scripts/startup-time.sh            # 5 rounds of plain, extracted, cds
#   RUNS=7 JAVA_OPTS="-Xmx512m" scripts/startup-time.sh
#   CONFIGS="cds cds-c1" BEFORE=/tmp/main.jar RUNS=3 scripts/startup-time.sh
#   CONFIGS="plain cds jdk-aot aot" RUNS=5 scripts/startup-time.sh
#   CONFIGS="cds aot aot-c1" BEFORE=/tmp/main.jar RUNS=5 scripts/startup-time.sh
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
read -r -a CONFIG_LIST <<<"${CONFIGS:-plain cds jdk-aot aot}"
BEFORE="${BEFORE:-}"

source scripts/newest-java.sh
if [[ -z "${AOT_JAVA:-}" ]]; then
  AOT_HOME=$(newest_java 24 java)
  [[ -n "$AOT_HOME" ]] && AOT_JAVA=$AOT_HOME/bin/java
fi
wants_aot() { [[ " ${CONFIG_LIST[*]} " == *" jdk-aot "* || " ${CONFIG_LIST[*]} " == *" aot"* ]]; }
if wants_aot && [[ -z "${AOT_JAVA:-}" ]]; then echo "no Java 24 or later found for the aot ways: set AOT_JAVA" >&2; exit 1; fi

train_aot() { # label, jar name, cache file, extra options: a whole demo start with -XX:AOTCacheOutput, stopped once ready
  local dir="$WORK/$1" pid
  "$AOT_JAVA" "${EXTRA[@]}" "${@:4}" -XX:AOTCacheOutput="$3" -jar "$dir/extracted/$2" --spring.profiles.active=demo \
    --server.port="$PORT" >"$3.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "the aot training start ended early, see $3.log" >&2; exit 1; }
    sleep 0.1
  done
  kill "$pid" && wait "$pid" 2>/dev/null || true
  [[ -f "$3" ]] || { echo "no aot cache written, see $3.log" >&2; exit 1; }
}

prepare() { # label, jar: extracts the jar and trains its class-data-sharing archive (and aot caches) under $WORK/label
  local dir="$WORK/$1" name
  name=$(basename "$2")
  mkdir -p "$dir"
  echo "extracting $2 and training the class-data-sharing archive ..." >&2
  "$JAVA" -Djarmode=tools -jar "$2" extract --destination "$dir/extracted" >/dev/null
  # The training run: Spring stops right after refreshing the context, the JVM writes the archive at exit.
  "$JAVA" "${EXTRA[@]}" -XX:ArchiveClassesAtExit="$dir/extramile.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dir/extracted/$name" --spring.profiles.active=demo --server.port=0 >"$dir/training.log" 2>&1
  [[ -f "$dir/extramile.jsa" ]] || { echo "no archive written, see $dir/training.log" >&2; exit 1; }
  if [[ " ${CONFIG_LIST[*]} " == *" spring-aot "* ]]; then
    "$JAVA" "${EXTRA[@]}" -XX:ArchiveClassesAtExit="$dir/spring-aot.jsa" -Dspring.aot.enabled=true \
      -Dspring.context.exit=onRefresh -jar "$dir/extracted/$name" --spring.profiles.active=demo --server.port=0 \
      >"$dir/training-spring-aot.log" 2>&1
  fi
  if wants_aot; then
    echo "training the ahead-of-time caches with $AOT_JAVA ..." >&2
    train_aot "$1" "$name" "$dir/jdk.aot"
    train_aot "$1" "$name" "$dir/app.aot" -Dspring.aot.enabled=true
  fi
}

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

run() { # label (the jar's directory under $WORK), jar, way
  local dir="$WORK/$1" name
  name=$(basename "$2")
  case $3 in
    plain) start "$1-plain" -jar "$2" ;;
    extracted) start "$1-extracted" -jar "$dir/extracted/$name" ;;
    cds) start "$1-cds" -XX:SharedArchiveFile="$dir/extramile.jsa" -jar "$dir/extracted/$name" ;;
    cds-c1) start "$1-cds-c1" -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$dir/extramile.jsa" \
      -jar "$dir/extracted/$name" ;;
    spring-aot) start "$1-spring-aot" -XX:SharedArchiveFile="$dir/spring-aot.jsa" -Dspring.aot.enabled=true \
      -jar "$dir/extracted/$name" ;;
    jdk-aot) JAVA="$AOT_JAVA" start "$1-jdk-aot" -XX:AOTCache="$dir/jdk.aot" -jar "$dir/extracted/$name" ;;
    aot) JAVA="$AOT_JAVA" start "$1-aot" -XX:AOTCache="$dir/app.aot" -Dspring.aot.enabled=true \
      -jar "$dir/extracted/$name" ;;
    aot-c1) JAVA="$AOT_JAVA" start "$1-aot-c1" -XX:TieredStopAtLevel=1 -XX:AOTCache="$dir/app.aot" \
      -Dspring.aot.enabled=true -jar "$dir/extracted/$name" ;;
    *) echo "unknown way $3" >&2; exit 1 ;;
  esac
}

prepare this "$JAR"
LABELS=(this)
if [[ -n "$BEFORE" ]]; then
  prepare before "$BEFORE"
  LABELS=(before this)
fi
declare -A jars=([this]="$JAR" [before]="$BEFORE")
ROWS=()
for label in "${LABELS[@]}"; do
  for config in "${CONFIG_LIST[@]}"; do
    if [[ $label == before ]]; then ROWS+=("before-$config"); else ROWS+=("$config"); fi
  done
done

declare -A times cpus
for round in $(seq 0 "$RUNS"); do
  for row in "${ROWS[@]}"; do
    if [[ $row == before-* ]]; then label=before; config=${row#before-}; else label=this; config=$row; fi
    r=$(run "$label" "${jars[$label]}" "$config")
    read -r s c <<<"$r"
    printf 'round %d %-16s ready in %5.2f s, CPU %5.2f s, load %s\n' "$round" "$row" "$s" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
    if [[ $round -gt 0 ]]; then times[$row]+="$s "; cpus[$row]+="$c "; fi
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "median of $RUNS to ready, demo village seeded ($(nproc) CPUs, $("$JAVA" -version 2>&1 | head -1)${AOT_JAVA:+; aot ways: $("$AOT_JAVA" -version 2>&1 | head -1)}, $(date -u +%FT%RZ)):"
for row in "${ROWS[@]}"; do
  printf '  %-16s %5.2f s (%s)   CPU %5.2f s (%s)\n' "$row" "$(median "${times[$row]}")" "${times[$row]% }" \
    "$(median "${cpus[$row]}")" "${cpus[$row]% }"
done

#!/usr/bin/env bash
# The file tree of the container image, for Jib to pack on top of an empty ("scratch") base: nothing is pulled
# from a registry (see docs/adr/0011-container-image-without-a-registry.md).
#
#   scripts/image-root.sh <app jar> <output directory>
#
#   /opt/java   a Java runtime cut with jlink, with its default class-data-sharing archive, from the newest JDK of
#               version 24 or later on this machine (or IMAGE_JAVA_HOME), else from the building JDK
#   /lib, /lib64, /usr/lib   the shared libraries that runtime links (glibc, zlib, libstdc++, ...), from this machine
#   /etc        passwd and group with the user extramile (10001), who runs the app
#   /app        the jar extracted (java -Djarmode=tools -jar ... extract): extramile.jar and lib/
#   /app/extramile.aot   the app's ahead-of-time cache (Java 24 and later: classes loaded and linked, method
#               profiles), or /app/extramile.jsa, its class-data-sharing archive (Java 17), from a training start
#               (the demo village) inside this very tree (chroot), so its paths and file times are the image's
#   /app/java.args       the java options that use it, with Spring's ahead-of-time context (-Dspring.aot.enabled):
#               the entrypoint reads them (java @/app/java.args); see docs/adr/0014-start-fast.md. The training start
#               runs with the quick compiler only, as the image's JDK_JAVA_OPTIONS does.
#   /data       where the app keeps its H2 database and erasure record (a volume)
#
# The training run needs root or unprivileged user namespaces (unshare), as CI and Debian have.
set -euo pipefail

JAR=$(realpath "$1")
ROOT=$2
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
source "$(dirname "$0")/newest-java.sh"
# The image's Java: IMAGE_JAVA_HOME, else the newest JDK of version 24 or later under /usr/lib/jvm (its ahead-of-time
# cache starts the app in about half the time Java 17's class-data sharing does, ADR 14), else the building JDK.
IMAGE_JAVA_HOME=${IMAGE_JAVA_HOME:-$(newest_java 24 jlink)}
IMAGE_JAVA_HOME=${IMAGE_JAVA_HOME:-$JAVA_HOME}
IMAGE_JAVA=$(java_major "$IMAGE_JAVA_HOME")
if [[ "$IMAGE_JAVA" -ge 24 ]]; then
  CACHE=/app/extramile.aot
  TRAIN_OPTION=-XX:AOTCacheOutput=$CACHE
  RUN_OPTION=-XX:AOTCache=$CACHE
  COMPRESS=zip-6
else
  CACHE=/app/extramile.jsa
  TRAIN_OPTION=-XX:ArchiveClassesAtExit=$CACHE
  RUN_OPTION=-XX:SharedArchiveFile=$CACHE
  COMPRESS=2
fi
echo "image runtime: Java $IMAGE_JAVA from $IMAGE_JAVA_HOME, start-up cache $CACHE" >&2
# Java modules the app uses (jdeps on its jars) plus the ones reached by reflection or service loading:
# time zones and Welsh dates (jdk.localedata), TLS with elliptic curves (jdk.crypto.ec), zip file systems
# (jdk.zipfs), DNS names (jdk.naming.dns), charsets of imported Windows files (jdk.charsets).
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,\
java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.localedata,jdk.management,\
jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

rm -rf "$ROOT"
mkdir -p "$ROOT"
ROOT=$(realpath "$ROOT")

"$IMAGE_JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java" --strip-debug --no-man-pages \
  --no-header-files --compress="$COMPRESS" --generate-cds-archive

# The app runs headless: no X11, splash screen or sound libraries (they would bring X11 and ALSA in).
rm -f "$ROOT"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so
# Shared libraries: everything the runtime's programs and libraries link, as this machine has them.
find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\// {print $1}' | grep -v "^$ROOT/" | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$ROOT"; done
if find "$ROOT/opt/java" -type f -name '*.so' -exec ldd {} + 2>/dev/null | grep -q 'not found'; then
  echo "a library of the runtime links something this machine does not have" >&2; exit 1
fi

mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/data" "$ROOT/dev" "$ROOT/proc" "$ROOT/home/extramile"
printf 'root:x:0:0:root:/root:/sbin/nologin\nextramile:x:10001:10001:Extra Mile:/home/extramile:/sbin/nologin\n' \
  >"$ROOT/etc/passwd"
printf 'root:x:0:\nextramile:x:10001:\n' >"$ROOT/etc/group"
# The container engine writes its own hosts file over this one.
printf '127.0.0.1 localhost\n' >"$ROOT/etc/hosts"

"$JAVA_HOME/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$ROOT/app" >/dev/null
mv "$ROOT/app/$(basename "$JAR")" "$ROOT/app/extramile.jar"

# Jib writes every file with the time 1970-01-01T00:00:01Z; the archive records its jars' times, so the
# training run must see the same.
find "$ROOT" -exec touch -h -d @1 {} +

# The java options of the image's entrypoint (java @/app/java.args ... -jar /app/extramile.jar): the start-up cache
# and Spring's ahead-of-time context, which the training run uses too.
printf '%s\n' "$RUN_OPTION" -Dspring.aot.enabled=true >"$ROOT/app/java.args"

# The training run: the demo village started inside the tree, stopped once healthy (the JVM writes the cache
# as it exits). Its writes go to a temporary /tmp, not into the image.
# The JVM can crash while it writes the cache at exit (seen once with Debian's 17.0.15: SIGSEGV in a G1 barrier
# during the dynamic dump); the archive is then missing and the training is run again, up to three times.
train() {
  port=18700
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  log="$(dirname "$ROOT")/image-training.log"
  if [[ $(id -u) -eq 0 ]]; then unshare_args=(--mount); else unshare_args=(--map-root-user --mount); fi
  unshare "${unshare_args[@]}" --propagation private bash -c '
    set -e
    mount --rbind /dev "$0/dev"
    mount --rbind /proc "$0/proc"
    mount -t tmpfs tmpfs "$0/tmp"
    exec chroot "$0" /opt/java/bin/java "$2" -XX:TieredStopAtLevel=1 -Dspring.aot.enabled=true -Duser.home=/tmp \
      -jar /app/extramile.jar \
      --spring.profiles.active=demo --server.port="$1" --extramile.data-dir=/tmp/data \
      --extramile.customers.erasure-file=/tmp/erasures.txt' "$ROOT" "$port" "$TRAIN_OPTION" >"$log" 2>&1 &
  training=$!
  for _ in $(seq 1 900); do
    if ! kill -0 "$training" 2>/dev/null; then echo "the training start ended early, see $log" >&2; exit 1; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
      && java_health=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /actuator/health HTTP/1.0\r\n\r\n' >&3 && cat <&3) \
      && grep -q '"UP"' <<<"$java_health"; then
      break
    fi
    sleep 0.2
  done
  kill -TERM "$training" 2>/dev/null || true
  wait "$training" || true
  # a crashed JVM writes its report at the chroot's root: never into the image
  rm -f "$ROOT"/hs_err_pid*.log
}
for attempt in 1 2 3; do
  rm -f "$ROOT$CACHE" "$ROOT$CACHE.config"
  train
  [[ -s "$ROOT$CACHE" ]] && break
  echo "training run $attempt wrote no start-up cache (see $log)" >&2
  cp "$log" "$log.$attempt" 2>/dev/null || true
done
[[ -s "$ROOT$CACHE" ]] || { echo "no start-up cache written, see $log" >&2; exit 1; }
rm -f "$ROOT$CACHE.config"
chmod 0644 "$ROOT$CACHE" "$ROOT/app/java.args"
touch -d @1 "$ROOT$CACHE" "$ROOT/app/java.args" "$ROOT/app" "$ROOT/tmp"
echo "image tree in $ROOT: $(du -sh "$ROOT" | cut -f1)"

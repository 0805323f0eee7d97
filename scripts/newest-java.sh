#!/usr/bin/env bash
# Sourced by image-root.sh and startup-time.sh: which Java homes this machine has.
#   java_major HOME         the major version in HOME/release (17, 25, ...), or nothing
#   newest_java FROM TOOL   the home under /usr/lib/jvm of the newest Java of version FROM or later that has
#                           bin/TOOL (java, jlink), or nothing
java_major() { if [[ -f "$1/release" ]]; then sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; fi; }

newest_java() {
  local home version best=0 found=
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    version=$(java_major "$home")
    if [[ -x "$home/bin/$2" && -n "$version" && "$version" -ge "$1" && "$version" -gt "$best" ]]; then
      found=$home
      best=$version
    fi
  done
  echo "$found"
}

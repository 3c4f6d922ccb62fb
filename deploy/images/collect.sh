#!/bin/sh
# In the image build's build stage: copies the binaries named as arguments from /build into
# /out/bin, the project's own shared libraries they link into /out/lib, and writes the Debian
# packages that own every other library they link to /out/runtime-packages (the runtime stage
# installs exactly those). Fails on a library no package owns.
set -eu
mkdir -p /out/bin /out/lib
for target in "$@"; do
  cp "$(find /build/services -type f -name "$target" | head -n 1)" /out/bin/
done
strip /out/bin/*
ldd /out/bin/* | awk '/=> \// {print $3}' | sort -u > /tmp/libraries
: > /tmp/packages
while read -r lib; do
  case "$lib" in
    /build/*) cp "$lib" /out/lib/ && strip /out/lib/"$(basename "$lib")"; continue ;;
  esac
  # Debian 12 merges /lib into /usr/lib: dpkg knows a library under one of the two names.
  owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null ||
          dpkg -S "$(realpath "$lib")" 2>/dev/null) || { echo "no package owns $lib" >&2; exit 1; }
  echo "$owner" | head -n 1 | cut -d: -f1 >> /tmp/packages
done < /tmp/libraries
sort -u /tmp/packages > /out/runtime-packages

#!/usr/bin/env bash
# Builds Failover Dojo's base image offline from Debian's packages, for machines
# that cannot pull `debian:bookworm-slim` from a registry (air-gapped training
# rooms, CI here). Needs Linux, root, debootstrap and a reachable Debian mirror.
#
#   bash lab-images/base/bootstrap.sh [TAG]      (default TAG: failover-dojo/base:bookworm)
#
# Environment: DOJO_DEBIAN_MIRROR (default http://deb.debian.org/debian).
# The result is labelled dojo.built-by=failover-dojo so the app knows it made it
# (not dojo.app: containers inherit image labels).
set -euo pipefail

tag="${1:-failover-dojo/base:bookworm}"
mirror="${DOJO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ "$(uname -s)" != "Linux" ]; then
  echo "bootstrap: needs Linux (on macOS/Windows, pull debian:bookworm-slim instead)" >&2
  exit 2
fi
if [ "$(id -u)" != "0" ]; then
  echo "bootstrap: needs root (debootstrap creates device nodes and chroots)" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "bootstrap: debootstrap is not installed (apt-get install debootstrap)" >&2
  exit 2
fi

work="$(mktemp -d /tmp/dojo-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "bootstrap: debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
# Same trimming as the official slim image: no apt lists, no package caches.
rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin "$work/root/var/cache/apt/archives/"*.deb
# apt inside `docker build` must reach the same mirror.
echo "deb $mirror bookworm main" >"$work/root/etc/apt/sources.list"

echo "bootstrap: docker import -> $tag"
tar -C "$work/root" -c . | docker import \
  --change 'CMD ["bash"]' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'LABEL dojo.built-by=failover-dojo dojo.image=base' \
  - "$tag" >/dev/null
echo "bootstrap: done $tag"

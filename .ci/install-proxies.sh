#!/usr/bin/env bash
# Installs Debian's nginx and Caddy for the reverse-proxy tests (test/proxies/) when they are missing.
# Those tests start both binaries in front of Gatehouse with the configurations of docs/examples/ and fail, never
# skip, without them. Neither is started as a service here: the tests run their own instances on spare ports.
set -euo pipefail

missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)   # the paths test/proxies/proxy-harness.ts runs
[ -x /usr/bin/caddy ] || missing+=(caddy)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  # Where systemd runs, Debian's packages start their services at install; the tests need neither (ports 80/443).
  $SUDO systemctl disable --now nginx caddy >/dev/null 2>&1 || true
fi
/usr/sbin/nginx -v
/usr/bin/caddy version

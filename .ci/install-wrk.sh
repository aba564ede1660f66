#!/usr/bin/env bash
# Installs Debian's wrk, the load generator npm run bench uses for its many-users scenarios, when it is missing.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  echo "wrk present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends wrk
command -v wrk

#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test (test/browser-demo.e2e-spec.ts) when it is missing.
# The test drives /usr/bin/chromium through playwright-core and fails, never skips, without it.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version

#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here). Installs it when missing.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "Chromium is missing at $CHROMIUM and this user cannot install it: run 'apt-get install chromium' as root." >&2
        exit 1
    fi
fi
echo "Installing Debian's chromium for the browser tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version

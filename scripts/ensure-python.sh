#!/usr/bin/env bash
# The Python client's tests (clients/python, run by PythonClientTest) need python3 3.9 or newer and nothing else:
# the client uses only the standard library. Installs Debian's python3 when missing.
set -euo pipefail
PYTHON="${TOUCHSTONE_PYTHON:-python3}"
if command -v "$PYTHON" >/dev/null && "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
    exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "python3 (3.9 or newer) is missing and this user cannot install it: run 'apt-get install python3' as root." >&2
        exit 1
    fi
fi
echo "Installing Debian's python3 for the Python client's tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 >/dev/null
python3 --version

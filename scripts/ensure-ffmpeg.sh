#!/usr/bin/env bash
# Video import (probing per-frame timestamps, transcoding to a browser proxy) and the demo generator's camera
# rendering run Debian's ffmpeg/ffprobe as separate processes. Installs them when missing.
set -euo pipefail
FFMPEG="${TOUCHSTONE_FFMPEG:-ffmpeg}"
if command -v "$FFMPEG" >/dev/null && command -v "${TOUCHSTONE_FFPROBE:-ffprobe}" >/dev/null; then
    exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "ffmpeg/ffprobe are missing and this user cannot install them: run 'apt-get install ffmpeg' as root." >&2
        exit 1
    fi
fi
echo "Installing Debian's ffmpeg (video import and the demo episode generator need it)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
ffmpeg -version | head -1

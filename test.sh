#!/usr/bin/env bash
# The whole test suite: unit tests, Spring tests on an embedded PostgreSQL 18, the Helm chart test, and Playwright
# browser tests (*IT) in Chromium against the production frontend built from source.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/toolchain.sh
scripts/ensure-chromium.sh
scripts/ensure-ffmpeg.sh
exec ./mvnw -B -ntp -Pproduction verify "$@"

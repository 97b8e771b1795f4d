#!/usr/bin/env bash
# The whole test suite: unit tests, Spring tests on an embedded PostgreSQL 18, the Helm chart test, Playwright
# browser tests (*IT) in Chromium against the production frontend built from source, then a smoke test of ./run.sh
# (the README's first command starts the production build and becomes ready).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/toolchain.sh
scripts/ensure-chromium.sh
scripts/ensure-ffmpeg.sh
scripts/ensure-python.sh
./mvnw -B -ntp -Pproduction verify "$@"
scripts/smoke-run.sh

#!/usr/bin/env bash
# Starts Touchstone on http://localhost:8080 with an embedded PostgreSQL 18 (data in ./data) and demo logins.
# Configuration comes from environment variables (see README.md), e.g. TOUCHSTONE_DB_URL for an external database.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/toolchain.sh
scripts/ensure-ffmpeg.sh
exec ./mvnw -B -ntp spring-boot:run "$@"

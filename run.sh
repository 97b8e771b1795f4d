#!/usr/bin/env bash
# Starts Touchstone as its users see it: the production build (frontend bundled, no development tools) on
# http://localhost:8080 with an embedded PostgreSQL 18 (data in ./data) and demo logins.
# Configuration comes from environment variables (see README.md), e.g. TOUCHSTONE_DB_URL for an external database.
#   ./run.sh          production mode; builds target/touchstone.jar first when the sources are newer than it
#   ./run.sh --dev    Vaadin development mode for developers (live reload, dev tools; slower pages)
# Other arguments go to the application.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/toolchain.sh
scripts/ensure-ffmpeg.sh
if [[ "${1:-}" == "--dev" ]]; then
    shift
    exec ./mvnw -B -ntp spring-boot:run ${1:+-Dspring-boot.run.arguments="$*"}
fi
jar=target/touchstone.jar
if [[ ! -f "$jar" || -n "$(find pom.xml src -newer "$jar" -print -quit)" ]]; then
    echo "Building the production jar ($jar)"
    ./mvnw -B -ntp -q -Pproduction -DskipTests package
fi
exec java -jar "$jar" "$@"

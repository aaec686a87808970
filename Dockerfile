# Souk server image: docker build -t souk .
# Package.swift needs swift-tools-version 6.2, so the toolchain must be >= 6.2.
ARG SWIFT_VERSION=6.2

# ---- build ----
FROM swift:${SWIFT_VERSION}-bookworm AS build
WORKDIR /build
# Resolve dependencies in their own layer: it is only redone when the manifest
# (or Package.resolved, if present) changes, not on every source edit.
COPY Package.* ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product souk \
    && install -D "$(swift build -c release --show-bin-path)/souk" /staging/souk \
    && cp -R "$(swift build -c release --show-bin-path)/souk_SoukServer.resources" /staging/

# ---- runtime ----
# The slim image carries the Swift runtime libraries the binary links against.
FROM swift:${SWIFT_VERSION}-bookworm-slim
# curl is only for the container health check (GET /health).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --home-dir /app --shell /usr/sbin/nologin souk
# The binary and, beside it, the resource bundle holding the API document (GET /openapi.json).
COPY --from=build /staging/ /usr/local/bin/
# souk reads ./migrations and ./config relative to its working directory.
WORKDIR /app
COPY migrations/ ./migrations/
COPY config/ ./config/
USER souk
ENV HOST=0.0.0.0 PORT=5000 SOUK_ENV=production
EXPOSE 5000
# Exec form: souk is PID 1 and gets docker stop's SIGTERM itself (it shuts down gracefully).
CMD ["souk", "serve"]

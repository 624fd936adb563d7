# syntax=docker/dockerfile:1
# Trophyroom for self-hosters: `docker build -t trophyroom .` (or `podman build`), then see the
# README's "Self-hosting". Three stages: the dependencies with better-sqlite3's native build, the
# web UI's build, and a slim runtime that runs as an unprivileged user.

# Any Debian bookworm image with Node.js 20.19+ under /usr/local (the official node image's layout).
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency from the lockfile, better-sqlite3 compiled for this image ----------
FROM ${NODE_IMAGE} AS deps
# The project's lockfile is written by npm 11 (README: "Node 20.19 or newer and npm 11").
ARG NPM_MAJOR=11
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm --version | grep -q "^${NPM_MAJOR}\." || npm install -g --no-audit --no-fund "npm@${NPM_MAJOR}"
WORKDIR /app
# node-gyp builds against the headers that ship with the image's Node.js: no header download.
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false
# Only the manifests first, so a source change does not reinstall the dependencies.
COPY package.json package-lock.json ./
COPY packages/cli/package.json packages/cli/
COPY packages/contract/package.json packages/contract/
COPY packages/psn/package.json packages/psn/
COPY packages/psn-sim/package.json packages/psn-sim/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
RUN npm ci --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

# ---- build: the web UI, then only the runtime dependencies kept ----------------------------------
FROM deps AS build
COPY . .
RUN npm run build -w @trophyroom/web -w @trophyroom/cli \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/deps \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

# ---- runtime ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG TROPHYROOM_UID=10001
RUN groupadd --gid "${TROPHYROOM_UID}" trophyroom \
 && useradd --uid "${TROPHYROOM_UID}" --gid trophyroom --home-dir /data --no-create-home --shell /usr/sbin/nologin trophyroom \
 && mkdir -p /data \
 && chown trophyroom:trophyroom /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY docker/entrypoint.sh docker/healthcheck.mjs ./docker/
RUN ln -s /app/packages/cli/bin/trophyroom.js /usr/local/bin/trophyroom \
 && chmod 0755 /app/docker/entrypoint.sh \
 && test -f /app/packages/web/dist/index.html

ENV NODE_ENV=production \
    TROPHYROOM_HOST=0.0.0.0 \
    TROPHYROOM_DATA_DIR=/data
# The SQLite file and the vault key (unless TROPHYROOM_SECRET_KEY is set) live here.
VOLUME ["/data"]
EXPOSE 3000
USER trophyroom
# web and all: GET /healthz (the database answers); worker: its metrics listener if it has one.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/docker/healthcheck.mjs"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["serve"]

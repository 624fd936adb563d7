#!/usr/bin/env bash
# Builds the Trophyroom image and runs it in Podman as a self-hoster would (README, "Self-hosting"):
#   1. the image: built from the Dockerfile, runs as trophyroom, has the HEALTHCHECK;
#   2. one container on SQLite: healthy, /healthz, the web UI, sign-up; stopped by SIGTERM; a new
#      container on the same volume signs in (the database and the vault key were on the volume);
#      started as root on a root-owned bind mount it hands the mount over and runs unprivileged;
#      the roles web and worker refuse to start without PostgreSQL;
#   3. compose.yaml: PostgreSQL, one web and two workers, all healthy in dependency order; sign-up,
#      connect the PSN simulator, an import that only a worker can run.
# Needs root (debootstrap, bind-mount ownership), podman and docker-compose (Debian: apt-get install
# podman docker-compose debootstrap runc). Where the official node and postgres images cannot be
# pulled it builds stand-ins from Debian's archive (docker/test/*.Containerfile).
#
#   bash docker/test/run.sh        # about 5 minutes the first time, 2 with the build cached
# Prints "N passed, N failed" last; exits non-zero when a check fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/docker/test
work=$(mktemp -d "${TMPDIR:-/tmp}/trophyroom-container-test.XXXXXX")
cache=${TROPHYROOM_CONTAINER_TEST_CACHE:-/var/tmp/trophyroom-container-test}
image=localhost/trophyroom:container-test
project=trophyroom-container-test
single_port=${TROPHYROOM_TEST_SINGLE_PORT:-3910}
compose_port=${TROPHYROOM_TEST_COMPOSE_PORT:-3911}
sim_port=${TROPHYROOM_TEST_SIM_PORT:-3912}
password='correct horse battery staple'
passed=0
failed=0
service_pid=
ticker_pid=

step() { printf '\n== %s\n' "$*"; }
pass() {
  printf 'ok: %s\n' "$*"
  passed=$((passed + 1))
}
flunk() {
  printf 'FAIL: %s\n' "$*"
  failed=$((failed + 1))
}
check() { # check "what" command… : passes when the command succeeds
  local what=$1
  shift
  if "$@"; then pass "$what"; else flunk "$what"; fi
}
finish() {
  local code=$?
  set +e
  if [ -n "${DOCKER_HOST:-}" ]; then
    compose down -v --timeout 10 >/dev/null 2>&1
  fi
  podman rm -f -t 5 "$project-single" "$project-single2" "$project-root" >/dev/null 2>&1
  podman volume rm -f "$project-data" >/dev/null 2>&1
  [ -z "$ticker_pid" ] || kill "$ticker_pid" 2>/dev/null
  [ -z "$service_pid" ] || kill "$service_pid" 2>/dev/null
  rm -rf "$work"
  printf '\n%d passed, %d failed\n' "$passed" "$failed"
  if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then exit "$code"; fi
  [ "$failed" -eq 0 ] || exit 1
}
trap finish EXIT

for tool in podman docker-compose curl node; do
  command -v "$tool" >/dev/null || {
    echo "run.sh needs $tool (apt-get install podman docker-compose debootstrap runc)" >&2
    exit 1
  }
done

step 'base images'
node_image=${TROPHYROOM_TEST_NODE_IMAGE:-docker.io/library/node:20-bookworm-slim}
postgres_image=${TROPHYROOM_TEST_POSTGRES_IMAGE:-docker.io/library/postgres:17}
# (A short name would match the stand-ins below: Podman finds local images by their last part.)
available() { podman image exists "$1" || podman pull -q "$1" >/dev/null 2>&1; }
available "$node_image" || node_image=localhost/trophyroom-test/node:20-bookworm-slim
available "$postgres_image" || postgres_image=localhost/trophyroom-test/postgres:15
if [[ $node_image$postgres_image == *localhost/trophyroom-test/* ]] && ! podman image exists localhost/trophyroom-test/debian:bookworm; then
  echo "the official images cannot be pulled: building stand-ins from Debian's archive"
  command -v debootstrap >/dev/null || {
    echo "run.sh needs debootstrap to make a Debian base image" >&2
    exit 1
  }
  rm -rf "$cache/rootfs" && mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$cache/rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log"
  rm -rf "$cache/rootfs/var/cache/apt/archives/"*.deb "$cache/rootfs/var/lib/apt/lists/"*
  tar -C "$cache/rootfs" -c . | podman import -q - localhost/trophyroom-test/debian:bookworm >/dev/null
  rm -rf "$cache/rootfs"
fi
pass "base images: $node_image, $postgres_image"

# This machine's limits may be below Podman's defaults (nofile 1048576) without CAP_SYS_RESOURCE to
# raise them, and crun refuses cgroups v1 with a controller left on v2 (hybrid): then runc it is.
export CONTAINERS_CONF=$work/containers.conf
{
  echo '[containers]'
  echo "default_ulimits = [\"nofile=$(ulimit -Hn):$(ulimit -Hn)\", \"nproc=4096:4096\"]"
} >"$CONTAINERS_CONF"
if ! podman run --rm localhost/trophyroom-test/debian:bookworm true >"$work/probe.log" 2>&1 &&
  ! podman run --rm "$node_image" node --version >"$work/probe.log" 2>&1; then
  command -v runc >/dev/null && printf '[engine]\nruntime = "runc"\n' >>"$CONTAINERS_CONF"
fi
if podman image exists localhost/trophyroom-test/debian:bookworm; then probe=localhost/trophyroom-test/debian:bookworm; else probe=$node_image; fi
if ! podman run --rm "$probe" true >"$work/probe.log" 2>&1; then
  echo "no working container engine: podman run fails:" >&2
  cat "$work/probe.log" >&2
  exit 1
fi
pass "podman runs containers ($(grep -o 'runtime = "[a-z]*"' "$CONTAINERS_CONF" || echo 'default runtime'))"

if [ "$node_image" = localhost/trophyroom-test/node:20-bookworm-slim ]; then
  mkdir -p "$work/node/node/bin" "$work/node/node/lib/node_modules" "$work/node/node/include"
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp "$node_bin" "$work/node/node/bin/node"
  cp -a "$npm_dir" "$work/node/node/lib/node_modules/npm"
  cp -a "$(dirname "$(dirname "$node_bin")")/include/node" "$work/node/node/include/node"
  cp -L /etc/ssl/certs/ca-certificates.crt "$work/node/ca-certificates.crt"
  podman build -q -f "$here/node-base.Containerfile" -t "$node_image" "$work/node" >/dev/null
  pass "stand-ins built: Node $(podman run --rm "$node_image" node --version), npm $(podman run --rm "$node_image" npm --version)"
fi

if [ "$postgres_image" = localhost/trophyroom-test/postgres:15 ]; then
  podman build -q -f "$here/postgres.Containerfile" -t "$postgres_image" "$here" >/dev/null
  pass "PostgreSQL stand-in built: $(podman run --rm --entrypoint postgres "$postgres_image" --version)"
fi

step 'the image'
podman build --format docker --build-arg "NODE_IMAGE=$node_image" -t "$image" "$root" >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log"
  flunk 'podman build'
  exit 1
}
pass "podman build (log: $(grep -c STEP "$work/build.log") steps, $(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%d MB", $1 / 1e6}'))"
inspect=$(podman image inspect "$image")
check 'the image runs as the user trophyroom' grep -q '"User": "trophyroom"' <<<"$inspect"
check 'the image has the HEALTHCHECK on docker/healthcheck.mjs' grep -q '"/app/docker/healthcheck.mjs"' <<<"$(podman image inspect "$image" --format '{{json .HealthCheck}}')"
check 'the image declares the volume /data' grep -q '"/data": {}' <<<"$inspect"

healthy() { # healthy CONTAINER: runs the image's health check until it passes (60 s at most)
  local i
  for i in $(seq 60); do
    if podman healthcheck run "$1" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  podman logs "$1" 2>&1 | tail -20
  return 1
}

step 'one container, SQLite'
podman run -d --name "$project-single" -p "127.0.0.1:$single_port:3000" -v "$project-data:/data" \
  -e "TROPHYROOM_PUBLIC_URL=http://127.0.0.1:$single_port" "$image" >/dev/null 2>>"$work/podman.log"
check 'the health check passes' healthy "$project-single"
check '/healthz answers ok' grep -q '"status":"ok"' <<<"$(curl -fsS "http://127.0.0.1:$single_port/healthz")"
check 'the server runs as uid 10001' test "$(podman exec "$project-single" id -u)" = 10001
check 'sign-up works' node "$here/journey.mjs" "http://127.0.0.1:$single_port" signup admin "$password"
check 'a foreign Host gets 421 (the public URL is the name it answers to)' test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "http://127.0.0.1:$single_port/api/me")" = 421
start=$(date +%s)
podman stop -t 30 "$project-single" >/dev/null 2>>"$work/podman.log"
check 'SIGTERM stops it cleanly (exit 0, under 10 s)' test "$(podman inspect "$project-single" --format '{{.State.ExitCode}}')" = 0 -a $(($(date +%s) - start)) -lt 10
check 'the volume holds the SQLite file and the vault key' test "$(podman run --rm -v "$project-data:/data" --entrypoint ls "$image" /data | sort | tr '\n' ' ')" = 'trophyroom.db vault.key '
podman rm "$project-single" >/dev/null
podman run -d --name "$project-single2" -p "127.0.0.1:$single_port:3000" -v "$project-data:/data" \
  -e "TROPHYROOM_PUBLIC_URL=http://127.0.0.1:$single_port" "$image" >/dev/null 2>>"$work/podman.log"
healthy "$project-single2" >/dev/null
check 'a new container on the same volume signs the account in' node "$here/journey.mjs" "http://127.0.0.1:$single_port" login admin "$password"
podman rm -f -t 5 "$project-single2" >/dev/null 2>&1

mkdir -p "$work/bind" && chown 0:0 "$work/bind" && chmod 0700 "$work/bind"
podman run -d --name "$project-root" --user 0 -v "$work/bind:/data" "$image" >/dev/null 2>>"$work/podman.log"
check 'started as root on a root-owned bind mount: healthy' healthy "$project-root"
check '… and the server runs as uid 10001' grep -qx '10001' <<<"$(podman top "$project-root" huser | tail -n +2 | sort -u)"
check '… owning the data it wrote' test "$(stat -c %u "$work/bind" "$work/bind/vault.key" | sort -u)" = 10001
podman rm -f -t 5 "$project-root" >/dev/null 2>&1

refused() { # refused ROLE HINT ENV…: the container exits 2 and says HINT
  local role=$1 hint=$2 out code=0
  shift 2
  out=$(podman run --rm "$@" "$image" "$role" 2>&1) || code=$?
  [ "$code" -eq 2 ] && grep -q "$hint" <<<"$out"
}
check 'web refuses to start without PostgreSQL' refused web 'needs PostgreSQL'
check 'worker refuses a SQLite URL' refused worker 'not a postgres:// URL' -e TROPHYROOM_DATABASE_URL=sqlite:/data/x.db
check 'worker refuses to start without TROPHYROOM_SECRET_KEY' refused worker 'needs TROPHYROOM_SECRET_KEY' -e TROPHYROOM_DATABASE_URL=postgres://u:p@db/t

step 'compose.yaml: PostgreSQL, one web, two workers'
# docker-compose speaks to Podman's Docker-compatible API.
podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
service_pid=$!
export DOCKER_HOST=unix://$work/podman.sock
for _ in $(seq 50); do [ -S "$work/podman.sock" ] && break; sleep 0.2; done
# Without systemd Podman runs no health check timers: run the checks here, as the timers would.
if [ ! -d /run/systemd/system ]; then
  (while :; do
    for id in $(podman ps -q --filter label=com.docker.compose.project="$project" 2>/dev/null); do podman healthcheck run "$id" >/dev/null 2>&1 || :; done
    sleep 2
  done) &
  ticker_pid=$!
fi
cat >"$work/.env" <<EOF
POSTGRES_PASSWORD=$(openssl rand -hex 16)
TROPHYROOM_SECRET_KEY=$(openssl rand -base64 32)
TROPHYROOM_PUBLIC_URL=http://127.0.0.1:$compose_port
TROPHYROOM_HTTP_PORT=$compose_port
TROPHYROOM_METRICS_TOKEN=$(openssl rand -hex 24)
TROPHYROOM_IMAGE=$image
TROPHYROOM_TEST_NODE_IMAGE=$node_image
TROPHYROOM_TEST_POSTGRES_IMAGE=$postgres_image
TROPHYROOM_TEST_SIM_PORT=$sim_port
EOF
compose() { docker-compose -p "$project" --project-directory "$root" --env-file "$work/.env" --compatibility -f "$root/compose.yaml" -f "$here/compose.test.yaml" "$@"; }
if compose up -d --build >"$work/up.log" 2>&1; then
  pass 'docker-compose up --build: db healthy, then web healthy, then the workers'
else
  tail -30 "$work/up.log"
  flunk 'docker-compose up'
  exit 1
fi
states() { podman ps --filter label=com.docker.compose.project="$project" --format '{{.Names}} {{.Status}}'; }
all_healthy() {
  local i
  for i in $(seq 60); do
    [ "$(states | grep -E '_(db|web|worker)_' | grep -c '(healthy)')" -eq 4 ] && return 0
    sleep 1
  done
  states
  return 1
}
check 'db, web and 2 workers are healthy' all_healthy
check 'the web process is role web, the workers role worker' test "$(podman exec "${project}_web_1" printenv TROPHYROOM_ROLE)/$(podman exec "${project}_worker_2" printenv TROPHYROOM_ROLE)" = web/worker
check '/healthz through the published port' grep -q '"status":"ok"' <<<"$(curl -fsS "http://127.0.0.1:$compose_port/healthz")"
token=$(grep TROPHYROOM_METRICS_TOKEN "$work/.env" | cut -d= -f2)
check '/metrics needs the token' test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$compose_port/metrics")/$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" "http://127.0.0.1:$compose_port/metrics")" = 401/200
check 'sign-up through the web container' node "$here/journey.mjs" "http://127.0.0.1:$compose_port" signup admin "$password"
check '… connect the simulator and import (jobs only workers run)' node "$here/journey.mjs" "http://127.0.0.1:$compose_port" import admin "$password" "http://127.0.0.1:$sim_port"

#!/bin/sh
# The Trophyroom image's entrypoint: checks the settings a container needs, prepares the data
# directory, then execs `trophyroom serve --role ROLE` (so the server is PID 1 and gets SIGTERM).
#
#   entrypoint.sh [serve|all|web|worker] [serve flags…]   the server; the role from the first word,
#                                                          else --role, else TROPHYROOM_ROLE, else all
#   entrypoint.sh COMMAND [args…]                          any other trophyroom command (migrate, …)
#
# - TROPHYROOM_SECRET_KEY, TROPHYROOM_METRICS_TOKEN and TROPHYROOM_DATABASE_URL may be given as
#   files (…_FILE, e.g. Compose secrets); empty TROPHYROOM_* variables count as unset.
# - web and worker refuse to start without PostgreSQL and a shared TROPHYROOM_SECRET_KEY.
# - Started as root (--user 0), it creates the data directory, gives it to the image's user
#   (TROPHYROOM_CONTAINER_USER, default trophyroom) and runs as that user.
# Exit code 2 for a setting that cannot work, like the trophyroom command's bad input.
# (TROPHYROOM_ENTRYPOINT_MOUNTINFO replaces /proc/self/mountinfo for its test,
# packages/cli/test/container-entrypoint.test.ts.)
set -eu

say() { printf 'trophyroom-entrypoint: %s\n' "$*" >&2; }
fail() {
  say "error: $*"
  exit 2
}

# Secrets from files (Docker and Compose mount them under /run/secrets).
for name in TROPHYROOM_SECRET_KEY TROPHYROOM_METRICS_TOKEN TROPHYROOM_DATABASE_URL; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    eval "value=\${${name}:-}"
    [ -z "$value" ] || fail "both $name and ${name}_FILE are set: set one of them."
    [ -r "$file" ] || fail "${name}_FILE: cannot read $file as uid $(id -u)."
    value=$(cat "$file")
    export "$name=$value"
    unset "${name}_FILE"
  fi
done

# Compose writes `${VAR:-}` as an empty value: the server would read it as set (and reject it).
for name in $(env | sed -n 's/^\(TROPHYROOM_[A-Z0-9_]*\)=$/\1/p'); do
  unset "$name"
done

# What to run: the server in a role, or another trophyroom command.
command=serve
role=${TROPHYROOM_ROLE:-all}
case "${1:-serve}" in
  serve) [ $# -eq 0 ] || shift ;;
  all | web | worker)
    role=$1
    shift
    ;;
  -*) ;;
  *) command=$1 ;;
esac

# The settings a flag may give instead of the environment (flags win, as in `trophyroom serve`).
data_dir=${TROPHYROOM_DATA_DIR:-/data}
database_url=${TROPHYROOM_DATABASE_URL:-}
public_url=${TROPHYROOM_PUBLIC_URL:-}
previous=
for arg in "$@"; do
  case $previous in
    --role) role=$arg ;;
    --data-dir) data_dir=$arg ;;
    --database-url) database_url=$arg ;;
    --public-url) public_url=$arg ;;
  esac
  case $arg in
    --role=*) role=${arg#*=} ;;
    --data-dir=*) data_dir=${arg#*=} ;;
    --database-url=*) database_url=${arg#*=} ;;
    --public-url=*) public_url=${arg#*=} ;;
  esac
  previous=$arg
done
case $data_dir in
  /*) ;;
  *) data_dir=$(pwd)/$data_dir ;;
esac

# As root: the data directory (a fresh bind mount is root's) goes to the image's user, who runs the rest.
if [ "$(id -u)" = 0 ]; then
  user=${TROPHYROOM_CONTAINER_USER:-trophyroom}
  if id "$user" >/dev/null 2>&1; then
    if [ "$command" = serve ]; then
      mkdir -p "$data_dir"
      find "$data_dir" ! -user "$user" -exec chown "$user:$(id -gn "$user")" {} +
      export TROPHYROOM_ROLE="$role"
      set -- serve "$@"
    fi
    exec setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- "$0" "$@"
  fi
  say "warning: no user $user: running as root."
fi

[ "$command" = serve ] || exec trophyroom "$@"

case $role in
  all | web | worker) ;;
  *) fail "unknown role \"$role\": all (one process), web (HTTP) or worker (jobs)." ;;
esac

if [ "$role" != all ]; then
  case $database_url in
    postgres://* | postgresql://*) ;;
    '') fail "the role $role needs PostgreSQL: set TROPHYROOM_DATABASE_URL=postgres://user:password@host/database (web and worker processes share its job queue and rate budget). For SQLite run one container with the role all." ;;
    *) fail "the role $role needs PostgreSQL, and TROPHYROOM_DATABASE_URL is not a postgres:// URL. For SQLite run one container with the role all." ;;
  esac
  [ -n "${TROPHYROOM_SECRET_KEY:-}" ] ||
    fail "the role $role needs TROPHYROOM_SECRET_KEY (or TROPHYROOM_SECRET_KEY_FILE), the same in every web and worker container: each would otherwise make a vault key of its own and none could read the others' PSN tokens. Make one with: openssl rand -base64 32"
fi

# The data directory: the SQLite file and, without TROPHYROOM_SECRET_KEY, the vault key.
mkdir -p "$data_dir" 2>/dev/null || fail "cannot create the data directory $data_dir as uid $(id -u): mount a volume there that this user may write, or start the container as root (--user 0) once and it is handed over."
[ -w "$data_dir" ] || fail "the data directory $data_dir is not writable by uid $(id -u): chown -R $(id -u):$(id -g) the volume on the host, or start the container as root (--user 0) and the entrypoint hands it over."

# Whether the data directory (or a folder above it) is a mount, i.e. outlives the container.
persisted() {
  dir=$1
  while [ "$dir" != / ]; do
    awk -v dir="$dir" '$5 == dir { found = 1 } END { exit !found }' "${TROPHYROOM_ENTRYPOINT_MOUNTINFO:-/proc/self/mountinfo}" && return 0
    dir=$(dirname "$dir")
  done
  return 1
}
case $database_url in
  postgres://* | postgresql://*) kept= ;;
  *) kept='the SQLite database' ;;
esac
advice=.
if [ -z "${TROPHYROOM_SECRET_KEY:-}" ]; then
  kept="${kept:+$kept and }the vault key that opens the stored PSN tokens"
  advice=', or set TROPHYROOM_SECRET_KEY (openssl rand -base64 32).'
fi
if [ -n "$kept" ] && ! persisted "$data_dir"; then
  say "warning: $data_dir is not a volume: $kept go with this container. Mount a volume there (-v trophyroom-data:$data_dir)$advice"
fi

if [ "$role" != worker ] && [ -z "$public_url" ]; then
  say "warning: no TROPHYROOM_PUBLIC_URL: the server answers only to localhost:${TROPHYROOM_PORT:-${PORT:-3000}} and this container's own addresses, so a published port of another number, a host name or a proxy gets 421. Set it to the address people open, e.g. https://trophies.example."
fi

say "starting trophyroom serve --role $role as uid $(id -u)"
exec trophyroom serve --role "$role" "$@"

#!/usr/bin/env bash
# Starts the Release server on a fresh log, drives it with bench/Rekor.Load, stops it. The store is SQLite, or MariaDB
# when REKOR_BENCH_MYSQL_DSN is set (run under bench/with-mariadb.sh), with the search index in Redis when --redis is
# given (a throwaway redis-server on loopback). Everything after the options goes to Rekor.Load, e.g.
#   bench/serve-and-load.sh -- write --seconds 20 --connections 64
#   bench/with-mariadb.sh bench/serve-and-load.sh --redis -- write --seconds 20 --connections 64
# Build first: dotnet build Rekor.slnx -c Release
set -euo pipefail
cd "$(dirname "$0")/.."
redis=false
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --redis) redis=true ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "${1:-}" = "--" ] && shift
dir="$(mktemp -d /tmp/rekor-bench-serve-XXXXXX)"
port="${REKOR_BENCH_PORT:-3411}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
flags=(--data_directory "$dir" --port "$port" --metrics_port 0)
if [ -n "${REKOR_BENCH_MYSQL_DSN:-}" ]; then
  # user:password@tcp(host:port)/database: the database is created fresh for this run.
  creds="${REKOR_BENCH_MYSQL_DSN%%@*}"; rest="${REKOR_BENCH_MYSQL_DSN#*@tcp(}"; hostport="${rest%%)*}"
  database="serve$RANDOM"
  MYSQL_PWD="${creds#*:}" mariadb --no-defaults -h "${hostport%:*}" -P "${hostport#*:}" -u "${creds%%:*}" -e "CREATE DATABASE $database"
  flags+=(--log_storage.provider mysql --log_storage.mysql.dsn "${creds}@tcp(${hostport})/${database}")
fi
if $redis; then
  redis_port=$((port + 1)); redis_password="bench-$RANDOM$RANDOM"
  redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_password" --save "" --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning ping >/dev/null 2>&1 && break; sleep 0.1; done
  flags+=(--search_index.storage_provider redis --redis_server.address 127.0.0.1 --redis_server.port "$redis_port" --redis_server.password "$redis_password")
fi
dotnet Rekor.Server/bin/Release/net10.0/Rekor.Server.dll "${flags[@]}" >"$dir/server.log" 2>&1 &
server=$!
pids=("$server" "${pids[@]}")
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/api/v1/log" >/dev/null && break; sleep 0.1; done
mode="$1"; shift
dotnet bench/Rekor.Load/bin/Release/net10.0/Rekor.Load.dll "$mode" --url "http://127.0.0.1:$port" --server-pid "$server" "$@"

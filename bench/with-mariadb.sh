#!/usr/bin/env bash
# Runs a command with a throwaway MariaDB (Debian's mariadb-server) on loopback: a fresh data directory, a user that
# may create databases, REKOR_BENCH_MYSQL_DSN set to reach it; stopped and removed afterwards.
#   bench/with-mariadb.sh dotnet run -c Release --project bench/Rekor.Bench -- storage
set -euo pipefail
command -v mariadbd >/dev/null || { echo "needs mariadb-server: apt-get install -y mariadb-server" >&2; exit 1; }
dir="$(mktemp -d /tmp/rekor-bench-mariadb-XXXXXX)"
port="${REKOR_BENCH_MYSQL_PORT:-13399}"
password="bench-$RANDOM$RANDOM"
mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
mariadbd --no-defaults --datadir="$dir/data" --user="$(id -un)" --bind-address=127.0.0.1 --port="$port" --socket="$dir/sock" \
  --skip-name-resolve --character-set-server=utf8mb4 --max-allowed-packet=256M --log-error="$dir/error.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do mariadb-admin --no-defaults --socket="$dir/sock" -uroot ping >/dev/null 2>&1 && break; sleep 0.1; done
mariadb --no-defaults --socket="$dir/sock" -uroot -e "CREATE USER 'bench'@'%' IDENTIFIED BY '$password'; GRANT ALL ON *.* TO 'bench'@'%';"
export REKOR_BENCH_MYSQL_DSN="bench:$password@tcp(127.0.0.1:$port)/bench"
"$@"

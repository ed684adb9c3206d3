#!/usr/bin/env bash
# Runs every test of the project, from a clean clone on a fresh machine: installs what the tests need, builds
# everything with warnings as errors, runs every test project and then the Node.js interop suite (sigstore-js and
# headless Chromium against the Release server), stops whatever it started, and ends with one summary line
# "N passed, N failed, N skipped" over both.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Everything the tests put in temp (data directories, the throwaway MariaDB and Redis servers' files) goes under one
# directory, removed at the end with anything still running from it: a run leaves no server and no file behind.
export TMPDIR="$(mktemp -d /tmp/rekor-tests.XXXXXX)"
cleanup() {
  pkill -KILL -f "$TMPDIR" 2>/dev/null || true
  rm -rf "$TMPDIR"
}
trap cleanup EXIT

results="$repo/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "== prerequisites: the real tools the tests drive (Chromium for the home page; gpg, minisign, ssh-keygen, openssl, the JDK and rpm make"
echo "   the signatures the pki tests verify; MariaDB and Redis, which the storage tests start on loopback with throwaway data"
echo "   directories and stop; yamllint for the chart overlay), the interop suite's pinned npm packages"
# command -> Debian package; only the missing ones are installed.
declare -A tool_packages=([chromium]=chromium [gpg]=gnupg [minisign]=minisign [ssh-keygen]=openssh-client [openssl]=openssl
  [jarsigner]=default-jdk-headless [rpmbuild]=rpm [rpmsign]=rpm [mariadbd]=mariadb-server [mariadb-install-db]=mariadb-server
  [redis-server]=redis-server [yamllint]=yamllint)
missing=()
for tool in "${!tool_packages[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${tool_packages[$tool]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing and only root can install them: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update
  # Retried once: dpkg sometimes fails on a temporary file that vanished (seen with mariadb-server's triggers).
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
    || apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi
(cd tests/interop && npm ci --no-audit --no-fund)

echo "== build (Release, warnings are errors)"
dotnet build Rekor.slnx -c Release -nologo -v quiet 2>&1 | tee "$results/build.log"
if grep -qE ": (warning|error) " "$results/build.log"; then
  echo "the build printed warnings or errors; it must be clean" >&2
  exit 1
fi

echo "== tests"
status=0
dotnet test Rekor.slnx -c Release --no-build -nologo 2>&1 | tee "$results/test.log" || status=$?

# The log, crash, API and hostile tests once more with the log on MariaDB (each test gets its own database on one
# throwaway server the test process starts on loopback and stops; tests/Rekor.Server.Tests/Services/TestBackend.cs).
# What does not depend on the log's store (the image's publish, the KMS signers against their fakes) runs once.
store_independent="FullyQualifiedName!~Rekor.Server.Tests.Deploy&FullyQualifiedName!~Rekor.Server.Tests.Signing"
echo "== server tests with the log on MariaDB"
REKOR_TEST_LOG_STORAGE=mysql dotnet test tests/Rekor.Server.Tests -c Release --no-build -nologo --filter "$store_independent" 2>&1 \
  | tee -a "$results/test.log" || status=$?

# And a third time as deployed: every server is the Dockerfile's published application started with the sigstore
# chart's argument list (tests/Rekor.Server.Tests/Chart/ChartArguments.cs), the log on MariaDB and the search index in
# Redis (a throwaway redis-server per server), fed from the log's outbox.
echo "== server tests as the chart runs the published server: the log on MariaDB, the search index in Redis"
REKOR_TEST_LOG_STORAGE=mysql REKOR_TEST_SEARCH_INDEX=redis REKOR_TEST_SERVER=chart dotnet test tests/Rekor.Server.Tests -c Release --no-build -nologo \
  --filter "$store_independent" 2>&1 \
  | tee -a "$results/test.log" || status=$?

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per test project.
summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$results/test.log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{ f += $1; p += $2; s += $3; n += 1 } END { printf "%d %d %d %d", p, f, s, n }')
read -r passed failed skipped projects <<<"$summary"
echo "test projects run: $projects"

# The published sigstore-js packages and headless Chromium against the Release build of Rekor.Server.
echo "== interop (node --test)"
interop_status=0
(cd tests/interop && node --test --test-reporter=tap test/) 2>&1 | tee "$results/interop.log" || interop_status=$?
count() { awk -v what="$1" '/^# / && $2 == what && NF == 3 { n += $3 } END { print n + 0 }' "$results/interop.log"; }
passed=$((passed + $(count pass)))
failed=$((failed + $(count fail) + $(count cancelled)))
skipped=$((skipped + $(count skipped) + $(count todo)))
if [ "$(count pass)" -eq 0 ]; then
  interop_status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ] || [ "$interop_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

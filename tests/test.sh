#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need on a fresh machine, then runs
# every test suite and the package smoke test. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
command -v chromium >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

dotnet restore OvasabiState.sln
dotnet build OvasabiState.sln -c Release --no-restore

# The browser tests serve this published sample (their fixture publishes it itself when unset).
dotnet publish sample/OvasabiState.Sample/OvasabiState.Sample.csproj -c Release --no-restore -o artifacts/sample
export OVS_SAMPLE_WWWROOT="$PWD/artifacts/sample/wwwroot"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test OvasabiState.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

smoke_status=0
bash tests/PackageSmoke/run.sh || smoke_status=$?

# One closing line that counts every test run above.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
if [ "$smoke_status" -eq 0 ]; then smoke=1; else smoke=0; fi
echo "$((passed + smoke)) passed, $((failed + 1 - smoke)) failed"
if [ "$status" -ne 0 ] || [ "$smoke_status" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi

#!/usr/bin/env bash
# The long soak of the sync simulator (README, "Proof"): the test suite runs 10,000 seeded
# schedules; this runs SCHEDULES of them (default 1,000,000; about 70 minutes on 2 cores) and
# prints the seed of the first failing one, replayable with OVS_SIM_SEED=n.
# Usage: bash tests/soak.sh [SCHEDULES]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
schedules="${1:-1000000}"

dotnet build tests/OvasabiState.Tests/OvasabiState.Tests.csproj -c Release
started=$(date -u +%s)
OVS_SIM_SCHEDULES="$schedules" dotnet test tests/OvasabiState.Tests/OvasabiState.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~Simulation.SimulatorTests" --logger "console;verbosity=normal"
echo "soak: $schedules schedules passed in $(( $(date -u +%s) - started )) s on $(nproc) cores, $(date -u +%F)"

#!/usr/bin/env bash
# Packs the runtime (with the generator under analyzers/dotnet/cs) and builds and runs a
# throw-away consumer project against the package, outside this repo's Directory.*.props.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A unique version per run, so the NuGet cache never hands back a stale package.
version="0.1.0-smoke.$(date +%s)"

dotnet pack "$repo/runtime/OvasabiState/OvasabiState.csproj" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
# The listing is read whole before it is searched: `| grep -q` stops reading at the first match,
# and under pipefail the writer's broken pipe failed this check at random once the package grew.
listing="$(python3 -m zipfile -l "$work/feed/OvasabiState.$version.nupkg")"
[[ "$listing" == *"analyzers/dotnet/cs/OvasabiState.Generators.dll"* ]] \
  || { echo "package smoke FAILED: the generator is not under analyzers/dotnet/cs"; exit 1; }

mkdir -p "$work/consumer"
sed "s/@VERSION@/$version/" "$repo/tests/PackageSmoke/PackageSmoke.csproj.in" > "$work/consumer/PackageSmoke.csproj"
cp "$repo/tests/PackageSmoke/Program.cs.in" "$work/consumer/Program.cs"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local-smoke" value="$work/feed" />
  </packageSources>
</configuration>
XML
# The default sources stay (from the user's NuGet config) for the package's own dependencies.
dotnet run --project "$work/consumer/PackageSmoke.csproj" -c Release --nologo

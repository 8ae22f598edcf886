#!/usr/bin/env bash
# Runs AgentPlatform on this machine with its embedded defaults:
# installs PostgreSQL 15 + pgvector when missing, starts a project-local database,
# publishes the Host (Release, ReadyToRun, into .local/host) and serves the API on http://localhost:5080
# (override with ASPNETCORE_URLS).
# Data (database cluster, generated keys) lives under .local/ and is reused by the next run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(pwd -P)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download)." >&2
  exit 1
fi

echo "[run] starting the local database (.local/pg/dev) ..." >&2
port=${AGENTPLATFORM_DB_PORT:-$(db/pick-port.sh dev 55432)}
conn=$(db/up.sh dev "$port" agentplatform)

export ConnectionStrings__Platform="${ConnectionStrings__Platform:-$conn}"
export AGENTPLATFORM_Platform__DataDirectory="${AGENTPLATFORM_Platform__DataDirectory:-$root/.local/data}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
export Logging__Json="${Logging__Json:-false}"

echo "[run] building (the first time also compiles ahead of time: about a minute) ..." >&2
src/Host/publish.sh "$root/.local/host" >&2

url=${ASPNETCORE_URLS%%;*}
cat >&2 <<INFO
[run] AgentPlatform is starting on $url
[run]   API reference:  $url/scalar
[run]   OpenAPI:        $url/openapi/v1.json
[run]   Health:         $url/health/ready
[run] On the first start an administrator is created; its password is printed below once
[run] (set Bootstrap__AdminPassword to choose it). Stop with Ctrl+C.
INFO
cd "$root/.local/host"
exec dotnet AgentPlatform.Host.dll

#!/usr/bin/env bash
# Publishes the Host as a deployment runs it: Release, framework-dependent, ReadyToRun (the platform's assemblies
# and their packages compiled ahead of time, so a start JITs far less: about 1 s of a 3 s cold start on 2 cores).
# Usage: src/Host/publish.sh OUTPUT_DIR    (incremental: a second run with no change takes a few seconds)
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUTPUT_DIR" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
rid=linux-$(case $(uname -m) in aarch64|arm64) echo arm64 ;; *) echo x64 ;; esac)
exec dotnet publish "$here/AgentPlatform.Host/AgentPlatform.Host.csproj" -c Release -r "$rid" --self-contained false \
  -p:PublishReadyToRun=true -o "$1" -nologo -v quiet -clp:ErrorsOnly

#!/usr/bin/env bash
# Runs every test against a project-local PostgreSQL with pgvector (installed and started here when
# missing). The last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
started=$(date +%s)

port=${AGENTPLATFORM_TEST_DB_PORT:-$(db/pick-port.sh test 55433)}
if ! conn=$(db/up.sh test "$port" agentplatform_test); then
  echo "[test] could not start the test database" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export AGENTPLATFORM_TEST_DB="$conn"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet build AgentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly 2>&1 | tee "$log"; then :; fi
if grep -qE "error [A-Z]+[0-9]+" "$log"; then
  echo "[test] build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test --solution AgentPlatform.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-run summaries the testing platform prints ("total: N", "failed: N", ...).
read -r passed failed skipped < <(awk '
  /^[[:space:]]*succeeded:/ { p += $2 }
  /^[[:space:]]*failed:/    { f += $2 }
  /^[[:space:]]*skipped:/   { s += $2 }
  END { print p+0, f+0, s+0 }' "$log")
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "[test] wall time $(( $(date +%s) - started )) s" >&2
echo "$passed passed, $failed failed, $skipped skipped"
exit $(( status != 0 ))

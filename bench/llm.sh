#!/usr/bin/env bash
# The model gateway's overhead (issue: Llm module benchmark): the official OpenAI client calls a local fake
# provider directly and through the Host, in one run. Writes bench/results/llm-gateway.md. See bench/README.md.
#
# Overridable: BENCH_LLM_LATENCIES (0,50: the fake provider's own answer time, ms, comma-separated)
#              BENCH_LLM_SEQUENTIAL (1000) BENCH_LLM_SECONDS (10) BENCH_LLM_CONCURRENCY (16)
#              BENCH_HOST_PORT (5183) BENCH_DB_PORT (55434) BENCH_SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd -P)
host_port=${BENCH_HOST_PORT:-5183}
db_port=${BENCH_DB_PORT:-$(db/pick-port.sh bench 55434)}
results=$root/bench/results
mkdir -p "$results/logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '[llm-bench] %s\n' "$*" >&2; }

conn=$(db/up.sh bench "$db_port" agentplatform_bench) || { log "could not start the bench database"; exit 1; }
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building (Release) ..."
  for proj in src/Host/AgentPlatform.Host/AgentPlatform.Host.csproj bench/AgentPlatform.Bench.LlmGateway/AgentPlatform.Bench.LlmGateway.csproj; do
    dotnet build "$proj" -c Release -nologo -v quiet -clp:ErrorsOnly >"$results/logs/llm-build.log" 2>&1 || { cat "$results/logs/llm-build.log" >&2; exit 1; }
  done
fi

(
  cd src/Host/AgentPlatform.Host/bin/Release/net10.0
  exec env ConnectionStrings__Platform="$conn" ASPNETCORE_URLS="http://127.0.0.1:$host_port" \
    AGENTPLATFORM_Platform__DataDirectory="$root/.local/bench/data" Logging__LogLevel__Default=Warning \
    Auth__RateLimit__PermitsPerMinute=1000000 ${BENCH_LLM_HOST_ENV:-} dotnet AgentPlatform.Host.dll
) >"$results/logs/llm-host.log" 2>&1 &
host_pid=$!
trap 'kill -TERM $host_pid 2>/dev/null; wait $host_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$host_port/health/ready" || true) == 200 ]] && break
  kill -0 $host_pid 2>/dev/null || { log "the Host exited (see $results/logs/llm-host.log)"; exit 1; }
  sleep 0.1
done

BENCH_LLM_DB="${BENCH_LLM_DB-$conn}" dotnet bench/AgentPlatform.Bench.LlmGateway/bin/Release/net10.0/AgentPlatform.Bench.LlmGateway.dll \
  "http://127.0.0.1:$host_port" "$results/llm-gateway.md" "${BENCH_LLM_LATENCIES:-0,50}" \
  "${BENCH_LLM_SEQUENTIAL:-1000}" "${BENCH_LLM_SECONDS:-10}" "${BENCH_LLM_CONCURRENCY:-16}"

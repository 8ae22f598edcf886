#!/usr/bin/env bash
# The model gateway's overhead (issue: Llm module benchmark): the official OpenAI client calls a local fake
# provider directly and through the Host, in one run. Writes bench/results/llm-gateway.md. See bench/README.md.
#
# Overridable: BENCH_LLM_LATENCIES (0,50: the fake provider's own answer time, ms, comma-separated)
#              BENCH_LLM_SEQUENTIAL (1000) BENCH_LLM_SECONDS (10) BENCH_LLM_CONCURRENCY (16)
#              BENCH_LLM_WARMUP_ROUNDS (200) BENCH_LLM_HOST_ENV (extra Host settings)
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

# shellcheck source=bench/lib/host.sh
source bench/lib/host.sh
start_bench_host "$host_port" "$conn" "$results/logs/llm-host.log" ${BENCH_LLM_HOST_ENV:-} || exit 1

BENCH_LLM_HOST_PID=$host_pid BENCH_LLM_DB="${BENCH_LLM_DB-$conn}" dotnet bench/AgentPlatform.Bench.LlmGateway/bin/Release/net10.0/AgentPlatform.Bench.LlmGateway.dll \
  "http://127.0.0.1:$host_port" "$results/llm-gateway.md" "${BENCH_LLM_LATENCIES:-0,50}" \
  "${BENCH_LLM_SEQUENTIAL:-1000}" "${BENCH_LLM_SECONDS:-10}" "${BENCH_LLM_CONCURRENCY:-16}"

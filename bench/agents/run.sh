#!/usr/bin/env bash
# Agents trace reads: seeds 1,000,000 steps and 100,000 run summaries (once) in its own database on the bench
# cluster, then times a run's details and an agent's 30-day aggregates through the module's handlers beside the
# same SQL on raw Npgsql, in one process and one run. See bench/README.md ("Agents: trace reads").
# Overridable: BENCH_AGENTS_ITERATIONS (2000) BENCH_AGENTS_WARMUP (300) BENCH_DB_PORT BENCH_SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

port=${BENCH_DB_PORT:-$(db/pick-port.sh bench 55434)}
conn=$(db/up.sh bench "$port" agentplatform_bench_agents)
project=bench/agents/AgentPlatform.Bench.Agents
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
fi

mkdir -p "$root/bench/results"
export BENCH_AGENTS_OUTPUT=$root/bench/results/agents-latest.md
dotnet "$project/bin/Release/net10.0/AgentPlatform.Bench.Agents.dll" "$conn" "${BENCH_AGENTS_ITERATIONS:-2000}" "${BENCH_AGENTS_WARMUP:-300}"

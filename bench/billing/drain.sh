#!/usr/bin/env bash
# How fast the platform charges model calls after the fact: every gateway call publishes an LlmUsageRecorded event
# through the Llm outbox, and Billing's consumer charges it (price rule, account lock, usage record, ledger row,
# token count, inbox row). This puts N such events for one user in the outbox of an idle Host at once and times the
# Host draining them. A warm-up batch goes first, so the figure is of a Host past its JIT warm-up.
# Prints "drained N usage events in S s = R events/s". See bench/README.md.
#
# Overridable: BENCH_DRAIN_EVENTS (3000) BENCH_DRAIN_WARMUP (1000) BENCH_HOST_PORT (5184) BENCH_DB_PORT (bench
#              cluster's port) BENCH_SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)
events=${BENCH_DRAIN_EVENTS:-3000}
warmup=${BENCH_DRAIN_WARMUP:-1000}
host_port=${BENCH_HOST_PORT:-5184}
db_port=${BENCH_DB_PORT:-$(db/pick-port.sh bench 55434)}
results=$root/bench/results
mkdir -p "$results/logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '[bench-drain] %s\n' "$*" >&2; }

conn=$(db/up.sh bench "$db_port" agentplatform_bench 2>/dev/null) || { log "could not start the bench database"; exit 1; }
field() { tr ';' '\n' <<<"$conn" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print substr($0, index($0, "=") + 1) }'; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGDATABASE=$(field Database) PGUSER=$(field Username) PGPASSWORD=$(field Password)
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building the Host (Release) ..."
  dotnet build src/Host/AgentPlatform.Host/AgentPlatform.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >"$results/logs/drain-build.log" 2>&1 \
    || { cat "$results/logs/drain-build.log" >&2; exit 1; }
fi

# shellcheck source=bench/lib/host.sh
source bench/lib/host.sh
start_bench_host "$host_port" "$conn" "$results/logs/drain-host.log" || exit 1

# A user of its own (the consumer checks that the user exists before it opens the account).
name="drain$(date +%s%N | tail -c 9)"
# A random password per run: nothing to keep between runs.
password=$(printf 'Dr41n-%s' "$(head -c 12 /dev/urandom | base64 | tr -d '/+=')")
curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$host_port/api/v1/auth/register" \
  -d "{\"username\":\"$name\",\"email\":\"$name@bench.localhost\",\"password\":\"$password\"}" >/dev/null
user_id=$(sql "SELECT id FROM users.users WHERE username = '$name'")

pending() { sql "SELECT count(*) FROM llm.outbox_messages WHERE processed_at IS NULL AND failed_at IS NULL"; }
wait_drained() {
  while [[ $(pending) != 0 ]]; do sleep 0.2; done
}
publish() {
  sql "INSERT INTO llm.outbox_messages (id, type, content, occurred_at, next_attempt_at, attempts)
       SELECT gen_random_uuid(), 'AgentPlatform.Modules.Llm.Contracts.LlmUsageRecordedIntegrationEvent, AgentPlatform.Modules.Llm.Contracts',
              jsonb_build_object('eventId', gen_random_uuid(), 'occurredAt', now(), 'requestId', '$name-$1-' || g, 'userId', '$user_id',
                'service', 'openai-api', 'modelId', gen_random_uuid(), 'modelName', 'bench-drain', 'providerId', gen_random_uuid(),
                'providerType', 'openai-compatible', 'inputTokens', 12, 'outputTokens', 2, 'inputPricePer1K', 0.001, 'outputPricePer1K', 0.002,
                'cost', 0.000016, 'currency', 'USD', 'latencyMs', 50, 'success', true, 'error', null, 'fallbackUsed', false, 'fallbackPath', '[]'::jsonb),
              now(), now(), 0
       FROM generate_series(1, $2) AS g"
}

wait_drained
log "warm-up: $warmup events"
publish warmup "$warmup"
wait_drained
log "measured: $events events"
started=$(date +%s.%N)
publish measured "$events"
wait_drained
ended=$(date +%s.%N)

charged=$(sql "SELECT count(*) FROM billing.usage_records WHERE request_id LIKE '$name-measured-%'")
[[ $charged == "$events" ]] || { log "expected $events usage records, found $charged"; exit 1; }
awk -v n="$events" -v a="$started" -v b="$ended" 'BEGIN { printf "drained %d usage events in %.1f s = %.0f events/s\n", n, b - a, n / (b - a) }'

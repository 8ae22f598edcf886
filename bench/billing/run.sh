#!/usr/bin/env bash
# Billing benchmark: single-account charges per second at N concurrent callers through Billing's Contracts command
# (ChargeUsage in the real Host's composition), against pgbench running a TPC-B-like script of the same shape
# (lock and update one balance, insert one history row, commit) on the same database in the same run.
# Prints a table and writes it to bench/results/billing-latest.md. See bench/README.md.
#
# Overridable: BENCH_CONCURRENCY (32) BENCH_DURATION (10) BENCH_WARMUP (3) BENCH_DB_PORT (bench cluster's port)
#              BENCH_SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)

concurrency=${BENCH_CONCURRENCY:-32}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-3}
db_port=${BENCH_DB_PORT:-$(db/pick-port.sh bench 55434)}
results=$root/bench/results
mkdir -p "$results/raw"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[bench-billing] %s\n' "$*" >&2; }
command -v pgbench >/dev/null || { log "pgbench is missing (apt-get install postgresql-client-15)"; exit 1; }

log "starting the bench database on port $db_port"
# A database of its own: the bench signs in as the admin it creates there on first start.
conn=$(db/up.sh bench "$db_port" agentplatform_bench_billing 2>/dev/null)
# The same server and credentials for pgbench, from the Npgsql connection string.
field() { tr ';' '\n' <<<"$conn" | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print substr($0, index($0, "=") + 1) }'; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGDATABASE=$(field Database) PGUSER=$(field Username) PGPASSWORD=$(field Password)

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building (Release)"
  dotnet build bench/billing/AgentPlatform.Bench.Billing -c Release -nologo -v quiet -clp:ErrorsOnly >&2
fi

# pgbench's side: one account row (the single hot row of the charge benchmark) and a history table.
psql -q -v ON_ERROR_STOP=1 >&2 <<'SQL'
CREATE SCHEMA IF NOT EXISTS bench_pgbench;
DROP TABLE IF EXISTS bench_pgbench.history, bench_pgbench.accounts;
CREATE TABLE bench_pgbench.accounts (id int PRIMARY KEY, balance numeric(20,8) NOT NULL);
CREATE TABLE bench_pgbench.history (id bigserial PRIMARY KEY, account_id int NOT NULL, delta numeric(20,8) NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO bench_pgbench.accounts VALUES (1, 900000000);
SQL
script=$root/bench/billing/charge.pgbench

log "pgbench: $concurrency clients, ${warmup}s warm-up, ${duration}s measured"
pgbench -n -M prepared -c "$concurrency" -j 2 -T "$warmup" -f "$script" >/dev/null 2>&1 || true
pgbench -n -M prepared -c "$concurrency" -j 2 -T "$duration" -f "$script" >"$results/raw/billing-pgbench.txt" 2>&1
pg_tps=$(awk -F'= ' '/^tps = / { split($2, a, " "); printf "%.1f", a[1]; exit }' "$results/raw/billing-pgbench.txt")
[[ -n $pg_tps ]] || { log "could not read pgbench's tps"; cat "$results/raw/billing-pgbench.txt" >&2; exit 1; }

log "charges through ChargeUsage: $concurrency callers, ${warmup}s warm-up, ${duration}s measured"
dll=$root/bench/billing/AgentPlatform.Bench.Billing/bin/Release/net10.0/AgentPlatform.Bench.Billing.dll
(cd "$(dirname "$dll")" && dotnet "$dll" "$conn" "$concurrency" "$duration" "$warmup") >"$results/raw/billing-charges.txt" 2>&1 || {
  log "the charge benchmark failed"; cat "$results/raw/billing-charges.txt" >&2; exit 1; }
line=$(grep '^RESULT ' "$results/raw/billing-charges.txt")
value() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$line"; }
cps=$(value cps)

ratio=$(awk -v a="$cps" -v b="$pg_tps" 'BEGIN { printf "%.1f", 100 * a / b }')
met=$(awk -v r="$ratio" 'BEGIN { print (r >= 40 ? "yes" : "NO") }')
report=$(cat <<EOF2
# Billing benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))

Single account, $concurrency concurrent callers, ${duration}s measured after ${warmup}s warm-up, PostgreSQL cluster \`bench\` (durable: fsync on).

| | per second | p50 ms | p99 ms |
|---|---|---|---|
| pgbench, same-shape script (\`bench/billing/charge.pgbench\`, -M prepared) | $pg_tps | | |
| ChargeUsage through the mediator (usage record + ledger row + balance, one transaction) | $cps | $(value p50_ms) | $(value p99_ms) |

Ratio: **$ratio %** of pgbench (target >= 40 %: $met). Errors: $(value errors). Balance adds up: $(value balance_ok).
EOF2
)
printf '%s\n' "$report" | tee "$results/billing-latest.md"

#!/usr/bin/env bash
# Load benchmark on loopback: bare minimal API vs the real Host (authorized GET, validated EF write),
# raw Npgsql inserts, Host cold start and (with BENCH_TEST_SH=1) the wall time of ./test.sh.
# Prints a table at the end and writes it to bench/results/latest.md. See bench/README.md.
#
# Overridable: BENCH_WARMUP (3s) BENCH_DURATION (10s) BENCH_HOST_WARMUP (30s, 0 = off)
#              BENCH_CONNECTIONS (16) BENCH_THREADS (1) BENCH_COLDSTART_RUNS (3)
#              BENCH_BARE_PORT (5181) BENCH_HOST_PORT (5182) BENCH_DB_PORT (55434)
#              BENCH_TEST_SH (0) BENCH_SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd -P)

warmup=${BENCH_WARMUP:-3s}
duration=${BENCH_DURATION:-10s}
host_warmup=${BENCH_HOST_WARMUP:-30s}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-1}
coldstart_runs=${BENCH_COLDSTART_RUNS:-3}
bare_port=${BENCH_BARE_PORT:-5181}
host_port=${BENCH_HOST_PORT:-5182}
db_port=${BENCH_DB_PORT:-$(db/pick-port.sh bench 55434)}
run_test_sh=${BENCH_TEST_SH:-0}

results=$root/bench/results
raw=$results/raw
logs=$results/logs
data_dir=$root/.local/bench/data
host_dir=$root/.local/bench/host # the Host as run.sh and a deployment run it: published ReadyToRun
bare_dll=$root/bench/AgentPlatform.Bench.BareApi/bin/Release/net10.0/AgentPlatform.Bench.BareApi.dll
raw_dll=$root/bench/AgentPlatform.Bench.RawInsert/bin/Release/net10.0/AgentPlatform.Bench.RawInsert.dll
mkdir -p "$raw" "$logs" "$data_dir"
rm -f "$raw"/* "$logs"/*

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

seconds_of() { # seconds_of VALUE MIN: "10s" / "10" -> 10 ; only whole seconds are accepted (wrk's syntax)
  local v=${1%s}
  [[ $v =~ ^[0-9]+$ && $v -ge $2 ]] || die "durations are whole seconds (at least $2) like 10s, got '$1'"
  echo "$((10#$v))"
}
warmup_s=$(seconds_of "$warmup" 1)
duration_s=$(seconds_of "$duration" 1)
host_warmup_s=$(seconds_of "$host_warmup" 0)
[[ $connections =~ ^[0-9]+$ && $connections -ge 1 ]] || die "BENCH_CONNECTIONS must be a positive integer"
[[ $threads =~ ^[0-9]+$ && $threads -ge 1 && $threads -le $connections ]] || die "BENCH_THREADS must be 1..BENCH_CONNECTIONS"
[[ $coldstart_runs =~ ^[0-9]+$ && $coldstart_runs -ge 1 ]] || die "BENCH_COLDSTART_RUNS must be a positive integer"

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: every server started here is stopped on exit, whatever happens.
# ---------------------------------------------------------------------------------------------
declare -a pids=()

# alive PID: running and not a zombie (kill -0 also succeeds on a zombie not yet waited for).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

stop_pid() { # TERM, wait up to 10 s, then KILL; only the given pid (started by this script)
  local pid=$1 i
  alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "process $pid did not stop after TERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

forget_pid() {
  local keep=() p
  for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  pids=("${keep[@]}")
}

cleanup() {
  local p
  for p in "${pids[@]}"; do stop_pid "$p"; done
  pids=()
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# cpu_busy SECONDS: percentage of all cores busy over that window (from /proc/stat).
cpu_busy() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2]
    printf "%.0f", (busy + idle > 0) ? 100 * busy / (busy + idle) : 0 }'
}

# wait_http PID URL TIMEOUT_S: polls URL every 50 ms until it answers 200; fails if PID exits.
wait_http() {
  local pid=$1 url=$2 timeout_s=$3 deadline code
  deadline=$(($(now_ms) + timeout_s * 1000))
  while (($(now_ms) < deadline)); do
    alive "$pid" || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null || true)
    [[ $code == 200 ]] && return 0
    sleep 0.05
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required"
command -v curl >/dev/null 2>&1 || die "curl is required"
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt-get) ..."
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq wrk >"$logs/apt.log" 2>&1; then
    "${sudo_cmd[@]}" apt-get update -qq >>"$logs/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq wrk >>"$logs/apt.log" 2>&1 ||
      die "could not install wrk (see $logs/apt.log)"
  fi
fi

for p in "$bare_port" "$host_port"; do
  port_in_use "$p" && die "port $p is already in use (set BENCH_BARE_PORT / BENCH_HOST_PORT)"
done

log "starting the bench database (cluster 'bench' on 127.0.0.1:$db_port) ..."
conn=$(db/up.sh bench "$db_port" agentplatform_bench) || die "could not start the bench database"

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building (Release; the Host published ReadyToRun into $host_dir) ..."
  src/Host/publish.sh "$host_dir" >"$logs/build.log" 2>&1 || { cat "$logs/build.log" >&2; die "publishing the Host failed"; }
  for proj in bench/AgentPlatform.Bench.BareApi/AgentPlatform.Bench.BareApi.csproj \
    bench/AgentPlatform.Bench.RawInsert/AgentPlatform.Bench.RawInsert.csproj; do
    dotnet build "$proj" -c Release -nologo -v quiet -clp:ErrorsOnly >"$logs/build.log" 2>&1 ||
      { cat "$logs/build.log" >&2; die "build of $proj failed"; }
  done
fi
[[ -f $host_dir/AgentPlatform.Host.dll && -f $bare_dll && -f $raw_dll ]] || die "build outputs are missing"

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
declare -A rps=() p50=() p99=() note=() total_requests=()
declare -a failures=()
fail() { # fail SCENARIO MESSAGE
  failures+=("$1")
  note[$1]="FAILED: $2"
  log "scenario $1 FAILED: $2"
}

# to_ms VALUE: wrk latency ("812.00us", "1.23ms", "1.05s", "1.00m") -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u != "ms") { print "NaN"; exit }
    printf "%.3f", n }'
}

# run_wrk SCENARIO URL [LUA]: warm-up (discarded), then the measured run; parses req/s, p50, p99.
run_wrk() {
  local name=$1 url=$2 lua=${3:-} args out rate l50 l99 non2xx sockerr total
  args=(-t "$threads" -c "$connections" --latency)
  [[ -n $lua ]] && args+=(-s "$lua")
  log "($name) warm-up ${warmup_s}s: $url"
  wrk "${args[@]}" -d "${warmup_s}s" "$url" >"$raw/$name-warmup.txt" 2>&1 || { fail "$name" "wrk warm-up failed (see $raw/$name-warmup.txt)"; return 1; }
  log "($name) measuring ${duration_s}s ..."
  out=$raw/$name.txt
  wrk "${args[@]}" -d "${duration_s}s" "$url" >"$out" 2>&1 || { fail "$name" "wrk failed (see $out)"; return 1; }
  cat "$out" >&2
  # A Lua error does not stop wrk (it goes on without the script's headers and exits 0): fail on it.
  if grep -qE '\.lua:[0-9]+:' "$raw/$name-warmup.txt" "$out"; then
    fail "$name" "the wrk Lua script failed (see $out)"
    return 1
  fi
  rate=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  l50=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' "$out")
  l99=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$out")
  total=$(awk '/ requests in / { print $1; exit }' "$out")
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
  sockerr=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$out")
  if [[ -z $rate || -z $l50 || -z $l99 || -z $total || $total == 0 ]]; then
    fail "$name" "could not parse wrk output (see $out)"
    return 1
  fi
  if [[ -n $non2xx && $non2xx != 0 ]]; then
    fail "$name" "$non2xx of $total responses were not 2xx (see $out and $logs)"
    return 1
  fi
  rps[$name]=$rate
  total_requests[$name]=$total
  p50[$name]=$(to_ms "$l50")
  p99[$name]=$(to_ms "$l99")
  note[$name]="$total requests${sockerr:+; socket errors: $sockerr}"
}

# ---------------------------------------------------------------------------------------------
# (a) bare minimal API
# ---------------------------------------------------------------------------------------------
# start_bare NAME LOG [ENV=VALUE...]: starts the bare minimal API (extra settings as env) -> sets bare_pid; fails NAME
# and returns 1 when it does not answer.
start_bare() {
  local name=$1 logfile=$2
  shift 2
  (
    cd "$(dirname "$bare_dll")"
    exec env ASPNETCORE_URLS="http://127.0.0.1:$bare_port" Logging__LogLevel__Default=Warning "$@" \
      dotnet "$(basename "$bare_dll")"
  ) >"$logfile" 2>&1 &
  bare_pid=$!
  pids+=("$bare_pid")
  if ! wait_http "$bare_pid" "http://127.0.0.1:$bare_port/ping" 30; then
    fail "$name" "the bare API did not answer (see $logfile)"
    stop_pid "$bare_pid"; forget_pid "$bare_pid"
    return 1
  fi
}

scenario_a() {
  local pid body
  log "(a) starting the bare minimal API on 127.0.0.1:$bare_port ..."
  start_bare a "$logs/bare.log" || return 1
  pid=$bare_pid
  body=$(curl -s "http://127.0.0.1:$bare_port/ping")
  if [[ $body != '{"ok":true}' ]]; then
    fail a "unexpected /ping body: $body"
  else
    run_wrk a "http://127.0.0.1:$bare_port/ping" || true
  fi
  stop_pid "$pid"; forget_pid "$pid"
}

# ---------------------------------------------------------------------------------------------
# (e) bare minimal API write: the same row as (c), one prepared raw insert, no auth, no validation, no EF.
# Runs after the Host, whose migrations made agents.agents (the bare table is made LIKE it).
# ---------------------------------------------------------------------------------------------
scenario_e() {
  local pid code
  log "(e) starting the bare minimal API with its write endpoint on 127.0.0.1:$bare_port ..."
  start_bare e "$logs/bare-write.log" ConnectionStrings__Bench="$conn" || return 1
  pid=$bare_pid
  code=$(curl -s -o "$logs/bare-write.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"name":"bench-probe","systemPrompt":"You answer briefly."}' "http://127.0.0.1:$bare_port/agents")
  if [[ $code != 201 ]]; then
    fail e "POST /agents answered $code: $(cat "$logs/bare-write.json")"
  else
    export BENCH_TOKEN=unused # the script sends it; the bare API ignores it
    # The same JIT warm-up as the Host gets: Npgsql's write path is not tiny, like (a)'s read.
    if ((host_warmup_s > 0)); then
      log "(e) JIT warm-up: ${host_warmup_s}s (discarded) ..."
      wrk -t "$threads" -c "$connections" -d "${host_warmup_s}s" -s "$root/bench/lua/post_agent.lua" \
        "http://127.0.0.1:$bare_port/agents" >"$raw/e-jit-warmup.txt" 2>&1 || log "warning: the (e) JIT warm-up failed"
    fi
    run_wrk e "http://127.0.0.1:$bare_port/agents" "$root/bench/lua/post_agent.lua" || true
    unset BENCH_TOKEN
  fi
  stop_pid "$pid"; forget_pid "$pid"
}

# ---------------------------------------------------------------------------------------------
# The Host: (b), (c) and cold start
# ---------------------------------------------------------------------------------------------
admin_password=$(printf 'Bench-%s-1' "$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')")

start_host() { # start_host LOGFILE -> sets host_pid
  (
    cd "$host_dir"
    exec env ConnectionStrings__Platform="$conn" \
      ASPNETCORE_URLS="http://127.0.0.1:$host_port" \
      AGENTPLATFORM_Platform__DataDirectory="$data_dir" \
      Bootstrap__AdminPassword="$admin_password" \
      Logging__LogLevel__Default=Warning \
      Auth__RateLimit__PermitsPerMinute=1000000 \
      dotnet AgentPlatform.Host.dll
  ) >"$1" 2>&1 &
  host_pid=$!
  pids+=("$host_pid")
}

host_url=http://127.0.0.1:$host_port
bench_user=benchuser
bench_email=benchuser@bench.localhost
bench_password=bench-password-1

# login -> prints the access token
login() {
  local resp
  resp=$(curl -s --max-time 30 -X POST "$host_url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$bench_user\",\"password\":\"$bench_password\"}") || return 1
  sed -n 's/.*"accessToken"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$resp" | grep . ||
    { log "login failed: $resp"; return 1; }
}

# agent_count TOKEN -> how many agents the bench user has (the list's total)
agent_count() {
  curl -s --max-time 30 -H "Authorization: Bearer $1" "$host_url/api/v1/agents?pageSize=1" |
    sed -n 's/.*"total"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p'
}

scenario_host() {
  local code token body
  log "starting the Host on $host_url (first start applies migrations) ..."
  start_host "$logs/host.log"
  if ! wait_http "$host_pid" "$host_url/health/ready" 120; then
    fail b "the Host did not become ready (see $logs/host.log)"
    fail c "the Host did not become ready"
    stop_pid "$host_pid"; forget_pid "$host_pid"
    return 1
  fi

  # The bench user is created once and reused by later runs (409 = already registered).
  code=$(curl -s -o "$logs/register.json" -w '%{http_code}' --max-time 30 -X POST "$host_url/api/v1/auth/register" \
    -H 'Content-Type: application/json' \
    -d "{\"username\":\"$bench_user\",\"email\":\"$bench_email\",\"password\":\"$bench_password\"}")
  if [[ $code != 201 && $code != 409 ]]; then
    fail b "register answered $code: $(cat "$logs/register.json")"
    fail c "register failed"
    stop_pid "$host_pid"; forget_pid "$host_pid"
    return 1
  fi

  # (b) authorized GET
  if token=$(login); then
    export BENCH_TOKEN=$token
    # JIT warm-up: on 2 busy cores the Host's hot paths need ~25-30 s of load to reach tier-1 code
    # (a 3 s warm-up measures it at about half its steady-state throughput). Discarded.
    if ((host_warmup_s > 0)); then
      log "Host JIT warm-up: ${host_warmup_s}s of mixed GET/POST (discarded) ..."
      wrk -t "$threads" -c "$connections" -d "${host_warmup_s}s" -s "$root/bench/lua/warmup_mix.lua" \
        "$host_url/api/v1/users/me" >"$raw/host-jit-warmup.txt" 2>&1 || log "warning: the Host JIT warm-up failed (see $raw/host-jit-warmup.txt)"
    fi
    # (r) reference: the Host's /health/ready is one raw SQL round trip with no auth, no mediator, no EF:
    # the ceiling of any endpoint that touches PostgreSQL once per request on this machine.
    run_wrk r "$host_url/health/ready" || true
    code=$(curl -s -o "$logs/me.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$host_url/api/v1/users/me")
    if [[ $code == 200 ]]; then
      run_wrk b "$host_url/api/v1/users/me" "$root/bench/lua/get_me.lua" || true
    else
      fail b "GET /api/v1/users/me answered $code: $(cat "$logs/me.json")"
    fi
  else
    fail b "could not log in"
  fi

  # (c) POST through validation and EF: a new draft agent per request (a fresh token, in case (b) ran long)
  if token=$(login); then
    export BENCH_TOKEN=$token
    local before after
    code=$(curl -s -o "$logs/post.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"name":"bench-probe","systemPrompt":"You answer briefly."}' "$host_url/api/v1/agents")
    before=$(agent_count "$token")
    if [[ $code != 201 ]] || ! grep -q '"name":"bench-probe"' "$logs/post.json"; then
      fail c "POST /api/v1/agents answered $code: $(cat "$logs/post.json")"
    elif [[ -z $before ]]; then
      fail c "could not count the bench user's agents"
    elif run_wrk c "$host_url/api/v1/agents" "$root/bench/lua/post_agent.lua"; then
      # The writes really landed: at least one new agent per answered request (the warm-up adds more).
      after=$(agent_count "$token")
      [[ -n $after ]] && ((after - before >= ${total_requests[c]})) ||
        fail c "the bench user has $((${after:-0} - before)) more agents, fewer than the ${total_requests[c]} requests answered"
    fi
  else
    fail c "could not log in"
  fi
  unset BENCH_TOKEN

  stop_pid "$host_pid"; forget_pid "$host_pid"
}

# Cold start: spawn the Host, poll /health/ready every 50 ms until 200; migrations are already applied.
declare -a cold=()
scenario_coldstart() {
  local i t0 t1
  for ((i = 1; i <= coldstart_runs; i++)); do
    t0=$(now_ms)
    start_host "$logs/host-coldstart-$i.log"
    if ! wait_http "$host_pid" "$host_url/health/ready" 60; then
      fail cold "start $i did not become ready within 60 s (see $logs/host-coldstart-$i.log)"
      stop_pid "$host_pid"; forget_pid "$host_pid"
      return 1
    fi
    t1=$(now_ms)
    cold+=($((t1 - t0)))
    log "cold start $i: $((t1 - t0)) ms"
    stop_pid "$host_pid"; forget_pid "$host_pid"
  done
}

# ---------------------------------------------------------------------------------------------
# (d) raw Npgsql INSERT loop
# ---------------------------------------------------------------------------------------------
scenario_d() {
  local out line
  log "(d) raw Npgsql INSERT loop: $connections workers, ${warmup_s}s warm-up + ${duration_s}s ..."
  out=$raw/d.txt
  if ! dotnet "$raw_dll" "$conn" "$connections" "$duration_s" "$warmup_s" >"$out" 2>&1; then
    cat "$out" >&2
    fail d "the raw insert run failed (see $out)"
    return 1
  fi
  cat "$out" >&2
  line=$(grep '^RESULT ' "$out") || { fail d "no RESULT line (see $out)"; return 1; }
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  rps[d]=$(field rps)
  p50[d]=$(field p50_ms)
  p99[d]=$(field p99_ms)
  note[d]="$(field requests) inserts"
}

# ---------------------------------------------------------------------------------------------
# Run everything (one after the other, so no two servers compete for the 2 cores)
# ---------------------------------------------------------------------------------------------
started_at=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
busy_before=$(cpu_busy 2)
log "CPU busy before the scenarios (2 s, nothing of the bench running): $busy_before %"
((busy_before <= 15)) || log "warning: the machine is busy ($busy_before %); other work will lower the figures"
scenario_a || true
scenario_host || true
scenario_e || true
scenario_d || true
scenario_coldstart || true
busy_after=$(cpu_busy 2)
log "CPU busy after the scenarios (2 s): $busy_after %"

test_sh_ms='' test_sh_line=''
if [[ $run_test_sh == 1 ]]; then
  log "running ./test.sh (BENCH_TEST_SH=1) ..."
  t0=$(now_ms)
  if ./test.sh >"$logs/test-sh.log" 2>&1; then test_status=0; else test_status=$?; fi
  test_sh_ms=$(($(now_ms) - t0))
  test_sh_line=$(tail -n 1 "$logs/test-sh.log")
  log "./test.sh: ${test_sh_ms} ms, exit $test_status: $test_sh_line"
  # A failing run's wall time is not the suite's wall time; report it but count it as a failure.
  ((test_status == 0)) || fail test "./test.sh exited $test_status ($test_sh_line; see $logs/test-sh.log)"
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
fmt_or_na() { [[ -n ${1:-} ]] && echo "$1" || echo "n/a"; }

ratio() { # ratio NUM DEN -> percentage with 1 decimal, or empty
  [[ -n ${1:-} && -n ${2:-} ]] || return 0
  awk -v n="$1" -v d="$2" 'BEGIN { if (d > 0) printf "%.1f", 100 * n / d }'
}
met() { # met VALUE OP TARGET -> yes/no/n/a
  [[ -n ${1:-} ]] || { echo "n/a (not measured)"; return 0; }
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v < t); print ok ? "yes" : "NO" }'
}

ratio_ba=$(ratio "${rps[b]:-}" "${rps[a]:-}")
ratio_cd=$(ratio "${rps[c]:-}" "${rps[d]:-}")
cold_median=''
cold_list=''
if ((${#cold[@]} > 0)); then
  cold_median=$(printf '%s\n' "${cold[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  cold_list=$(printf '%s, ' "${cold[@]}")
  cold_list=${cold_list%, }
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git status --porcelain -- src 2>/dev/null) ]] && commit="$commit (src/ has uncommitted changes)"
cpu=$(awk -F: '/model name/ { sub(/^ /, "", $2); print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

row() { # row KEY LABEL
  printf '| %s | %s | %s | %s | %s |\n' "$2" "$(fmt_or_na "${rps[$1]:-}")" "$(fmt_or_na "${p50[$1]:-}")" \
    "$(fmt_or_na "${p99[$1]:-}")" "${note[$1]:-}"
}

report=$results/latest.md
{
  echo "# AgentPlatform load benchmark"
  echo
  echo "- Run: $started_at, commit $commit"
  echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}, .NET $(dotnet --version), $(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
  echo "- Load: wrk -t $threads -c $connections --latency, ${warmup_s}s warm-up (discarded) + ${duration_s}s measured per scenario;" \
    "raw inserts with $connections workers, same warm-up and duration"
  echo "- Host JIT warm-up: ${host_warmup_s}s of mixed GET/POST once after the Host started, before (b) and (c) (discarded; BENCH_HOST_WARMUP)"
  echo "- Everything on loopback: the load generator shares the cores with the server and PostgreSQL (cluster 'bench', port $db_port)."
  echo "- CPU busy with nothing of the bench running: $busy_before % before the scenarios, $busy_after % after (anything else running lowers the figures)."
  echo
  echo "| Scenario | req/s | p50 (ms) | p99 (ms) | notes |"
  echo "|---|---:|---:|---:|---|"
  row a "(a) bare minimal API \`GET /ping\`"
  row b "(b) Host \`GET /api/v1/users/me\` (JWT)"
  row r "(r) reference: Host \`GET /health/ready\` (one raw SQL round trip, no auth)"
  row c "(c) Host \`POST /api/v1/agents\` (validation + EF insert)"
  row e "(e) reference: bare minimal API \`POST /agents\` (the same row as (c), one raw prepared INSERT, no auth, no EF)"
  row d "(d) raw Npgsql single-row INSERT (autocommit)"
  echo
  echo "| Measure | value | target | met |"
  echo "|---|---:|---|---|"
  echo "| (b)/(a) throughput | $(fmt_or_na "${ratio_ba:+$ratio_ba %}") | >= 50 % | $(met "$ratio_ba" '>=' 50) |"
  echo "| (r)/(a) throughput: one DB round trip vs the floor (context, no target) | $(fmt_or_na "$(ratio "${rps[r]:-}" "${rps[a]:-}")${rps[r]:+ %}") | - | - |"
  echo "| (c)/(d) throughput | $(fmt_or_na "${ratio_cd:+$ratio_cd %}") | >= 50 % | $(met "$ratio_cd" '>=' 50) |"
  echo "| (e)/(d) throughput: the framework's own write floor vs the raw insert (context, no target) | $(fmt_or_na "$(ratio "${rps[e]:-}" "${rps[d]:-}")${rps[e]:+ %}") | - | - |"
  echo "| (c)/(e) throughput: the platform's write vs the framework's write floor (context, no target) | $(fmt_or_na "$(ratio "${rps[c]:-}" "${rps[e]:-}")${rps[e]:+ %}") | - | - |"
  echo "| Host cold start to \`/health/ready\` 200, median of $coldstart_runs${cold_list:+ ($cold_list ms)} | $(fmt_or_na "${cold_median:+$cold_median ms}") | < 3000 ms | $(met "$cold_median" '<' 3000) |"
  if [[ $run_test_sh == 1 ]]; then
    echo "| \`./test.sh\` wall time ($test_sh_line) | $test_sh_ms ms | - | - |"
  else
    echo "| \`./test.sh\` wall time | not run (set BENCH_TEST_SH=1) | - | - |"
  fi
  if ((${#failures[@]} > 0)); then
    echo
    echo "**Failed:** ${failures[*]}${note[cold]:+ (cold start: ${note[cold]})}${note[test]:+ (test.sh: ${note[test]})}"
  fi
  echo
  echo "Raw outputs: bench/results/raw/, logs: bench/results/logs/."
} >"$report"
cp "$report" "$results/$(date -u +%Y%m%dT%H%M%SZ).md"

echo
cat "$report"
if ((${#failures[@]} > 0)); then
  log "failed scenarios: ${failures[*]}"
  exit 1
fi

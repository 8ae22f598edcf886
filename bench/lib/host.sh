# Sourced by bench scripts: runs the Host's Release build on the bench database until the script exits.
# start_bench_host PORT CONNECTION_STRING LOGFILE [EXTRA_ENV...]  (from the repository root; sets host_pid; returns
# once /health/ready answers 200, fails if the Host exits first)
start_bench_host() {
  local port=$1 conn=$2 logfile=$3 data
  data="$(pwd -P)/.local/bench/data"
  shift 3
  (
    cd src/Host/AgentPlatform.Host/bin/Release/net10.0
    exec env ConnectionStrings__Platform="$conn" ASPNETCORE_URLS="http://127.0.0.1:$port" \
      AGENTPLATFORM_Platform__DataDirectory="$data" Logging__LogLevel__Default=Warning \
      Auth__RateLimit__PermitsPerMinute=1000000 "$@" dotnet AgentPlatform.Host.dll
  ) >"$logfile" 2>&1 &
  host_pid=$!
  trap 'kill -TERM $host_pid 2>/dev/null; wait $host_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true) == 200 ]] && return 0
    kill -0 "$host_pid" 2>/dev/null || { printf 'the Host exited (see %s)\n' "$logfile" >&2; return 1; }
    sleep 0.1
  done
  printf 'the Host did not become ready (see %s)\n' "$logfile" >&2
  return 1
}

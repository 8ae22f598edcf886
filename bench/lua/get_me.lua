-- wrk script for scenario (b): authenticated GET /api/v1/users/me.
-- The bearer token comes from the environment (bench/run.sh exports BENCH_TOKEN).
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end

wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

-- wrk script for the Host's JIT warm-up (discarded): alternates the requests of scenarios (b) and (c),
-- so both code paths reach tier-1 JIT code before anything is measured. Token from BENCH_TOKEN.
-- The URL given to wrk is not used: each request names its own path.
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end

local auth = "Bearer " .. token
local get_headers = { ["Authorization"] = auth, ["Accept"] = "application/json" }
local post_headers = { ["Authorization"] = auth, ["Accept"] = "application/json", ["Content-Type"] = "application/json" }

local stamp = os.time() % 100000000
local counter = 0
function request()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("GET", "/api/v1/users/me", get_headers, nil)
  end
  return wrk.format("POST", "/api/v1/agents", post_headers,
    string.format('{"name":"warmup-%d-%d","systemPrompt":"You answer briefly."}', stamp, counter))
end

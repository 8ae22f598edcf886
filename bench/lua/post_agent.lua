-- wrk script for scenario (c): POST /api/v1/agents, a new draft agent per request, with a bearer token.
-- Every body carries a name never sent before (run stamp, wrk thread, counter): FluentValidation, then
-- EF inserts one row and commits. Names stay well under the 100-character limit.
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local stamp = os.time() % 100000000
local counter = 0
function request()
  counter = counter + 1
  local body = string.format('{"name":"bench-%d-%d-%d","systemPrompt":"You answer briefly."}', stamp, tid or 0, counter)
  return wrk.format(nil, nil, nil, body)
end

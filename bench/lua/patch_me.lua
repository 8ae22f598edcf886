-- wrk script for scenario (c): PATCH /api/v1/users/me {"nickname":"n-..."} with a bearer token.
-- Every request carries a nickname never sent before (run stamp, wrk thread, counter), so every
-- request really changes the row and EF issues an UPDATE. Nicknames stay well under 50 characters.
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end

wrk.method = "PATCH"
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
  local body = string.format('{"nickname":"n-%d-%d-%d"}', stamp, tid or 0, counter)
  return wrk.format(nil, nil, nil, body)
end

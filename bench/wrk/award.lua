-- Awards racing for one call's envelope: POST :award to random scored applications
-- <CALL>-<n>, n in [0, APPLICATIONS), set up by civitas-bench-grants-loader. Every answer is a
-- decision: 200 (awarded) or a refusal naming its limit (400 FAILED_PRECONDITION: the
-- application's state, the envelope's or the cap's counter; 409 ABORTED if ever). The
-- statuses are counted and printed at the end ("status <code>: <count>").
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local call = os.getenv("CALL")
local applications = tonumber(os.getenv("APPLICATIONS"))
local body = '{"amount":{"currencyCode":"EUR","amountMinor":"' .. os.getenv("AWARD_MINOR") .. '"}}'
local headers = auth_headers({["Content-Type"] = "application/json"})
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

request = function()
  local n = math.random(0, applications - 1)
  return wrk.format("POST", "/v1/applications/" .. call .. "-" .. n .. ":award", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end

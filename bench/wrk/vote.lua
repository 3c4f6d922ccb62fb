-- Votes racing on one round: each request is a random voter's vote (or changed vote) on a random
-- need of ROUND with a random score 1..5. Voters' tokens are the lines of TOKENS (minted by
-- bench.py: voter-<i> acting for one of the round's participant organisations); needs are
-- NEEDS_PREFIX-<n>, n in [0, NEEDS). Every answer should be 200; the statuses are counted and
-- printed at the end ("status <code>: <count>").
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local round = os.getenv("ROUND")
local needs = tonumber(os.getenv("NEEDS"))
local prefix = os.getenv("NEEDS_PREFIX")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  voters = {}
  for line in io.lines(os.getenv("TOKENS")) do
    table.insert(voters, {["Content-Type"] = "application/json",
                          ["Authorization"] = "Bearer " .. line})
  end
end

request = function()
  local headers = voters[math.random(1, #voters)]
  local body = '{"need":"needs/' .. prefix .. '-' .. math.random(0, needs - 1) ..
               '","score":' .. math.random(1, 5) .. '}'
  return wrk.format("POST", "/v1/prioritisationRounds/" .. round .. ":vote", headers, body)
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

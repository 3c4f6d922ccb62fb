-- Shared by the workload scripts. Organisations loaded by load.lua have ids org-<n>, n in
-- [0, COUNT). COUNT, TOKEN and ETAG_IN (header|body) come from the environment.
count = tonumber(os.getenv("COUNT") or "10000")
token = os.getenv("TOKEN") or ""
math.randomseed(os.time() + (tonumber(os.getenv("SEED") or "0")))

-- Exponential gaps make each connection a Poisson stream; many connections superpose into one
-- Poisson arrival process at RATE requests per second overall (wrk's delay() is per connection).
rate = tonumber(os.getenv("RATE") or "0")
connections = tonumber(os.getenv("CONNECTIONS") or "1")
if rate > 0 then
  local mean_ms = 1000.0 * connections / rate
  function delay()
    return -math.log(1.0 - math.random()) * mean_ms
  end
end

function auth_headers(extra)
  local h = extra or {}
  if token ~= "" then h["Authorization"] = "Bearer " .. token end
  return h
end

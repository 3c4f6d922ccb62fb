-- POST new organisations with server-generated ids.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local n = 0
request = function()
  n = n + 1
  local body = '{"type":"CSO","displayName":{"en":"Bench created ' .. n .. '","ro":"Creat ' .. n ..
    '"},"legalForm":"public association","territories":["territories/bench-muni-' ..
    (n % 100) .. '"],"targetGroups":["ELDERLY","YOUTH"]}'
  return wrk.format("POST", "/v1/organizations",
    auth_headers({["Content-Type"] = "application/json"}), body)
end

-- PATCH organisations in turn, each conditional on the etag the previous PATCH returned (If-Match
-- header, or the etag field of the body for a gateway without If-Match support).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local etag_in = os.getenv("ETAG_IN") or "header"
local pool = math.min(count, 2000)
local etags = {}
local next_id = 0
request = function()
  local id = next_id
  next_id = (next_id + 1) % pool
  local e = etags[id]
  local headers = auth_headers({["Content-Type"] = "application/json"})
  local body = '{"legalForm":"form ' .. math.random(1, 1000000) .. '"'
  if e ~= nil then
    if etag_in == "header" then headers["If-Match"] = '"' .. e .. '"'
    else body = body .. ',"etag":"' .. e .. '"' end
  end
  body = body .. "}"
  return wrk.format("PATCH", "/v1/organizations/org-" .. id .. "?updateMask=legalForm", headers, body)
end
response = function(status, headers, body)
  -- The updated record names itself; remember its new etag for its next PATCH.
  if status == 200 then
    local id = tonumber(body:match('"name":"organizations/org%-(%d+)"'))
    local e = body:match('"etag":"(%d+)"')
    if id ~= nil and e ~= nil then etags[id] = e end
  end
end

-- PATCH organisations in turn, each conditional on the etag the previous PATCH returned (If-Match
-- header, or the etag field of the body for a gateway without If-Match support).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local etag_in = os.getenv("ETAG_IN") or "header"
local pool = math.min(count, 2000)
local etags = {}
local next_id = 0
local inflight = {}
request = function()
  local id = next_id
  next_id = (next_id + 1) % pool
  table.insert(inflight, id)
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
  -- Responses on one connection come back in order; across connections the oldest in flight is
  -- a fair guess, and a wrong guess only costs a 409 on that record's next PATCH.
  local id = table.remove(inflight, 1)
  if id ~= nil and status == 200 then
    local e = body:match('"etag":"(%d+)"')
    if e then etags[id] = e end
  end
end

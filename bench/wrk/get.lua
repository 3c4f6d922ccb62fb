-- GET a random organisation by id.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
request = function()
  return wrk.format("GET", "/v1/organizations/org-" .. math.random(0, count - 1))
end

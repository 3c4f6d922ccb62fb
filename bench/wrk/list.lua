-- LIST one filtered page of 50: CSOs serving somewhere below a territory.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require "common"
local path = "/v1/organizations?pageSize=50&filter=" ..
  "type%3DCSO%20AND%20territory%3D%22territories%2Fbench-region-" 
request = function()
  return wrk.format("GET", path .. math.random(0, 9) .. "%22")
end

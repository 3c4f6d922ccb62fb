-- Applies one WritePlan atomically: every check runs before the first write, so a refused plan
-- changes nothing. Returns {'OK', version, event_id} or {CODE, detail...}.
-- KEYS: doc, sequence, all-index, events, idempotency, then index_add, index_remove,
--       unique_claim, unique_release and must_exist keys.
-- ARGV: kind, expected_version, payload, id, has_idempotency, idempotency_ttl, #add, #remove,
--       #claim, #release, #must_exist, event_type, resource_name, collection, actor, stream_maxlen
local kind, id = ARGV[1], ARGV[4]
local na, nr, nc, nl, ne = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]),
    tonumber(ARGV[10]), tonumber(ARGV[11])
local add0, rem0 = 5, 5 + na
local claim0, rel0 = rem0 + nr, rem0 + nr + nc
local must0 = rel0 + nl

if ARGV[5] == '1' then
  local prior = redis.call('GET', KEYS[5])
  if prior then return {'REPLAYED', prior} end
end

local cur = redis.call('HMGET', KEYS[1], 'v', 's')
local version = tonumber(cur[1])
local seq
if kind == 'create' then
  if version then return {'ALREADY_EXISTS', id} end
else
  if not version then return {'NOT_FOUND', id} end
  if version ~= tonumber(ARGV[2]) then return {'ABORTED', tostring(version)} end
  seq = tonumber(cur[2])
end
for i = 1, ne do
  if redis.call('EXISTS', KEYS[must0 + i]) == 0 then return {'MISSING', tostring(i)} end
end
for i = 1, nc do
  local owner = redis.call('GET', KEYS[claim0 + i])
  if owner and owner ~= id then return {'TAKEN', tostring(i), owner} end
end

if kind == 'create' then
  seq = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[3], seq, id)
end
local newv = (version or 0) + 1
redis.call('HSET', KEYS[1], 'v', newv, 'd', ARGV[3], 's', seq)
for i = 1, nr do redis.call('ZREM', KEYS[rem0 + i], id) end
for i = 1, na do redis.call('ZADD', KEYS[add0 + i], seq, id) end
for i = 1, nl do
  if redis.call('GET', KEYS[rel0 + i]) == id then redis.call('DEL', KEYS[rel0 + i]) end
end
for i = 1, nc do redis.call('SET', KEYS[claim0 + i], id) end
if ARGV[5] == '1' then redis.call('SET', KEYS[5], id, 'EX', ARGV[6]) end
local fields = {'type', ARGV[12], 'name', ARGV[13], 'collection', ARGV[14], 'id', id,
                'version', tostring(newv), 'actor', ARGV[15], 'payload', ARGV[3]}
local eid
if tonumber(ARGV[16]) > 0 then
  eid = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[16], '*', unpack(fields))
else
  eid = redis.call('XADD', KEYS[4], '*', unpack(fields))
end
return {'OK', tostring(newv), eid}

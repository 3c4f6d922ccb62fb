-- Claims the entries of a consumer group that have been pending longer than a minimum idle time
-- (their consumer died, or its handler failed) and returns each with its delivery count, so the
-- consumer can tell a retry from a first delivery and dead-letter what keeps failing.
-- KEYS: stream. ARGV: group, consumer, min_idle_ms, cursor, count.
-- Returns {next_cursor, {{id, deliveries, {field, value, ...}}, ...}, #entries_deleted_meanwhile}.
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4],
                           'COUNT', ARGV[5])
local entries = {}
for _, entry in ipairs(claimed[2]) do
  local id = entry[1]
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  local deliveries = 1
  if pending[1] then deliveries = pending[1][4] end
  entries[#entries + 1] = {id, deliveries, entry[2] or {}}
end
local deleted = 0
if claimed[3] then deleted = #claimed[3] end
return {claimed[1], entries, deleted}

-- Moves one pending entry of a consumer group to the dead-letter stream and acknowledges it in
-- the same step, so the entry is neither lost nor delivered again. Does nothing when the entry is
-- no longer pending (another consumer handled it meanwhile).
-- KEYS: stream, dead-letter stream. ARGV: group, id, attempts, reason.
-- Returns 1 when moved, 0 when it was not pending.
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #pending == 0 then return 0 end
local fields = {'dead_source_id', ARGV[2], 'dead_group', ARGV[1], 'dead_attempts', ARGV[3],
                'dead_reason', ARGV[4]}
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if entry[1] then
  for _, v in ipairs(entry[1][2]) do fields[#fields + 1] = v end
end
redis.call('XADD', KEYS[2], '*', unpack(fields))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return 1

-- How far a consumer group is behind: entries not yet delivered to it (XINFO's lag; counted
-- with XRANGE, up to a cap, when Redis cannot tell) and entries delivered but not acknowledged.
-- KEYS: stream. ARGV: group, cap.
-- Returns {undelivered, pending}, or a NOGROUP error.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOGROUP no stream ' .. KEYS[1])
end
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  if info['name'] == ARGV[1] then
    local undelivered = info['lag']
    if not undelivered then
      undelivered = #redis.call('XRANGE', KEYS[1], '(' .. info['last-delivered-id'], '+',
                                'COUNT', ARGV[2])
    end
    return {undelivered, info['pending']}
  end
end
return redis.error_reply('NOGROUP no consumer group ' .. ARGV[1] .. ' on ' .. KEYS[1])

-- Walks the smallest of KEYS (sorted sets of ids scored by sequence) from a cursor and returns the
-- members present in every key, up to a limit, examining at most a budget of entries.
-- ARGV: after (0 = from the start/end), descending ('1'/'0'), limit, budget.
-- Returns {exhausted (0/1), last examined sequence, entries examined, id1, seq1, id2, seq2, ...}.
local after, desc = tonumber(ARGV[1]), ARGV[2] == '1'
local limit, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local driver, smallest = 1, nil
for i = 1, #KEYS do
  local n = redis.call('ZCARD', KEYS[i])
  if smallest == nil or n < smallest then driver, smallest = i, n end
end
local out = {0, tostring(after), 0}
local examined = 0
local found, last, started = 0, after, after > 0
while found < limit and budget > 0 do
  local n = math.min(256, budget)
  local batch
  if desc then
    local max = started and ('(' .. string.format('%d', last)) or '+inf'
    batch = redis.call('ZREVRANGEBYSCORE', KEYS[driver], max, '-inf', 'WITHSCORES', 'LIMIT', 0, n)
  else
    batch = redis.call('ZRANGEBYSCORE', KEYS[driver], '(' .. string.format('%d', last), '+inf',
                       'WITHSCORES', 'LIMIT', 0, n)
  end
  local entries = #batch / 2
  for j = 1, #batch, 2 do
    local id, seq = batch[j], tonumber(batch[j + 1])
    budget = budget - 1
    examined = examined + 1
    last, started = seq, true
    local member = true
    for i = 1, #KEYS do
      if i ~= driver and not redis.call('ZSCORE', KEYS[i], id) then
        member = false
        break
      end
    end
    if member then
      out[#out + 1] = id
      out[#out + 1] = string.format('%d', seq)
      found = found + 1
      if found == limit then break end
    end
    if budget == 0 then break end
  end
  if entries < n and found < limit and budget > 0 then
    out[1] = 1
    break
  end
  if entries == 0 then
    out[1] = 1
    break
  end
end
out[2] = string.format('%d', last)
out[3] = examined
return out

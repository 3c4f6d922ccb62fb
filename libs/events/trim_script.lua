-- Trims a stream of what every consumer group has acknowledged, keeping in any case the entries
-- younger than a minimum age. An entry is kept while some group has it pending or has not been
-- delivered it. Trimming is approximate (whole macro nodes, `MINID ~`), so it never removes an
-- entry at or after the threshold.
-- KEYS: stream. ARGV: min_age_ms.
-- Returns {threshold_id, entries_removed}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {'0-0', 0} end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function before(a_ms, a_seq, b_ms, b_seq)
  return a_ms < b_ms or (a_ms == b_ms and a_seq < b_seq)
end
local now = redis.call('TIME')
local th_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[1])
local th_seq = 0
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  -- The first entry this group still needs: its oldest pending one, else the one after the last
  -- delivered.
  local g_ms, g_seq = parse(info['last-delivered-id'])
  g_seq = g_seq + 1
  if info['pending'] > 0 then
    g_ms, g_seq = parse(redis.call('XPENDING', KEYS[1], info['name'])[2])
  end
  if before(g_ms, g_seq, th_ms, th_seq) then th_ms, th_seq = g_ms, g_seq end
end
if th_ms < 0 then th_ms, th_seq = 0, 0 end
local threshold = string.format('%.0f-%.0f', th_ms, th_seq)
return {threshold, redis.call('XTRIM', KEYS[1], 'MINID', '~', threshold)}

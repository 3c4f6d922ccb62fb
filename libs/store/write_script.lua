-- Applies one WritePlan atomically: every check runs before the first write (but for a totals
-- field already beyond +-2^53, whose increment is its own check, undone when refused), so a
-- refused plan changes nothing. Returns {'OK', version per document..., value per counter...},
-- {'REPLAYED', first_id} or a refusal {CODE, index, detail...} (indexes are 1-based, per kind;
-- a total's counts the totals in the order they come, grouped by hash).
--
-- KEYS: seq, events, idempotency (seq again when unused); then per document: doc, all-index,
--       change log, #add index keys, #remove index keys, #claim unique keys, #release unique keys;
--       then one key per counter, then one doc key per reference, then one key per hash of
--       totals.
-- ARGV: has_idempotency, idempotency_ttl, actor, correlation, #docs, #counters, #references,
--       the request's fingerprint (kept with the idempotency key: `<first id>\n<fingerprint>`),
--       #hashes of totals;
--       then per document 12 values: kind, expected_version, id, collection, payload, state,
--       event_type, resource_name, #add, #remove, #claim, #release; then per counter delta, min,
--       max, expected value ('': any); then per reference its expected version (0: any), #states
--       and the states; then per hash of totals #fields, then each field and its delta.
local MAX_EXACT = 9007199254740991
-- Changes kept per document (libs/store/change_history.h, which reads them).
local HISTORY = 32
-- Fields per HMGET/HSET/HDEL: unpack spreads a table on Lua's stack, which holds about 8,000.
local CHUNK = 1000

-- The history with one change appended, and the versions of the changes it no longer keeps. A
-- `0:<sequence>` entry first is the floor: every dropped change was made at or before it.
local function append_change(history, version, seq)
  local floor, entries = nil, {}
  for token in string.gmatch(history or '', '%S+') do
    if string.sub(token, 1, 2) == '0:' then floor = token else entries[#entries + 1] = token end
  end
  entries[#entries + 1] = string.format('%d:%d', version, seq)
  local first, dropped = math.max(1, #entries - HISTORY + 1), {}
  for i = 1, first - 1 do
    dropped[#dropped + 1] = string.match(entries[i], '^(%d+):')
    floor = '0:' .. string.match(entries[i], ':(%d+)$')
  end
  local kept = table.concat(entries, ' ', first)
  if floor then kept = floor .. ' ' .. kept end
  return kept .. ' ', dropped
end

if ARGV[1] == '1' then
  local prior = redis.call('GET', KEYS[3])
  if prior then
    -- Written again, unchanged: a replay writes something that replicates, so that the WAIT
    -- after it covers the first write too (WAIT counts up to this connection's last replicated
    -- write; a retry after a 504 on a fresh connection would otherwise be confirmed at once).
    redis.call('SET', KEYS[3], prior, 'KEEPTTL')
    return {'REPLAYED', prior}
  end
end

local ndocs, ncounters, nrefs = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local docs = {}
local k, a = 3, 9
for d = 1, ndocs do
  local doc = {kind = ARGV[a + 1], expected = tonumber(ARGV[a + 2]), id = ARGV[a + 3],
               collection = ARGV[a + 4], payload = ARGV[a + 5], state = ARGV[a + 6],
               event_type = ARGV[a + 7], name = ARGV[a + 8], na = tonumber(ARGV[a + 9]),
               nr = tonumber(ARGV[a + 10]), nc = tonumber(ARGV[a + 11]),
               nl = tonumber(ARGV[a + 12]), key = KEYS[k + 1], all = KEYS[k + 2],
               changes = KEYS[k + 3]}
  a = a + 12
  doc.add0 = k + 3
  doc.rem0 = doc.add0 + doc.na
  doc.claim0 = doc.rem0 + doc.nr
  doc.rel0 = doc.claim0 + doc.nc
  k = doc.rel0 + doc.nl
  docs[d] = doc
end
local counters = {}
for c = 1, ncounters do
  counters[c] = {key = KEYS[k + c], delta = ARGV[a + 1], min = tonumber(ARGV[a + 2]),
                 max = tonumber(ARGV[a + 3]), expected = ARGV[a + 4]}
  a = a + 4
end
k = k + ncounters

-- First the counters the plan was computed from: a plan made from a stale read is ABORTED
-- before anything else is judged (its document, named after the number it read, may exist).
for c = 1, ncounters do
  local counter = counters[c]
  if counter.expected ~= '' then
    local raw = redis.call('GET', counter.key) or '0'
    if tonumber(raw) ~= tonumber(counter.expected) then return {'CCHANGED', c, raw} end
  end
end

-- Checks, in plan order: documents, references, unique values, counters, totals.
for d = 1, ndocs do
  local doc = docs[d]
  local cur = redis.call('HMGET', doc.key, 'v', 's', 'ch')
  doc.version = tonumber(cur[1])
  doc.history = cur[3]
  if doc.kind == 'create' then
    if doc.version then return {'ALREADY_EXISTS', d} end
  else
    if not doc.version then return {'NOT_FOUND', d} end
    if doc.version ~= doc.expected then return {'ABORTED', d, tostring(doc.version)} end
    doc.seq = tonumber(cur[2])
  end
end
for r = 1, nrefs do
  local version, nstates = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local cur = redis.call('HMGET', KEYS[k + r], 'v', 'st')
  if not cur[1] then return {'MISSING', r} end
  if nstates > 0 then
    local state, allowed = cur[2] or '', false
    for i = 1, nstates do
      if ARGV[a + 2 + i] == state then allowed = true end
    end
    if not allowed then return {'STATE', r, state} end
  end
  if version > 0 and tonumber(cur[1]) ~= version then return {'REFVERSION', r, cur[1]} end
  a = a + 2 + nstates
end
k = k + nrefs
-- Totals come grouped by hash; a field's position counts across the hashes, in their order.
local hashes, position = {}, 0
for h = 1, tonumber(ARGV[9]) do
  local n = tonumber(ARGV[a + 1])
  local hash = {key = KEYS[k + h], fields = {}, deltas = {}, first = position + 1}
  for i = 1, n do
    hash.fields[i] = ARGV[a + 2 * i]
    hash.deltas[i] = ARGV[a + 2 * i + 1]
  end
  a = a + 1 + 2 * n
  position = position + n
  hashes[h] = hash
end
-- Every document's claims in one MGET (a batch of an import claims one key per document).
local claims, claimed = {}, {}
for d = 1, ndocs do
  local doc = docs[d]
  for i = 1, doc.nc do
    claims[#claims + 1] = KEYS[doc.claim0 + i]
    claimed[#claimed + 1] = {d = d, i = i}
  end
end
for from = 1, #claims, CHUNK do
  local owners = redis.call('MGET', unpack(claims, from, math.min(from + CHUNK - 1, #claims)))
  for j = 1, #owners do
    local at = claimed[from + j - 1]
    if owners[j] and owners[j] ~= docs[at.d].id then
      return {'TAKEN', at.d, at.i, owners[j]}
    end
  end
end
for c = 1, ncounters do
  local counter = counters[c]
  local raw = redis.call('GET', counter.key) or '0'
  local value = tonumber(raw)
  -- Beyond MAX_EXACT a double is no longer exact; |value|, |delta| <= MAX_EXACT keeps the sum's
  -- comparison with the bounds exact (a sum beyond it rounds to at least 2^53, still out).
  if not value or value > MAX_EXACT or value < -MAX_EXACT then return {'INEXACT', c} end
  local after = value + tonumber(counter.delta)
  if after < counter.min or after > counter.max then return {'BOUND', c, raw} end
end
-- Totals last, by hash: one HMGET reads a hash's fields, each sum is checked (the field an
-- integer, the result within +-MAX_EXACT; two terms within +-MAX_EXACT add in a double to a
-- result that is exact when it is within the bound, and beyond it when it is not), and only when
-- every total passed is anything written: one HSET a hash of the sums that are not 0, one HDEL
-- of those that are. A field already beyond +-MAX_EXACT (a double would round it) is added by
-- HINCRBY instead (exact int64 arithmetic), before any other write; if one of them is refused
-- (its result beyond the bound, an int64 overflow, not an integer) or fails, those already
-- added are undone first. Every write up to the first that succeeds is a pcall: when Redis
-- refuses it (OOM, MISCONF, READONLY: it does so at a script's first write), its error is
-- returned as it is, nothing written.
local refused, wide = nil, {}
for _, hash in ipairs(hashes) do
  local current = {}
  for from = 1, #hash.fields, CHUNK do
    local part = redis.pcall('HMGET', hash.key, unpack(hash.fields, from,
                                                       math.min(from + CHUNK - 1, #hash.fields)))
    if part.err then return redis.error_reply(part.err) end
    for i = 1, #part do current[from + i - 1] = part[i] end
  end
  hash.sums = {}
  for i = 1, #hash.fields do
    local t = hash.first + i - 1
    local raw = current[i] or '0'  -- a missing field is false, and counts as 0
    local value = string.find(raw, '^-?%d+$') and #raw <= 20 and tonumber(raw)
    if not value then
      if not refused or t < refused then refused = t end
    elseif value > MAX_EXACT or value < -MAX_EXACT then
      wide[#wide + 1] = {key = hash.key, field = hash.fields[i], delta = hash.deltas[i], at = t}
    else
      local sum = value + tonumber(hash.deltas[i])
      if sum > MAX_EXACT or sum < -MAX_EXACT then
        if not refused or t < refused then refused = t end
      end
      hash.sums[i] = sum
    end
  end
end
if refused then return {'TOTAL', refused} end
local written = false
local function write(...)
  if written then return redis.call(...) end
  local reply = redis.pcall(...)
  if type(reply) == 'table' and reply.err then return nil, reply.err end
  written = true
  return reply
end
local added = 0
for w = 1, #wide do
  local total = wide[w]
  local after = redis.pcall('HINCRBY', total.key, total.field, total.delta)
  local err = type(after) == 'table' and after.err
  if not err then
    written = true
    added = w
  end
  if err or after > MAX_EXACT or after < -MAX_EXACT then
    for u = added, 1, -1 do
      redis.call('HINCRBY', wide[u].key, wide[u].field,
                 string.format('%d', -tonumber(wide[u].delta)))
    end
    if err and not (string.find(err, 'overflow', 1, true) or
                    string.find(err, 'not an integer', 1, true)) then
      return redis.error_reply(err)
    end
    return {'TOTAL', total.at}
  end
end
for _, hash in ipairs(hashes) do
  local set, zero = {}, {}
  for i = 1, #hash.fields do
    local sum = hash.sums[i]
    if sum == 0 then
      zero[#zero + 1] = hash.fields[i]
    elseif sum then
      set[#set + 1] = hash.fields[i]
      set[#set + 1] = string.format('%d', sum)
    end
  end
  for from = 1, #set, 2 * CHUNK do
    local _, err = write('HSET', hash.key, unpack(set, from, math.min(from + 2 * CHUNK - 1, #set)))
    if err then return redis.error_reply(err) end
  end
  for from = 1, #zero, CHUNK do
    local _, err = write('HDEL', hash.key, unpack(zero, from, math.min(from + CHUNK - 1, #zero)))
    if err then return redis.error_reply(err) end
  end
end

-- Writes. Index and change-log entries are gathered per key and written with one ZREM and one
-- ZADD a key, the claims with one MSET: a batch of an import (64 documents, each in 7 indexes)
-- would otherwise make hundreds of calls, each costing the script more than its work. A plan's
-- documents are distinct, so their entries do not depend on each other's order; each
-- document's removals still go before its additions, its releases before the claims.
local zrems, zadds, keys_rem, keys_add = {}, {}, {}, {}
local function gather(into, keys, key, a, b)
  local list = into[key]
  if not list then
    list = {}
    into[key] = list
    keys[#keys + 1] = key
  end
  list[#list + 1] = a
  if b then list[#list + 1] = b end
end
local result = {'OK'}
-- Each document's change takes the next sequence (a create's change is its creation, which the
-- `_all` index orders by): one INCRBY hands them out in plan order. The change log holds
-- `<version>/<id>` at the change's sequence for the changes the document's history keeps
-- (DocumentStore::Changes reads both).
local last = ndocs > 0 and redis.call('INCRBY', KEYS[1], ndocs) or 0
local sets = {}
for d = 1, ndocs do
  local doc = docs[d]
  local change = last - ndocs + d
  if doc.kind == 'create' then
    doc.seq = change
    gather(zadds, keys_add, doc.all, doc.seq, doc.id)
  end
  local newv = (doc.version or 0) + 1
  local history, dropped = append_change(doc.history, newv, change)
  redis.call('HSET', doc.key, 'v', newv, 'd', doc.payload, 's', doc.seq, 'st', doc.state,
             'c', change, 'ch', history)
  gather(zadds, keys_add, doc.changes, change, string.format('%d/%s', newv, doc.id))
  for i = 1, #dropped do gather(zrems, keys_rem, doc.changes, dropped[i] .. '/' .. doc.id) end
  for i = 1, doc.nr do gather(zrems, keys_rem, KEYS[doc.rem0 + i], doc.id) end
  for i = 1, doc.na do gather(zadds, keys_add, KEYS[doc.add0 + i], doc.seq, doc.id) end
  for i = 1, doc.nl do
    if redis.call('GET', KEYS[doc.rel0 + i]) == doc.id then redis.call('DEL', KEYS[doc.rel0 + i]) end
  end
  for i = 1, doc.nc do
    sets[#sets + 1] = KEYS[doc.claim0 + i]
    sets[#sets + 1] = doc.id
  end
  local fields = {'type', doc.event_type, 'name', doc.name, 'collection', doc.collection,
                  'id', doc.id, 'version', tostring(newv), 'actor', ARGV[3],
                  'correlation', ARGV[4], 'payload', doc.payload}
  -- Never trimmed here: libs/events/stream_retention trims only what every group acknowledged.
  -- A document without an event type is a service's own bookkeeping: no event.
  if doc.event_type ~= '' then redis.call('XADD', KEYS[2], '*', unpack(fields)) end
  result[#result + 1] = tostring(newv)
end
for _, key in ipairs(keys_rem) do
  local list = zrems[key]
  for from = 1, #list, CHUNK do
    redis.call('ZREM', key, unpack(list, from, math.min(from + CHUNK - 1, #list)))
  end
end
for _, key in ipairs(keys_add) do
  local list = zadds[key]
  for from = 1, #list, 2 * CHUNK do
    redis.call('ZADD', key, unpack(list, from, math.min(from + 2 * CHUNK - 1, #list)))
  end
end
for from = 1, #sets, 2 * CHUNK do
  redis.call('MSET', unpack(sets, from, math.min(from + 2 * CHUNK - 1, #sets)))
end
-- INCRBY is exact int64 arithmetic in Redis; the bounds were checked above. Its result goes back
-- as a number (an integer reply, exact below 2^53): tostring would print it as %.14g.
for c = 1, ncounters do
  result[#result + 1] = redis.call('INCRBY', counters[c].key, counters[c].delta)
end
if ARGV[1] == '1' then redis.call('SET', KEYS[3], docs[1].id .. '\n' .. ARGV[8], 'EX', ARGV[2]) end
return result

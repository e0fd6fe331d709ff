--[[
  write-resource: create, replace or delete one resource atomically, guarded by revisions and
  reference sets (compare-and-set; the caller reads first, decides, then writes here).

  KEYS[1]                 the resource hash (fields `doc`, `rev`)
  KEYS[2]                 the kind's index (sorted set of ids)
  KEYS[3 .. 2+G]          guard hashes: resources this one refers to, whose `rev` must be unchanged
  next E keys             sets that must be empty (nothing may still refer to what we change)
  next A keys             sets to add ARGV[8] to
  next R keys             sets to remove ARGV[8] from

  ARGV[1]  id, for the index
  ARGV[2]  the new JSON document; '' deletes the resource
  ARGV[3]  the revision the resource must have now; '' means it must not exist
  ARGV[4]  G    ARGV[5]  E    ARGV[6]  A    ARGV[7]  R
  ARGV[8]  the member for the reference sets (the resource's id)
  ARGV[9 .. 8+G]  the revision each guard hash must have

  Returns one of
    {'OK', newRevision}            ('0' after a delete)
    {'STALE', currentRevision}     the resource changed since it was read ('' when absent)
    {'STALE_REF', key}             a referenced resource changed or vanished
    {'IN_USE', key, member}        a set that must be empty holds `member`
]]
local doc, expected = ARGV[2], ARGV[3]
local g, e, a, r = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local member = ARGV[8]

local current = redis.call('HGET', KEYS[1], 'rev')
if (current or '') ~= expected then
  return {'STALE', current or ''}
end

local k = 3
for i = 1, g do
  if (redis.call('HGET', KEYS[k], 'rev') or '') ~= ARGV[8 + i] then
    return {'STALE_REF', KEYS[k]}
  end
  k = k + 1
end

for _ = 1, e do
  local holder = redis.call('SRANDMEMBER', KEYS[k])
  if holder then
    return {'IN_USE', KEYS[k], holder}
  end
  k = k + 1
end

local revision = '0'
if doc == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  revision = tostring(tonumber(current or '0') + 1)
  redis.call('HSET', KEYS[1], 'doc', doc, 'rev', revision)
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
end

for _ = 1, a do
  redis.call('SADD', KEYS[k], member)
  k = k + 1
end
for _ = 1, r do
  redis.call('SREM', KEYS[k], member)
  k = k + 1
end
return {'OK', revision}

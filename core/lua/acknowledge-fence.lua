--[[
  acknowledge-fence: the agent of a failed node released everything it held for the epoch
  it was failed in. Only that epoch of a `down` node can be acknowledged: a late notice of an
  older failure acknowledges nothing.

  KEYS[1]  the node's liveness hash
  ARGV[1]  the epoch the agent fenced itself for

  Returns 1 when recorded, 0 when the node is not down in that epoch.
]]
if redis.call('HGET', KEYS[1], 'status') ~= 'down' then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'fencedEpoch', ARGV[1])
return 1

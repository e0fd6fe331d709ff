--[[
  release-lease: give a lease up only if we hold it, so a late release cannot end a successor's lease.

  KEYS[1]  the lease key
  ARGV[1]  the holder id

  Returns 1 when released, 0 when it was not ours.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0

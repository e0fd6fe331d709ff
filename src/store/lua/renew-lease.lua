--[[
  renew-lease: extend a lease only while we still hold it.

  KEYS[1]  the lease key (a string holding the holder's id)
  ARGV[1]  the holder id
  ARGV[2]  the new time to live, in ms

  Returns 1 when the lease was ours and is extended, 0 when someone else holds it or it expired.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0

--[[
  register-node: an agent that starts begins a new incarnation of its node. A live node (up,
  suspect, draining, or never seen) becomes `up` with its epoch moved on, so failure notices
  judged against an earlier process no longer apply. A node the controller declared failed
  stays `down` (fenced) until the controller re-admits it after its hold-down, so restarting
  an agent does not bypass the hysteresis; a process that just started holds nothing, so its
  start acknowledges the fence of the failed epoch.

  KEYS[1]  the node's liveness hash (fields `status` — absent means 'up' — `epoch`,
           `fencedEpoch`)
  ARGV[1]  the time, epoch ms

  Returns {status, epoch}: the node's status and incarnation epoch afterwards.
]]
local epoch = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if redis.call('HGET', KEYS[1], 'status') == 'down' then
  redis.call('HSET', KEYS[1], 'fencedEpoch', epoch)
  return {'down', epoch}
end
epoch = epoch + 1
redis.call('HSET', KEYS[1], 'status', 'up', 'statusSinceMs', ARGV[1], 'epoch', epoch)
return {'up', epoch}

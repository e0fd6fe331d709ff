--[[
  register-node: an agent that starts marks its node `up`, unless the controller declared the
  node failed: a failed node stays `down` (fenced) until the controller re-admits it after its
  hold-down, so restarting an agent does not bypass the hysteresis.

  KEYS[1]  the node's liveness hash (field `status`; absent means 'up')
  ARGV[1]  the time, epoch ms

  Returns the node's status afterwards.
]]
if redis.call('HGET', KEYS[1], 'status') == 'down' then
  return 'down'
end
redis.call('HSET', KEYS[1], 'status', 'up', 'statusSinceMs', ARGV[1])
return 'up'

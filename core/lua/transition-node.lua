--[[
  transition-node: change a node's status and record the event in one step, only from the
  statuses allowed, so two controllers (an old leader and a new one) never act on the same
  change twice.

  KEYS[1]  the node's liveness hash (field `status`; absent means 'up')
  KEYS[2]  the event stream

  ARGV[1]  the statuses the change is allowed from, comma-separated
  ARGV[2]  the new status
  ARGV[3]  the event type to append
  ARGV[4]  the event data (JSON)
  ARGV[5]  the event time, epoch ms
  ARGV[6]  the stream's approximate maximum length

  Returns {1, eventId} when the status changed, {0, currentStatus} when it did not.
]]
local current = redis.call('HGET', KEYS[1], 'status') or 'up'
local allowed = false
for status in string.gmatch(ARGV[1], '([^,]+)') do
  if status == current then allowed = true end
end
if not allowed then
  return {0, current}
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'statusSinceMs', ARGV[5])
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*',
  'type', ARGV[3], 'at', ARGV[5], 'data', ARGV[4])
return {1, id}

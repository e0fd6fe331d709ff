--[[
  transition-node: change a node's status and record the event in one step, only from the
  statuses allowed, so two controllers (an old leader and a new one) never act on the same
  change twice. The event carries the node's incarnation epoch (`epoch`): the one judged, or
  for a re-admission the new one.

  A decision taken on evidence of one incarnation (ARGV[7]) is refused once the node has a
  newer one: an agent that restarted meanwhile is not failed for its predecessor's silence.
  A re-admission (`down` → anything else) needs the node to have acknowledged its fence for
  the epoch it was failed in (`fencedEpoch`): until its agent has released what it held, it
  gets nothing back. It then starts a new epoch.

  KEYS[1]  the node's liveness hash (fields `status` — absent means 'up' — `epoch`,
           `fencedEpoch`)
  KEYS[2]  the event stream

  ARGV[1]  the statuses the change is allowed from, comma-separated
  ARGV[2]  the new status
  ARGV[3]  the event type to append
  ARGV[4]  the event data: a JSON object, without `epoch`
  ARGV[5]  the event time, epoch ms
  ARGV[6]  the stream's approximate maximum length
  ARGV[7]  the epoch the decision was judged on; '' when the evidence names none

  Returns {1, eventId, epoch} when the status changed; otherwise {0, why, epoch} where why is
  the current status (not one allowed), 'stale' (a newer epoch) or 'unfenced'.
]]
local current = redis.call('HGET', KEYS[1], 'status') or 'up'
local epoch = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
local allowed = false
for status in string.gmatch(ARGV[1], '([^,]+)') do
  if status == current then allowed = true end
end
if not allowed then
  return {0, current, epoch}
end
if ARGV[7] ~= '' and tonumber(ARGV[7]) ~= epoch then
  return {0, 'stale', epoch}
end
if current == 'down' and ARGV[2] ~= 'down' then
  if tonumber(redis.call('HGET', KEYS[1], 'fencedEpoch') or '-1') ~= epoch then
    return {0, 'unfenced', epoch}
  end
  epoch = epoch + 1
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'statusSinceMs', ARGV[5], 'epoch', epoch)
-- The data is a JSON object written by the caller: the epoch goes in before its closing brace.
local data = string.sub(ARGV[4], 1, -2) .. ',"epoch":' .. epoch .. '}'
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*',
  'type', ARGV[3], 'at', ARGV[5], 'data', data)
return {1, id, epoch}

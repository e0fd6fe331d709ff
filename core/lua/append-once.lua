--[[
  append-once: append an event only the first time a marker is set, so a step that two
  controllers (an old leader and a new one) might both take is recorded exactly once.

  KEYS[1]  the marker (a string with an expiry)
  KEYS[2]  the event stream

  ARGV[1]  the marker's time to live, ms
  ARGV[2]  the event type
  ARGV[3]  the event data (JSON)
  ARGV[4]  the event time, epoch ms
  ARGV[5]  the stream's approximate maximum length

  Returns the event id, or false when the marker was already set.
]]
if not redis.call('SET', KEYS[1], 'done', 'NX', 'PX', ARGV[1]) then
  return false
end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*',
  'type', ARGV[2], 'at', ARGV[4], 'data', ARGV[3])

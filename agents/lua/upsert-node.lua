--[[
  upsert-node: an agent registers its node in the desired state. A new node gets the document
  an operator's PUT would give it (domain `default`, no labels, not draining); an existing one
  keeps what an operator set (labels, draining) and takes what the agent knows (memory,
  address, and the domain when the agent names one). The revision moves on, the node is
  indexed, and `resource.changed` is recorded, all in one step.

  KEYS[1]  the node's resource hash (fields `doc`, `rev`)
  KEYS[2]  the node index (sorted set of ids)
  KEYS[3]  the event stream

  ARGV[1]  the node id
  ARGV[2]  memory for models, MiB
  ARGV[3]  the address clients reach the node at (host:port)
  ARGV[4]  the failure domain; '' keeps the current one (or `default` for a new node)
  ARGV[5]  the event time, epoch ms
  ARGV[6]  the stream's approximate maximum length

  Returns {revision, created}: the new revision, and 1 when the node did not exist.
]]
local id, memory, address, domain = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local current = redis.call('HMGET', KEYS[1], 'doc', 'rev')
local doc
local created = 0
if current[1] and current[2] then
  doc = cjson.decode(current[1])
else
  doc = { id = id, domain = 'default', labels = {}, draining = false }
  created = 1
end
doc.memoryMiB = memory
doc.address = address
if domain ~= '' then
  doc.domain = domain
end
-- cjson writes an empty table as `{}`: labels stay an object.
local revision = tostring(tonumber(current[2] or '0') + 1)
redis.call('HSET', KEYS[1], 'doc', cjson.encode(doc), 'rev', revision)
redis.call('ZADD', KEYS[2], 0, id)
local data = cjson.encode({ kind = 'node', id = id, revision = revision, deleted = false })
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'type', 'resource.changed', 'at', ARGV[5],
  'data', data)
return { revision, created }

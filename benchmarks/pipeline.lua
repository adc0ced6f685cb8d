-- wrk script: each write carries 16 requests for the URL's path (HTTP/1.1 pipelining).
-- usage: wrk -s benchmarks/pipeline.lua http://127.0.0.1:PORT/hello/minimal
local depth = 16

init = function(args)
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format(nil)
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end

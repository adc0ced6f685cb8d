-- wrk script: counts the answers other than 200 by status, and prints the last such body, so a stress run can say what they were.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) other = {} end
function response(status, headers, body)
  if status ~= 200 then other[status] = (other[status] or 0) + 1; last = body end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local o = t:get("other")
    for k, v in pairs(o) do io.write("status ", k, ": ", v, "\n") end
    local b = t:get("last"); if b then io.write("body: ", b, "\n") end
  end
end

-- wrk script: every request carries the next token of a file (one per line), each thread starting at its own
-- offset, so that the server sees the tokens of many users rather than one client's. Without a file, plain GETs.
-- Arguments: the file, the number of threads, and the header to send it in (Authorization, as a bearer token, unless
-- another is named: X-API-Key sends each line as it is). Prints one JSON line of results at the end (read by bench/wrk.mjs).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  header = args[3] or "Authorization"
  local prefix = header == "Authorization" and "Bearer " or ""
  if args[1] then
    for line in io.lines(args[1]) do
      if #line > 0 then tokens[#tokens + 1] = prefix .. line end
    end
  end
  local count = tonumber(args[2] or "1")
  position = #tokens > 0 and math.floor(index * #tokens / count) or 0
  headers = {}
end

function request()
  if #tokens == 0 then return wrk.request() end
  position = position % #tokens + 1
  headers[header] = tokens[position]
  return wrk.format(nil, nil, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end

-- POST /apps with a name no other request uses: wrk -s bench-post-apps.lua URL
-- BENCH_TAG (lower-case letters and digits) keeps names apart from earlier runs, e.g. the warm-up.
-- wrk.headers holds the -H headers (Authorization) and Host; format() without headers uses them.
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("id", threads)
end

function init(args)
   tag = os.getenv("BENCH_TAG")
end

function request()
   counter = counter + 1
   -- App names: ^[a-z][a-z0-9-]{1,28}[a-z0-9]$
   local body = string.format('{"name": "b-%s-%d-%d"}', tag, id, counter)
   return wrk.format("POST", "/apps", nil, body)
end

dofile(os.getenv("BENCH_LIB") .. "/bench-report.lua")

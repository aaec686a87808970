-- POST /apps/{app}/addons over a pool of apps, round-robin from a different start in each thread:
-- wrk -s bench-post-addons.lua URL -- PLAN APPS_FILE
-- Each install gets a unique add-on name and attachment name (BENCH_TAG, lower-case letters and digits,
-- keeps them apart from earlier runs):
-- one service's second install in an app needs an attachment name of its own, or Souk answers 409,
-- and its vars (B…_URL) then collide with nothing.
-- wrk.headers holds the -H headers (Authorization) and Host; format() without headers uses them.
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("id", threads)
end

function init(args)
   tag, plan = os.getenv("BENCH_TAG"), args[1]
   apps = {}
   for line in io.lines(args[2]) do apps[#apps + 1] = line end
   step = 7919  -- a prime: threads start far apart in the pool
end

function request()
   counter = counter + 1
   local app = apps[(id * step + counter) % #apps + 1]
   local suffix = string.format("%s%dx%d", tag, id, counter)
   local body = string.format('{"plan": "%s", "name": "bench-%s", "attachment": {"name": "B%s"}}',
                              plan, suffix, suffix)
   return wrk.format("POST", "/apps/" .. app .. "/addons", nil, body)
end

dofile(os.getenv("BENCH_LIB") .. "/bench-report.lua")

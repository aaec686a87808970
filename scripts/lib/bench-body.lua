-- One fixed request with a body, from BENCH_METHOD and BENCH_BODY (headers come from wrk -H): the
-- provider measured directly with the body Souk sends it.
wrk.method = os.getenv("BENCH_METHOD") or "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
dofile(os.getenv("BENCH_LIB") .. "/bench-report.lua")

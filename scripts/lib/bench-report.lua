-- Shared by every wrk run of scripts/bench: at the end, write the run's figures as one JSON object to
-- the file named by BENCH_REPORT (latencies in microseconds), for scripts/lib/bench_report.py.
-- wrk counts an answer with status >= 400 under errors.status; socket errors under the others.
function done(summary, latency, requests)
   local errors = summary.errors
   local report = io.open(os.getenv("BENCH_REPORT"), "w")
   report:write(string.format(
      '{"requests": %d, "duration_us": %d, "p50_us": %.1f, "p99_us": %.1f, "mean_us": %.1f, "max_us": %.1f, '
         .. '"status_errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
      latency.max, errors.status, errors.connect, errors.read, errors.write, errors.timeout))
   report:close()
end

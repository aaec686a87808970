#!/usr/bin/env python3
"""Figures for scripts/bench: reads what the run left in WORK and prints it.

    bench_report.py run WORK LABEL
        One wrk run (WORK/wrk/LABEL.json, written by bench-report.lua): prints a line of figures, and
        records in WORK/failures.txt any request that failed (status >= 400, socket error, timeout).
    bench_report.py releases BEFORE AFTER
        Compares two `app_id<TAB>releases` listings: prints JSON {apps, one_new, other}.
    bench_report.py close ANSWER EXPECTED WRITTEN
        A month's close: its answer (a JSON file), the invoices expected and those written (JSON {invoices,
        lines, total[, lines_total]}). Prints "ok", or what is wrong and exits 1: not closed now, another
        invoice or line count, or totals that differ (invoices, their lines, the expected).
    bench_report.py metrics FILE
        Souk's /metrics text: prints each route that answered an error status, with its count.
    bench_report.py table WORK
        Every figure (WORK/figures.tsv and the wrk runs), then the markdown table of figures, their
        yardsticks, ratios and targets, then the CPU per request of each run (cpu_LABEL figures), then the
        failures. Exit 1 if any request failed.
"""
import json
import os
import re
import sys


def wrk_run(work, label):
    with open(f"{work}/wrk/{label}.json") as report:
        run = json.load(report)
    run["rate"] = run["requests"] / (run["duration_us"] / 1e6)
    run["p50_ms"] = run["p50_us"] / 1000
    run["p99_ms"] = run["p99_us"] / 1000
    socket = run["connect_errors"] + run["read_errors"] + run["write_errors"] + run["timeouts"]
    run["failed"] = run["status_errors"] + socket
    return run


def print_run(work, label):
    run = wrk_run(work, label)
    line = (f"  {label}: {run['requests']} requests, {run['rate']:.1f}/s, p50 {run['p50_ms']:.2f} ms, "
            f"p99 {run['p99_ms']:.2f} ms")
    if run["failed"]:
        problem = (f"{label}: {run['status_errors']} answers >= 400, socket errors: connect {run['connect_errors']}, "
                   f"read {run['read_errors']}, write {run['write_errors']}, timeout {run['timeouts']}")
        line += f"  FAILED ({problem})"
        with open(f"{work}/failures.txt", "a") as failures:
            failures.write(problem + "\n")
    print(line)


def compare_releases(before_path, after_path):
    def load(path):
        with open(path) as listing:
            return {app: int(count) for app, count in (line.split("\t") for line in listing.read().splitlines())}

    before, after = load(before_path), load(after_path)
    one_new = sum(1 for app, count in after.items() if count == before.get(app, -10) + 1)
    print(json.dumps({"apps": len(after), "one_new": one_new, "other": len(after) - one_new}))


def check_close(answer_path, expected_text, written_text):
    with open(answer_path) as answer_file:
        answer = json.load(answer_file)
    expected, written = json.loads(expected_text), json.loads(written_text)
    problems = []
    if answer.get("closed") is not True:
        problems.append(f"closed is {json.dumps(answer.get('closed'))}, not true")
    if answer.get("invoices") != expected["invoices"]:
        problems.append(f"{answer.get('invoices')} invoices answered, {expected['invoices']} expected")
    if (written["invoices"], written["lines"]) != (expected["invoices"], expected["lines"]):
        problems.append(f"{written['invoices']} invoices and {written['lines']} lines written, "
                        f"{expected['invoices']} and {expected['lines']} expected")
    if not written["total"] == written["lines_total"] == expected["total"]:
        problems.append(f"invoices total {written['total']} cents, their lines {written['lines_total']}, "
                        f"expected {expected['total']}")
    print("; ".join(problems) or "ok")
    return 1 if problems else 0


def metrics(path):
    pattern = re.compile(r'^souk_http_requests_total\{(.*)\} ([0-9.e+]+)$')
    total, errors = 0, []
    for line in open(path):
        match = pattern.match(line.strip())
        if not match:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        count = float(match.group(2))
        total += count
        if labels.get("status", "").isdigit() and int(labels["status"]) >= 400:
            errors.append(f"    {labels.get('method')} {labels.get('route')} → {labels['status']}: {count:.0f}")
    print(f"  Souk's metrics: {total:.0f} requests answered, {len(errors)} route/status pair(s) with status >= 400")
    for error in errors:
        print(error)


def load_figures(work):
    figures = {}
    if os.path.exists(f"{work}/figures.tsv"):
        for line in open(f"{work}/figures.tsv"):
            key, _, value = line.rstrip("\n").partition("\t")
            figures[key] = value
    return figures


def table(work):
    figures = load_figures(work)
    labels = sorted(name[:-5] for name in os.listdir(f"{work}/wrk") if name.endswith(".json"))
    runs = {label: wrk_run(work, label) for label in labels}

    def number(key):
        return float(figures[key]) if figures.get(key) not in (None, "") else None

    def rate(label):
        return runs[label]["rate"] if label in runs else None

    def p50(label):
        return runs[label]["p50_ms"] if label in runs else None

    def p99(label):
        return runs[label]["p99_ms"] if label in runs else None

    print("\n## Raw figures\n")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    for label, run in runs.items():
        if label.endswith(".warmup"):
            continue
        print(f"  wrk {label}: {run['requests']} requests in {run['duration_us'] / 1e6:.1f} s, "
              f"{run['rate']:.1f}/s, p50 {run['p50_ms']:.2f} ms, p99 {run['p99_ms']:.2f} ms, "
              f"max {run['max_us'] / 1000:.1f} ms, failed {run['failed']}")

    rows = []

    def fmt(value, unit):
        if value is None:
            return "—"
        if unit == "/s":
            return f"{value:,.0f}/s"
        if unit == "ms":
            return f"{value:.2f} ms"
        if unit == "s":
            return f"{value:.2f} s"
        if unit == "MiB":
            return f"{value:.0f} MiB"
        return f"{value}"

    def row(path, measured, unit, yardstick=None, yardstick_name=None, yardstick_unit="/s", target=None):
        """target: (kind, bound) with kind 'ratio>=' or 'value<='. Only rates have a ratio."""
        ratio = measured / yardstick if measured is not None and yardstick and unit == "/s" else None
        yard = "—" if yardstick_name is None else f"{yardstick_name} {fmt(yardstick, yardstick_unit)}"
        goal = "—"
        if target:
            kind, bound = target
            subject = ratio if kind == "ratio>=" else measured
            if subject is None:
                verdict = "not measured"
            elif kind == "ratio>=":
                verdict = "met" if subject >= bound else "missed"
            else:
                verdict = "met" if subject <= bound else "missed"
            shown = f"ratio ≥ {bound}" if kind == "ratio>=" else f"≤ {fmt(bound, unit)}"
            goal = f"{shown}: {verdict}"
        rows.append((path, fmt(measured, unit), yard, "—" if ratio is None else f"{ratio:.2f}", goal))

    select, tpcb, health = number("pgbench_select_tps"), number("pgbench_tpcb_tps"), rate("health")
    row("pgbench -S (scale 10, 8 clients)", select, "/s")
    row("pgbench tpcb-like (scale 10, 8 clients)", tpcb, "/s")
    row("GET /health (64 conns)", health, "/s")
    def rate_row(path, label):
        """A run whose target is a rate: its yardstick and ratio come from RATE_TARGETS, the yardstick measured
        on each side of the run where it was (`bracketed` in scripts/bench)."""
        ratio, yardstick, name = RATE_TARGETS[label]
        around = bracket(label, yardstick, figures, runs)
        if around:
            name = f"{name} (before {fmt(around[0], '/s')}, after {fmt(around[1], '/s')}), mean"
        row(path, rate(label), "/s", yardstick_rate(label, figures, runs), name, target=("ratio>=", ratio))

    rate_row("GET /apps/{app}/config-vars (20 vars, 64 conns)", "config-vars")
    row("GET /apps/{app}/config-vars p50", p50("config-vars"), "ms")
    row("GET /apps/{app}/config-vars p99", p99("config-vars"), "ms", target=("value<=", 10))
    rate_row("GET /apps/{app}/addons/{addon}/sso (64 conns)", "sso")
    rate_row("POST /apps/{app}/addons (64 conns)", "post-addons")
    row("POST /apps/{app}/addons p50 (64 conns)", p50("post-addons"), "ms")
    souk_one, provider_one = p50("post-addons-1"), p50("provider-1")
    overhead = souk_one - provider_one if souk_one is not None and provider_one is not None else None
    row("POST /apps/{app}/addons p50 − provider p50 (1 conn)", overhead, "ms", provider_one, "provider p50",
        "ms", target=("value<=", 3))
    rate_row("POST /apps (64 conns)", "post-apps")
    fanout = figures.get("fanout_apps", "N")
    row(f"PATCH /addons/{{id}}/config (partner; {fanout} apps)", number("fanout_patch_s"), "s",
        target=("value<=", 2))
    for listing in ("addon-attachments", "addons"):
        row(f"GET /admin/{listing} first page p50", number(f"admin_{listing}_first_p50_ms"), "ms",
            target=("value<=", 3))
        row(f"GET /admin/{listing} page at 90% p50", number(f"admin_{listing}_deep_p50_ms"), "ms",
            target=("value<=", 3))
        rate_row(f"GET /admin/{listing} page at 90% (64 conns)", f"admin-{listing}-deep")
    close_addons, close_invoices = figures.get("close_addons", "N"), "N"
    if figures.get("close_answer"):
        close_invoices = json.loads(figures["close_answer"]).get("invoices", "N")
    row(f"POST /admin/billing/close ({close_addons} add-ons, {close_invoices} invoices)", number("close_s"), "s",
        target=("value<=", 30))
    hook_events = figures.get("webhook_events", "N")
    row(f"webhook deliveries ({hook_events} events, one sync webhook)", number("webhook_deliveries_per_s"), "/s")
    row("GET /apps/{app}/config-vars while delivering (64 conns)", rate("webhooks-config-vars"), "/s",
        rate("config-vars"), "without")
    row("GET /apps/{app}/config-vars p99 while delivering", p99("webhooks-config-vars"), "ms", p99("config-vars"),
        "without", "ms")
    row("server RSS after the run", number("rss_final_mib"), "MiB", target=("value<=", 150))

    print("\n| path | measured | yardstick | ratio | target |")
    print("|---|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")

    cpu_table(figures, runs)

    failures = open(f"{work}/failures.txt").read().splitlines() if os.path.exists(f"{work}/failures.txt") else []
    if failures:
        print(f"\n{len(failures)} failure(s): the figures above include failed requests")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("\nNo request failed.")
    return 0


# The runs whose target is a rate: (ratio, yardstick figure or run, the yardstick's name in the table).
RATE_TARGETS = {
    "config-vars": (0.5, "pgbench_select_tps", "pgbench -S"),
    "sso": (0.5, "health", "GET /health"),
    "post-addons": (0.5, "pgbench_tpcb_tps", "pgbench tpcb-like"),
    "post-apps": (0.5, "pgbench_tpcb_tps", "pgbench tpcb-like"),
    "admin-addon-attachments-deep": (0.25, "pgbench_select_tps", "pgbench -S"),
    "admin-addons-deep": (0.25, "pgbench_select_tps", "pgbench -S"),
}


def measured_rate(name, figures, runs):
    """A wrk run's rate, or a recorded figure's (pgbench); None when it wasn't measured."""
    if name in runs:
        return runs[name]["rate"]
    return float(figures[name]) if figures.get(name) not in (None, "") else None


def bracket(label, yardstick, figures, runs):
    """The yardstick's rates just before and just after the run `label`, or None when it wasn't bracketed."""
    around = [measured_rate(f"{yardstick}@{when}-{label}", figures, runs) for when in ("before", "after")]
    return around if None not in around else None


def yardstick_rate(label, figures, runs):
    """The rate the run `label` is a ratio of: the mean of its bracket, else the yardstick's first run."""
    _, yardstick, _ = RATE_TARGETS[label]
    around = bracket(label, yardstick, figures, runs)
    return sum(around) / 2 if around else measured_rate(yardstick, figures, runs)


def cpu_table(figures, runs):
    """CPU per request of each measured run: Souk's, PostgreSQL's and the whole machine's (load generator and
    provider included), next to what the machine could spend per request at the run's target rate. A run that
    kept the cores busy can go no faster than its machine CPU per request allows."""
    if not figures.get("clock_ticks_per_s") or not figures.get("cpus"):
        return
    tick_us, cpus = 1e6 / float(figures["clock_ticks_per_s"]), int(figures["cpus"])
    seconds = float(figures.get("seconds_per_run", 0))
    # Not the yardsticks' bracketing runs (label@…): the first GET /health run stands for them.
    counts = {label: run["requests"] for label, run in runs.items() if not label.endswith(".warmup") and "@" not in label}
    for name, figure in (("pgbench-select", "pgbench_select_tps"), ("pgbench-tpcb", "pgbench_tpcb_tps")):
        if figures.get(figure):
            counts[name] = float(figures[figure]) * seconds
    print(f"\n## CPU per request ({cpus} cores; µs of CPU time over the measured run ÷ its requests)\n")
    print("| run | Souk | PostgreSQL | machine | machine at the target rate |")
    print("|---|---|---|---|---|")
    for label, count in counts.items():
        ticks = figures.get(f"cpu_{label}")
        if not ticks or not count:
            continue
        souk, pg, machine = (int(tick) * tick_us / count for tick in ticks.split())
        allowed = "—"
        if label in RATE_TARGETS:
            ratio = RATE_TARGETS[label][0]
            rate = yardstick_rate(label, figures, runs)
            if rate:
                allowed = f"{cpus * 1e6 / (ratio * rate):,.0f} µs"
        print(f"| {label} | {souk:,.0f} µs | {pg:,.0f} µs | {machine:,.0f} µs | {allowed} |")


def scale(work, counts):
    """Throughput per process count (scripts/bench --processes), with p99 and pgbench for scale."""
    figures = load_figures(work)
    paths = [("GET /health", "health"), ("GET /apps/{app}/config-vars", "config-vars"),
             ("GET …/sso (JSON hand-off)", "sso"), ("POST /apps/{app}/addons", "post-addons"),
             ("POST /apps", "post-apps")]
    counts = [int(count) for count in counts.split(",")]
    print(f"\n## Scale-out: requests/s (p99 ms) through nginx, by Souk processes on one PostgreSQL, "
          f"{os.cpu_count()} CPUs\n")
    print("| path | " + " | ".join(f"{count} process{'es' if count > 1 else ''}" for count in counts) + " |")
    print("|---|" + "---|" * len(counts))
    for name, label in paths:
        cells = []
        for count in counts:
            path = f"{work}/wrk/{label}-p{count}.json"
            if os.path.exists(path):
                run = wrk_run(work, f"{label}-p{count}")
                cells.append(f"{run['rate']:,.0f} ({run['p99_ms']:.1f})")
            else:
                cells.append("—")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\npgbench on the same cluster: select-only {float(figures.get('pgbench_select_tps', 0)):,.0f}/s, "
          f"tpcb-like {float(figures.get('pgbench_tpcb_tps', 0)):,.0f}/s")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "run":
        print_run(*args)
    elif command == "releases":
        compare_releases(*args)
    elif command == "close":
        sys.exit(check_close(*args))
    elif command == "metrics":
        metrics(*args)
    elif command == "scale":
        scale(*args)
    elif command == "table":
        sys.exit(table(*args))
    else:
        sys.exit(f"bench_report.py: unknown command {command}")

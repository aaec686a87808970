#!/usr/bin/env python3
"""Fixtures and checks for scripts/bench, through Souk's public API only.

    bench_api.py setup SOUK_URL ADMIN_KEY PROVIDER_URL WORK POOL_SIZE
        A customer and a provider account; a Heroku-flavour service (shareable, many per app) whose
        base_url and sso_url are the loopback provider, made `ga`; the app `bench-read` with 20 config
        vars of 64 characters; the app `bench-sso` with a provisioned add-on; POOL_SIZE apps for the
        POST /apps/{app}/addons run, one name a line in WORK/pool-apps.txt. Writes WORK/bench.env.
    bench_api.py fanout-fill SOUK_URL WORK APPS
        APPS apps, one add-on billed to the first, attached (as FAN) to all the others, each through the
        API so that every environment and release is Souk's own. Appends FANOUT_ADDON to WORK/bench.env;
        prints JSON {apps_s, attach_s}, the seconds each part took.
    bench_api.py fanout-check SOUK_URL WORK VALUE
        Reads FAN_URL in every fan-out app through the API; prints JSON {apps, with_value, failed}.

Every failed request ends the run (exit 1) with what was asked and answered: these are fixtures, a
failure here means the figures that follow would measure something else.
"""
import base64
import json
import secrets
import shlex
import sys
import threading
import time
import http.client
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

# Enough to keep Souk's 20 database connections busy without measuring Python's own overhead.
PARALLEL = 16


class Client:
    """Keep-alive HTTP/1.1 to one Souk, one connection per thread."""

    def __init__(self, url, key):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.key = key
        self.local = threading.local()

    def _connection(self):
        if getattr(self.local, "connection", None) is None:
            self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        return self.local.connection

    def call(self, method, path, body=None, key=None, expect=(200, 201, 202)):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {key or self.key}", "Content-Type": "application/json"}
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                status, text = response.status, response.read().decode()
                break
            except (ConnectionError, http.client.HTTPException):
                # An idle keep-alive connection the server closed: one fresh try, never a repeat
                # of a request that got an answer.
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        if status not in expect:
            sys.exit(f"bench: {method} {path} answered {status}: {text[:500]}")
        return json.loads(text) if text else None


def parallel(function, items):
    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(function, items))


def write_env(work, values, mode="w"):
    with open(f"{work}/bench.env", mode) as env:
        for name, value in values.items():
            env.write(f"{name}={shlex.quote(str(value))}\n")


def read_env(work):
    values = {}
    with open(f"{work}/bench.env") as env:
        for line in env:
            name, _, value = line.rstrip("\n").partition("=")
            values[name] = shlex.split(value)[0] if value else ""
    return values


def setup(souk, admin_key, provider_url, work, pool_size):
    admin = Client(souk, admin_key)

    def account(role):
        email = f"bench-{role}-{secrets.token_hex(4)}@example.com"
        return admin.call("POST", "/accounts", {"email": email, "role": "user"})["api_key"]

    customer = Client(souk, account("customer"))
    provider_key = account("provider")
    slug = f"bench-{secrets.token_hex(4)}"
    password = secrets.token_hex(16)
    endpoints = {"base_url": f"{provider_url}/heroku/resources", "sso_url": f"{provider_url}/sso/login"}
    manifest = {
        "id": slug,
        "name": "Bench",
        "api": {
            "config_vars_prefix": "BENCH",
            "config_vars": ["BENCH_URL"],
            "password": password,
            "sso_salt": secrets.token_hex(16),
            "regions": ["us"],
            # attachable: the fan-out shares one add-on; many_per_app: the POST run installs several
            # add-ons of this service in each pool app.
            "requires": ["attachable", "many_per_app"],
            "version": "3",
            "production": endpoints,
            "test": endpoints,
        },
        "plans": [{"name": "basic", "human_name": "Basic", "price": {"cents": 0, "unit": "month"}, "default": True}],
    }
    customer.call("POST", "/provider/manifests", manifest, key=provider_key)
    admin.call("PATCH", f"/admin/addon-services/{slug}", {"state": "ga"})

    customer.call("POST", "/apps", {"name": "bench-read"})
    # 20 vars of 64 characters each, as a typical app's environment.
    config = {f"BENCH_VAR_{i:02d}": secrets.token_hex(32) for i in range(20)}
    customer.call("PATCH", "/apps/bench-read/config-vars", config)

    customer.call("POST", "/apps", {"name": "bench-sso"})
    addon = customer.call("POST", "/apps/bench-sso/addons", {"plan": f"{slug}:basic"})
    if addon["state"] != "provisioned":
        sys.exit(f"bench: the SSO add-on is {addon['state']}, not provisioned")

    # Apps for the POST /apps/{app}/addons run: each install adds a var and a release to its app, so
    # the run is spread over many apps, as installs are on a real platform.
    tag = secrets.token_hex(2)
    names = [f"bench-pool-{tag}-{i}" for i in range(pool_size)]
    parallel(lambda name: customer.call("POST", "/apps", {"name": name}), names)
    with open(f"{work}/pool-apps.txt", "w") as pool:
        pool.write("".join(name + "\n" for name in names))

    write_env(work, {
        "CUSTOMER_KEY": customer.key,
        "SERVICE_SLUG": slug,
        "PLAN": f"{slug}:basic",
        "PARTNER_BASIC": base64.b64encode(f"{slug}:{password}".encode()).decode(),
        "SSO_ADDON": addon["id"],
    })


def fanout_fill(souk, work, apps):
    env = read_env(work)
    customer = Client(souk, env["CUSTOMER_KEY"])
    tag = secrets.token_hex(2)
    names = [f"bench-fan-{tag}-{i}" for i in range(apps)]
    started = time.monotonic()
    # Apps are independent: created in parallel.
    parallel(lambda name: customer.call("POST", "/apps", {"name": name}), names)
    apps_done = time.monotonic()
    addon = customer.call("POST", f"/apps/{names[0]}/addons", {"plan": env["PLAN"], "attachment": {"name": "FAN"}})
    if addon["state"] != "provisioned":
        sys.exit(f"bench: the fan-out add-on is {addon['state']}, not provisioned")
    # Attaching takes the add-on's row lock, so these queue up in Souk however many are sent at once.
    parallel(lambda name: customer.call("POST", "/addon-attachments",
                                        {"addon": addon["id"], "app": name, "name": "FAN"}), names[1:])
    print(json.dumps({"apps_s": round(apps_done - started, 1), "attach_s": round(time.monotonic() - apps_done, 1)}))
    with open(f"{work}/fanout-apps.txt", "w") as listing:
        listing.write("".join(name + "\n" for name in names))
    write_env(work, {"FANOUT_ADDON": addon["id"]}, mode="a")


def fanout_check(souk, work, value):
    env = read_env(work)
    customer = Client(souk, env["CUSTOMER_KEY"])
    with open(f"{work}/fanout-apps.txt") as listing:
        names = listing.read().split()
    failed = []

    def read(name):
        try:
            return customer.call("GET", f"/apps/{name}/config-vars", expect=(200,)).get("FAN_URL")
        except SystemExit as error:  # reported below, with the others
            failed.append(str(error))
            return None

    values = parallel(read, names)
    print(json.dumps({"apps": len(names), "with_value": sum(v == value for v in values), "failed": len(failed)}))
    for message in failed[:5]:
        print(message, file=sys.stderr)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "setup":
        setup(args[0], args[1], args[2], args[3], int(args[4]))
    elif command == "fanout-fill":
        fanout_fill(args[0], args[1], int(args[2]))
    elif command == "fanout-check":
        fanout_check(args[0], args[1], args[2])
    else:
        sys.exit(f"bench_api.py: unknown command {command}")

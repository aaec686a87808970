#!/usr/bin/env python3
"""Prepares a running Souk for scripts/fuzz and writes what the fuzzer needs.

Usage: fuzz-fixtures.py SOUK_URL ADMIN_KEY PROVIDER_BASE_URL OUT_DIR

Through the public API only: a customer and a provider account, a Heroku-flavour and a Scalingo-flavour
manifest whose base_url is the loopback provider (scripts/lib/fuzz-provider.py), both services made
`ga`, two apps with a config var, provisioned add-ons (one attached to both apps), a collaborator. Writes OUT_DIR/keys.env
(shell assignments) and OUT_DIR/schemathesis.toml, whose dictionaries make the fuzzer use these real
ids and names most of the time instead of random strings that only ever reach a 404. DELETE
operations get throwaway resources of their own so that the others keep something to work on.
"""
import base64
import json
import secrets
import shlex
import sys
import urllib.error
import urllib.request

souk, admin_key, provider_url, out_dir = sys.argv[1:5]


def call(method, path, key, body=None, expect=(200, 201)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(souk + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in expect:
        sys.exit(f"fuzz fixtures: {method} {path} answered {status}: {text[:500]}")
    return json.loads(text) if text else None


def account(role):
    email = f"fuzz-{role}-{secrets.token_hex(4)}@example.com"
    created = call("POST", "/accounts", admin_key, {"email": email, "role": "user"})
    return created["api_key"], email, created["id"]


customer_key, customer_email, _ = account("customer")
provider_key, provider_email, provider_id = account("provider")

slug = f"fuzz-{secrets.token_hex(4)}"
password = secrets.token_hex(16)
manifest = {
    "id": slug,
    "name": "Fuzz Bucket",
    "api": {
        "config_vars_prefix": "FUZZ",
        "config_vars": ["FUZZ_URL"],
        "password": password,
        "sso_salt": secrets.token_hex(16),
        "regions": ["us", "eu"],
        "requires": ["attachable", "many_per_app"],
        "version": "3",
        "production": {"base_url": f"{provider_url}/heroku/resources", "sso_url": f"{provider_url}/sso"},
        "test": {"base_url": f"{provider_url}/heroku/resources", "sso_url": f"{provider_url}/sso"},
    },
    "plans": [
        {"name": "basic", "human_name": "Basic", "price": {"cents": 0, "unit": "month"}, "default": True},
        {"name": "premium", "human_name": "Premium", "price": {"cents": 1500, "unit": "month"}},
    ],
}
call("POST", "/provider/manifests", provider_key, manifest)
call("PATCH", f"/admin/addon-services/{slug}", admin_key, {"state": "ga"})
plans = call("GET", f"/addon-services/{slug}/plans", customer_key, expect=(200,))


def app_with_addon():
    app = call("POST", "/apps", customer_key, {})
    call("PATCH", f"/apps/{app['id']}/config-vars", customer_key, {"GREETING": "hello"})
    addon = call("POST", f"/apps/{app['id']}/addons", customer_key, {"plan": f"{slug}:basic"})
    if addon["state"] != "provisioned":
        sys.exit(f"fuzz fixtures: the add-on is {addon['state']}, not provisioned")
    return app, addon


app, addon = app_with_addon()
other = call("POST", "/apps", customer_key, {})
attachment = call("POST", "/addon-attachments", customer_key, {"addon": addon["id"], "app": other["id"], "name": "SHARED"})
call("POST", f"/apps/{app['id']}/collaborators", customer_key, {"user": provider_email})
release = call("GET", f"/apps/{app['id']}/releases/1", customer_key, expect=(200,))

# For DELETE operations only.
victim_app, victim_addon = app_with_addon()
victim_attachment = call("POST", "/addon-attachments", customer_key,
                         {"addon": victim_addon["id"], "app": other["id"], "name": "VICTIM"})
call("POST", f"/apps/{victim_app['id']}/collaborators", customer_key, {"user": provider_email})
call("POST", f"/provider/addon-services/{slug}/plans", provider_key, {"name": "doomed", "human_name": "Doomed"})

# A Scalingo-flavour service too, so that its partner API (/v1/provider/apps) has an add-on to show.
scalingo_name = f"Fuzz Scalingo {secrets.token_hex(4)}"
scalingo_user, scalingo_password = f"fuzz-{secrets.token_hex(4)}", secrets.token_hex(16)
scalingo = call("POST", "/provider/manifests", provider_key, {
    "name": scalingo_name, "username": scalingo_user, "password": scalingo_password,
    "sso_salt": secrets.token_hex(16), "short_description": "Fuzzing", "description": "For scripts/fuzz.",
    "config_vars": ["FUZZ_URL"],
    "production": {"base_url": f"{provider_url}/scalingo/resources", "sso_url": f"{provider_url}/sso"},
    "test": {"base_url": f"{provider_url}/scalingo/resources", "sso_url": f"{provider_url}/sso"},
    "plans": [{"name": "free", "display_name": "Free", "price": 0.0, "description": "Free"}],
})
call("PATCH", f"/admin/addon-services/{scalingo['name']}", admin_key, {"state": "ga"})
scalingo_addon = call("POST", f"/apps/{other['id']}/addons", customer_key, {"plan": f"{scalingo['name']}:free"})

with open(f"{out_dir}/keys.env", "w") as env:
    partner = base64.b64encode(f"{slug}:{password}".encode()).decode()
    scalingo_partner = base64.b64encode(f"{scalingo_user}:{scalingo_password}".encode()).decode()
    for name, value in [("CUSTOMER_KEY", customer_key), ("PROVIDER_KEY", provider_key),
                        ("PARTNER_BASIC", partner), ("SCALINGO_BASIC", scalingo_partner), ("SERVICE_SLUG", slug)]:
        env.write(f"{name}={shlex.quote(value)}\n")


def toml_list(values):
    return "[" + ", ".join(json.dumps(str(v)) for v in values) + "]"


dictionaries = {
    "apps": [app["id"], app["name"], other["name"]],
    "addons": [addon["id"], addon["name"]],
    "addon_uuids": [addon["id"], scalingo_addon["id"]],
    "attachments": [attachment["id"], "SHARED"],
    "releases": ["1", "2", release["id"]],
    "users": [provider_email, provider_id],
    "services": [slug],
    "plans": ["basic", "premium", f"{slug}:basic", plans[0]["id"]],
    "victim_apps": [victim_app["id"]],
    "victim_addons": [victim_addon["id"]],
    "victim_attachments": [victim_attachment["id"]],
    "victim_users": [provider_email, provider_id],
    "victim_plans": ["doomed"],
}
bindings = {"app": "apps", "addon": "addons", "attachment": "attachments", "release": "releases", "user": "users",
            "service": "services", "slug": "services", "plan": "plans", "id": "addon_uuids"}
victims = {"app": "victim_apps", "addon": "victim_addons", "attachment": "victim_attachments",
           "user": "victim_users", "slug": "services", "plan": "victim_plans"}
with open(f"{out_dir}/schemathesis.toml", "w") as config:
    config.write("[dictionaries]\n")
    for name, values in dictionaries.items():
        config.write(f"{name} = {{ values = {toml_list(values)} }}\n")
    config.write("\n[parameters]\n")
    for parameter, dictionary in bindings.items():
        config.write(f'"path.{parameter}" = {{ dictionary = "{dictionary}", probability = 0.8 }}\n')
    config.write('\n[[operations]]\ninclude-method = "DELETE"\n[operations.parameters]\n')
    for parameter, dictionary in victims.items():
        config.write(f'"path.{parameter}" = {{ dictionary = "{dictionary}", probability = 0.8 }}\n')
print(f"fuzz fixtures: service {slug}, app {app['name']}, add-on {addon['name']}")

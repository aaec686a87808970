#!/usr/bin/env python3
"""A Heroku-flavour add-on provider on 127.0.0.1 for scripts/browser-test, with a single sign-on landing
page that a real browser can reach through Souk's dashboard.

Usage: browser-provider.py [--id SLUG] [--password PASSWORD] [--salt SSO_SALT] [--prefix CONFIG_PREFIX]
(or BROWSER_PROVIDER_ID, _PASSWORD, _SALT, _PREFIX in the environment). These are the values of the
manifest the browser suite pushes: the provider knows its own manifest, as a real one does.

Prints its port on the first line, then serves until killed:
- POST /heroku/resources (Basic id:password, else 401) provisions at once: a fresh id and
  {PREFIX}_URL = https://dash.example/<id> (a reserved name: nothing ever fetches it); except the plan
  `async`, answered 202 and completed 4 s later through Souk's partner API (its callback_url, loopback only);
- PUT /heroku/resources/<id> (plan change) answers 200 {}; DELETE answers 204;
- POST or GET /sso/login checks token = sha1(id:salt:timestamp) and a timestamp at most 5 minutes
  away, then sets a session cookie and answers 303 to GET /dashboard/<id>, the landing page;
  a bad token is a 403 "bad token";
- GET /another-site is a blank page of this origin, from which the suite calls Souk's API cross-origin.
"""
import argparse
import hashlib
import hmac
import html
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from base64 import b64decode, b64encode
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Cookies are not separated by port: 127.0.0.1's cookies reach Souk too, so never name this souk_session.
COOKIE = "provider_session"
FRESHNESS_SECONDS = 5 * 60
# The plan that provisions asynchronously: 202 at once, then "provisioned" through the partner API this much
# later, so that a browser sees the add-on in `provisioning` first.
ASYNC_PLAN = "async"
ASYNC_SECONDS = 4


def settings():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--id", default=os.environ.get("BROWSER_PROVIDER_ID", "browser-bucket"))
    parser.add_argument("--password", default=os.environ.get("BROWSER_PROVIDER_PASSWORD", "secret"))
    parser.add_argument("--salt", default=os.environ.get("BROWSER_PROVIDER_SALT", "salt"))
    parser.add_argument("--prefix", default=os.environ.get("BROWSER_PROVIDER_PREFIX"))
    args = parser.parse_args()
    # PROTOCOLS §5: without config_vars_prefix, the slug upper-cased with - as _.
    args.prefix = args.prefix or args.id.upper().replace("-", "_")
    return args


SETTINGS = settings()
# session cookie value -> (provider id, email); the landing page shows who signed in.
SESSIONS = {}


def finish_provisioning(callback_url, config):
    """The second half of asynchronous provisioning (PROTOCOLS §2.3): the config, then "provisioned", through
    Souk's partner API at the add-on's callback_url, with Basic id:password. Loopback only."""
    if urllib.parse.urlsplit(callback_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        print(f"browser-provider: not calling back {callback_url!r}: not a loopback address", file=sys.stderr)
        return
    credentials = b64encode(f"{SETTINGS.id}:{SETTINGS.password}".encode()).decode()
    calls = [("PATCH", "/config", {"config": [{"name": name, "value": value} for name, value in config.items()]}),
             ("POST", "/actions/provision", {})]
    for method, path, body in calls:
        request = urllib.request.Request(callback_url + path, data=json.dumps(body).encode(), method=method, headers={
            "Authorization": f"Basic {credentials}", "Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except (urllib.error.URLError, OSError) as error:
            print(f"browser-provider: {method} {callback_url}{path} failed: {error}", file=sys.stderr)
            return


def sso_token(resource_id, timestamp):
    return hashlib.sha1(f"{resource_id}:{SETTINGS.salt}:{timestamp}".encode()).hexdigest()


def fresh(timestamp):
    try:
        return abs(time.time() - int(timestamp)) <= FRESHNESS_SECONDS
    except ValueError:
        return False


class Provider(BaseHTTPRequestHandler):
    def answer(self, status, body=b"", content_type=None, headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_json(self, status, value):
        self.answer(status, json.dumps(value).encode(), "application/json")

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def authorized(self):
        """Basic id:password, compared in constant time; kensa sends wrong ones and expects a 401."""
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(user, SETTINGS.id) and hmac.compare_digest(password, SETTINGS.password)

    def path_parts(self):
        return [urllib.parse.unquote(p) for p in urllib.parse.urlsplit(self.path).path.split("/") if p]

    def do_POST(self):
        parts = self.path_parts()
        if parts == ["heroku", "resources"]:
            self.provision()
        elif parts == ["sso", "login"]:
            form = urllib.parse.parse_qs(self.body().decode(), keep_blank_values=True)
            self.sign_on(form)
        else:
            self.answer(404, b"not found", "text/plain")

    def do_GET(self):
        parts = self.path_parts()
        if parts == ["sso", "login"]:
            self.sign_on(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True))
        elif len(parts) == 2 and parts[0] == "dashboard":
            self.landing(parts[1])
        elif parts == ["another-site"]:
            # A page of another origin than Souk's, from which the suite calls Souk's API as a script would.
            self.answer(200, b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Another site'
                             b'</title></head><body><h1>Another site</h1></body></html>', "text/html; charset=utf-8")
        else:
            self.answer(404, b"not found", "text/plain")

    def do_PUT(self):  # plan change
        self.body()
        if not self.authorized():
            return self.answer_json(401, {"message": "wrong credentials"})
        self.answer_json(200, {})

    def do_DELETE(self):  # deprovision
        self.body()
        if not self.authorized():
            return self.answer_json(401, {"message": "wrong credentials"})
        self.answer(204)

    def provision(self):
        body = self.body()
        if not self.authorized():
            return self.answer_json(401, {"message": "wrong credentials"})
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self.answer_json(400, {"message": "the body is not JSON"})
        resource = str(uuid.uuid4())
        config = {f"{SETTINGS.prefix}_URL": f"https://dash.example/{resource}"}
        if request.get("plan") == ASYNC_PLAN:
            self.answer_json(202, {"id": resource, "message": "provisioning"})
            threading.Timer(ASYNC_SECONDS, finish_provisioning, (request.get("callback_url", ""), config)).start()
        else:
            self.answer_json(200, {"id": resource, "config": config, "message": "ready"})

    def sign_on(self, fields):
        def field(name):
            return (fields.get(name) or [""])[0]

        resource, token, timestamp = field("id"), field("token"), field("timestamp")
        if not resource or not fresh(timestamp) or not hmac.compare_digest(token, sso_token(resource, timestamp)):
            return self.answer(403, b"bad token", "text/plain")
        session = secrets.token_urlsafe(16)
        SESSIONS[session] = (resource, field("email"))
        self.answer(303, headers=[
            ("Location", "/dashboard/" + urllib.parse.quote(resource, safe="")),
            ("Set-Cookie", f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"),
        ])

    def landing(self, resource):
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        session = SESSIONS.get(cookie[COOKIE].value) if COOKIE in cookie else None
        if session is None or session[0] != resource:
            return self.answer(403, b"not signed in", "text/plain")
        page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Provider dashboard</title>'
                f'</head><body><h1 id="provider-landing">Signed in</h1>'
                f'<p id="signed-in-as">{html.escape(session[1])}</p><p id="resource">{html.escape(resource)}</p>'
                f'</body></html>')
        self.answer(200, page.encode(), "text/html; charset=utf-8")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
print(server.server_address[1], flush=True)
server.serve_forever()

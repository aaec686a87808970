"""The /dashboard pages of `souk serve` in headless Chromium: run by scripts/browser-test, which starts the
server, the loopback provider and exports their addresses (see support.py).

Each test class gets its own browser and each test its own accounts, so tests run alone too
(`scripts/browser-test -k csrf`). The marketplace story is one ordered class: each step does its part in the
browser, and when an earlier step did not leave what it needs (it failed, or was not selected), it makes that
through the JSON API first, so one broken page does not hide the rest.
"""
import json
import os
import re
import secrets
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.by import By  # noqa: E402

from support import (ADMIN_KEY, PROVIDER_ID, PROVIDER_PASSWORD, PROVIDER_PREFIX, PROVIDER_SALT,  # noqa: E402
                     PROVIDER_URL, SOUK_URL, BrowserTestCase, Http, api, create_account, first_heading, has_flash,
                     manifest, new_email, new_password, parse_forms, text_of, unique)

CONFIG_VAR = f"{PROVIDER_PREFIX}_URL"
XSS = "<script>window.__xss=1</script><b>bold</b>"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def json_text(value):
    return json.dumps(value, indent=2)


def poll(condition, timeout, message):
    """Waits for CONDITION (a function) outside the browser, checking every 0.2 s up to TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.2)


class SignInTest(BrowserTestCase):
    def test_root_and_dashboard_redirect_by_session(self):
        signed_in, _ = Http.new_customer()
        for client, target in ((Http(), "/dashboard/sign-in"), (signed_in, "/dashboard/apps")):
            for path in ("/", "/dashboard"):
                first = client.get(path)
                self.assertIn(first.status, (302, 303), f"GET {path}: {first.status}")
                landed, statuses = client.landing(path)
                self.assertEqual(landed, target, f"GET {path} went through {statuses}")

    def test_sign_up_sign_out_and_sign_in(self):
        self.visit("/dashboard/sign-in")
        self.find("form#sign-in input[name=email]")
        self.find("form#sign-in input[name=password]")
        self.find("form#sign-in-key input[name=api_key]")
        self.screenshot("sign-in")
        self.find('a[href="/dashboard/sign-up"]').click()
        self.wait_for_path("/dashboard/sign-up")

        email, password = new_email("signup"), new_password()
        self.submit_form("form#sign-up", email=email, password=password)
        self.wait_for_path("/dashboard/apps")
        cookie = self.session_cookie()
        self.assertTrue(cookie.get("httpOnly"), f"souk_session is not HttpOnly: {cookie}")
        self.assertEqual(cookie.get("sameSite"), "Lax", f"souk_session: {cookie}")
        self.assertFalse(cookie.get("secure"), f"souk_session is Secure in the test environment: {cookie}")

        self.sign_out()
        self.visit("/dashboard/apps", expect_ok=False)
        self.wait_for_path("/dashboard/sign-in")

        self.submit_form("form#sign-in", email=email, password="not-" + password)
        self.assertEqual(self.path(), "/dashboard/sign-in")
        self.assert_flash("error", "after a wrong password")
        self.submit_form("form#sign-in", email=email, password=password)
        self.wait_for_path("/dashboard/apps")

    def test_sign_up_refuses_a_short_password_and_a_taken_email(self):
        client = Http()
        short = client.submit("/dashboard/sign-up", "sign-up", email=new_email("short"), password="123456789")
        self.assertIn(short.status, (400, 409, 422),
                      f"a 9-character password: {short.status} {text_of(short.body)[:200]}")
        self.assertTrue(has_flash(short.body, "error"), "no .flash.error after a 9-character password")
        email, _ = Http().sign_up()
        taken = Http().submit("/dashboard/sign-up", "sign-up", email=email, password=new_password())
        self.assertIn(taken.status, (400, 409, 422), f"a taken email: {taken.status} {text_of(taken.body)[:200]}")
        self.assertTrue(has_flash(taken.body, "error"), "no .flash.error after signing up with a taken email")

    def test_wrong_credentials_are_401(self):
        email, password = Http().sign_up()
        right = Http().submit("/dashboard/sign-in", "sign-in", email=email, password=password)
        self.assertEqual(right.status, 303, "the control: the right password signs in")
        for fields in ({"email": email, "password": "wrong-" + password},
                       {"email": new_email("nobody"), "password": password}):
            answer = Http().submit("/dashboard/sign-in", "sign-in", **fields)
            self.assertEqual(answer.status, 401, f"sign-in with {fields}: {text_of(answer.body)[:200]}")
            self.assertTrue(has_flash(answer.body, "error"))
            self.assertTrue(any(form.id == "sign-in" for form in parse_forms(answer.body)),
                            "the sign-in form is not shown again")
        answer = Http().submit("/dashboard/sign-in", "sign-in-key", api_key="souk_" + secrets.token_hex(16))
        self.assertEqual(answer.status, 401, f"sign-in with a wrong API key: {text_of(answer.body)[:200]}")

    def test_change_password(self):
        email, old = self.sign_up()
        self.visit("/dashboard/account")
        self.screenshot("account")
        new = new_password()
        self.submit_form("form#password", current_password="wrong-" + old, password=new)
        self.assert_flash("error", "after a wrong current password")
        self.submit_form("form#password", current_password=old, password=new)
        self.assert_flash("notice", "after changing the password")

        self.sign_out()
        old_try = Http().submit("/dashboard/sign-in", "sign-in", email=email, password=old)
        self.assertEqual(old_try.status, 401, "the old password still signs in")
        self.sign_in(email, new)

    def test_repeated_failures_are_rate_limited(self):
        email, password = Http().sign_up()
        right = Http().submit("/dashboard/sign-in", "sign-in", email=email, password=password)
        self.assertEqual(right.status, 303, "the control: the right password signs in")
        statuses = []
        attacker = Http()
        for _ in range(30):
            guess = "guess-" + secrets.token_hex(4)
            answer = attacker.submit("/dashboard/sign-in", "sign-in", email=email, password=guess)
            statuses.append(answer.status)
            if answer.status == 429:
                break
        # Then the right password, from a client with no history, is refused too: the limit is the email's.
        honest = Http().submit("/dashboard/sign-in", "sign-in", email=email, password=password)
        self.assertNotEqual(honest.status, 303, f"after {len(statuses)} failures ({statuses}), the right password "
                            f"still signs in at once: no limit per email")
        self.assertIn(honest.status, (401, 429), f"the refused right password: {honest.status}")
        self.assertTrue(has_flash(honest.body, "error"))
        # And in the browser, the page says so.
        self.visit("/dashboard/sign-in")
        self.submit_form("form#sign-in", email=email, password=password)
        self.assertEqual(self.path(), "/dashboard/sign-in", "the browser signed in despite the limit")
        self.assert_flash("error", "for a rate-limited sign-in")

    def test_session_is_dead_after_sign_out(self):
        self.new_customer()
        old = self.session_cookie()["value"]
        self.assertEqual(Http({"souk_session": old}).get("/dashboard/apps").status, 200, "the control")
        self.sign_out()
        for path in ("/dashboard/apps", "/dashboard/account"):
            answer = Http({"souk_session": old}).get(path)
            self.assertIn(answer.status, (302, 303), f"GET {path} with the signed-out cookie: {answer.status} "
                          f"{text_of(answer.body)[:200]}")
            self.assertEqual(answer.location_path(), "/dashboard/sign-in", f"GET {path} with the signed-out cookie")


class AppPageTest(BrowserTestCase):
    def set_var(self, key, value):
        self.submit_form("form#set-config", key=key, value=value)
        self.assert_flash("notice", f"after setting {key}")

    def versions(self):
        return sorted(int(row.get_attribute("data-version")) for row in self.finds("section#releases tr[data-version]"))

    def test_config_vars_set_reveal_overwrite_remove_and_roll_back(self):
        self.new_customer()
        app = self.create_app()
        for section in ("config-vars", "addons", "releases", "collaborators", "settings"):
            self.find(f"section#{section}")
        before = self.versions()

        self.set_var("GREETING", "hello")
        self.assertEqual(self.reveal("GREETING").text, "hello")
        hello_version = max(self.versions())
        self.assertGreater(hello_version, max(before, default=0), "setting a var cut no release")

        self.set_var("GREETING", "bonjour")
        self.assertEqual(self.reveal("GREETING").text, "bonjour")
        self.assertGreater(max(self.versions()), hello_version, "overwriting a var cut no release")

        remove = self.find(f'{self.config_row("GREETING")} form[action="/dashboard/apps/{app}/config-vars/remove"]')
        self.submit(remove)
        self.assert_flash("notice", "after removing GREETING")
        self.assertFalse(self.present(self.config_row("GREETING")), "GREETING is still listed after Remove")

        rollback = self.find(f'section#releases tr[data-version="{hello_version}"] '
                             f'form[action="/dashboard/apps/{app}/releases/{hello_version}/rollback"]')
        self.assertIn("Roll back", rollback.text)
        self.submit(rollback)
        self.assert_flash("notice", f"after rolling back to v{hello_version}")
        self.assertEqual(self.reveal("GREETING").text, "hello", "the rollback did not bring GREETING=hello back")

    def test_config_value_is_shown_as_text(self):
        self.new_customer()
        self.create_app()
        self.set_var("PAYLOAD", XSS)
        code = self.reveal("PAYLOAD")
        self.assertEqual(code.text, XSS, "the value is not shown as the raw string")
        self.assertEqual(code.get_attribute("textContent"), XSS)
        self.assertEqual(self.finds("b", code), [], "a <b> element was made from the value")
        self.assertIsNone(self.driver.execute_script("return window.__xss"), "the value's script ran")

    def test_another_customers_app_is_not_found(self):
        self.new_customer()
        app = self.create_app()
        self.assertEqual(self.http().get(f"/dashboard/apps/{app}").status, 200, "the control: its owner sees it")
        other, _ = Http.new_customer()
        for path in (f"/dashboard/apps/{app}", "/dashboard/apps/no-such-app-here"):
            answer = other.get(path)
            self.assertEqual(answer.status, 404, f"GET {path} as another customer: {text_of(answer.body)[:200]}")
            self.assertRegex(first_heading(answer.body) or "", re.compile("not found", re.I))
        self.assertNotIn(f'href="/dashboard/apps/{app}"', other.get("/dashboard/apps").body)
        answer = other.post(f"/dashboard/apps/{app}/config-vars",
                            {"csrf_token": other.csrf_token(), "key": "STOLEN", "value": "1"})
        self.assertIn(answer.status, (403, 404), f"setting a var on another customer's app: {answer.status}")
        self.visit(f"/dashboard/apps/{app}")
        self.assertFalse(self.present(self.config_row("STOLEN")), "another customer set a var on this app")

    def test_collaborators_see_the_app_until_removed(self):
        self.new_customer()
        app = self.create_app()
        friend, friend_email = Http.new_customer()
        self.assertEqual(friend.get(f"/dashboard/apps/{app}").status, 404)

        self.submit_form("form#add-collaborator", email=friend_email)
        self.assert_flash("notice", "after adding a collaborator")
        row = self.find(f'section#collaborators tr[data-email="{friend_email}"]')
        answer = friend.get(f"/dashboard/apps/{app}")
        self.assertEqual(answer.status, 200, "a collaborator cannot see the app")

        self.submit(self.find(f'form[action="/dashboard/apps/{app}/collaborators/remove"]', row))
        self.assert_flash("notice", "after removing a collaborator")
        self.assertFalse(self.present(f'section#collaborators tr[data-email="{friend_email}"]'))
        self.assertEqual(friend.get(f"/dashboard/apps/{app}").status, 404, "a removed collaborator still sees the app")

    def test_rename_and_destroy_need_the_right_confirmation(self):
        self.new_customer()
        app = self.create_app()
        renamed = unique("renamed")
        self.submit_form("form#rename", name=renamed)
        self.wait_for_path(f"/dashboard/apps/{renamed}")
        self.assert_flash("notice", "after renaming")
        client = self.http()
        self.assertEqual(client.get(f"/dashboard/apps/{app}").status, 404, "the old name still answers")

        self.submit_form("form#destroy", validate=False, confirm=app)  # the old name is the wrong one now
        self.assert_flash("error", "after a wrong destroy confirmation")
        self.assertEqual(client.get(f"/dashboard/apps/{renamed}").status, 200, "a wrong confirmation destroyed it")

        self.visit(f"/dashboard/apps/{renamed}")
        self.submit_form("form#destroy", confirm=renamed)
        self.wait_for_path("/dashboard/apps")
        self.assert_flash("notice", "after destroying the app")
        self.assertFalse(self.present(f'a[href="/dashboard/apps/{renamed}"]'))
        self.assertEqual(client.get(f"/dashboard/apps/{renamed}").status, 404)


class SecurityTest(BrowserTestCase):
    def test_post_without_a_valid_csrf_token_is_refused(self):
        self.new_customer()
        app = self.create_app()
        client = self.http()
        other, _ = Http.new_customer()
        path = f"/dashboard/apps/{app}/config-vars"
        for label, token in (("no token", None), ("a made-up token", secrets.token_urlsafe(32)),
                             ("another session's token", other.csrf_token())):
            form = {"key": "FORGED", "value": label}
            if token is not None:
                form["csrf_token"] = token
            answer = client.post(path, form)
            self.assertEqual(answer.status, 403,
                             f"POST {path} with {label}: {answer.status} {text_of(answer.body)[:200]}")
        # Signing out is a POST too: without a token the session lives on.
        answer = client.post("/dashboard/sign-out", {})
        self.assertEqual(answer.status, 403, f"sign-out without a token: {answer.status}")
        self.assertEqual(client.get("/dashboard/apps").status, 200, "a tokenless sign-out ended the session")

        # In the browser: the form without its hidden input.
        self.visit(f"/dashboard/apps/{app}")
        form = self.find("form#set-config")
        self.driver.execute_script("arguments[0].querySelector('input[name=csrf_token]').remove()", form)
        self.fill(form, key="FORGED", value="browser")
        self.submit(form)
        self.assertFalse(self.present(".flash.notice"), "a tokenless POST got a success message")
        self.visit(f"/dashboard/apps/{app}")
        self.assertFalse(self.present('section#config-vars tr[data-key="FORGED"]'), "a forged POST set a var")

        # The control: the same POST with the session's own token works, so the refusals were the token's.
        action, fields = client.form_fields(f"/dashboard/apps/{app}", "set-config")
        fields.update(key="GENUINE", value="1")
        answer = client.post(urllib.parse.urlsplit(action).path, fields)
        self.assertEqual(answer.status, 303, f"the genuine POST: {answer.status} {text_of(answer.body)[:200]}")

    def test_pages_send_security_headers(self):
        client = Http()
        email, password = new_email("headers"), new_password()
        answer = client.submit("/dashboard/sign-up", "sign-up", email=email, password=password)
        cookies = [c for c in answer.header_values("Set-Cookie") if c.startswith("souk_session=")]
        self.assertTrue(cookies, f"sign-up set no souk_session cookie: {answer.header_values('Set-Cookie')}")
        flags = [part.strip().lower() for part in cookies[-1].split(";")[1:]]
        self.assertIn("httponly", flags, cookies[-1])
        self.assertIn("samesite=lax", flags, cookies[-1])
        self.assertNotIn("secure", flags, f"Secure in the test environment: {cookies[-1]}")

        signed_out = Http()
        pages = [(signed_out, "/dashboard/sign-in", 200), (signed_out, "/dashboard/sign-up", 200)]
        pages += [(client, path, 200) for path in ("/dashboard/apps", "/dashboard/marketplace", "/dashboard/account",
                                                   "/dashboard/invoices", "/dashboard/provider",
                                                   "/dashboard/provider/manifest")]
        pages += [(client, "/dashboard/apps/no-such-app-here", 404)]
        problems = []
        for who, path, status in pages:
            answer = who.get(path)
            headers = answer.headers
            if answer.status != status:
                problems.append(f"{path}: status {answer.status}, not {status}")
            if not (headers.get("Content-Type") or "").startswith("text/html"):
                problems.append(f"{path}: Content-Type {headers.get('Content-Type')!r}")
            if not headers.get("Content-Security-Policy"):
                problems.append(f"{path}: no Content-Security-Policy")
            if (headers.get("X-Frame-Options") or "").upper() != "DENY":
                problems.append(f"{path}: X-Frame-Options {headers.get('X-Frame-Options')!r}")
            if not headers.get("Referrer-Policy"):
                problems.append(f"{path}: no Referrer-Policy")
        self.assertEqual(problems, [])

    def test_every_post_form_carries_a_csrf_token(self):
        missing = {}
        for path in ("/dashboard/sign-in", "/dashboard/sign-up"):
            self.visit(path)
            missing[path] = self.post_forms_without_csrf()
        self.new_customer()
        app = self.create_app()
        for path in ("/dashboard/apps", f"/dashboard/apps/{app}", "/dashboard/marketplace", "/dashboard/invoices",
                     "/dashboard/account", "/dashboard/provider", "/dashboard/provider/manifest"):
            self.visit(path)
            missing[path] = self.post_forms_without_csrf()
        self.assertEqual({path: forms for path, forms in missing.items() if forms}, {})

    def test_admin_pages_are_for_admins_only(self):
        client, _ = Http.new_customer()
        admin = Http()
        admin.sign_in_with_key(ADMIN_KEY)
        for path in ("/dashboard/admin/addons", "/dashboard/admin/attachments", "/dashboard/admin/services"):
            self.assertEqual(admin.get(path).status, 200, f"the control: the admin's GET {path}")
            answer = client.get(path)
            self.assertIn(answer.status, (403, 404), f"a customer's GET {path}: {answer.status}")
        answer = client.post(f"/dashboard/admin/services/{PROVIDER_ID}/state",
                             {"csrf_token": client.csrf_token(), "state": "shutdown"})
        self.assertIn(answer.status, (403, 404), f"a customer's POST of a service state: {answer.status}")


class NavigationTest(BrowserTestCase):
    NAV = {"Apps": "/dashboard/apps", "Marketplace": "/dashboard/marketplace", "Invoices": "/dashboard/invoices",
           "Provider": "/dashboard/provider", "Account": "/dashboard/account"}

    def check_nav(self, admin):
        for label, path in self.NAV.items():
            link = self.find(f'nav a[href="{path}"]')
            self.assertIn(label, link.text)
        self.assertEqual(self.present('nav a[href="/dashboard/admin/addons"]'), admin,
                         "the Admin link is shown" if not admin else "no Admin link for the admin")
        self.assertIn("Sign out", self.find('nav form[action$="/dashboard/sign-out"]').text)

    def test_customer_pages(self):
        self.new_customer()
        self.check_nav(admin=False)
        for label, path in self.NAV.items():
            self.find(f'nav a[href="{path}"]').click()
            self.wait_for_path(path)
            self.assert_page_ok()
            self.check_nav(admin=False)
        self.visit("/dashboard/invoices")
        self.assertIn("No invoices yet", self.find("body").text)
        self.screenshot("invoices")
        self.visit("/dashboard/apps")
        self.screenshot("apps")

    def test_admin_sees_the_admin_link(self):
        self.sign_in_with_key(ADMIN_KEY)
        self.check_nav(admin=True)
        self.find('nav a[href="/dashboard/admin/addons"]').click()
        self.wait_for_path("/dashboard/admin/addons")
        self.assert_page_ok()

    def test_missing_page_is_an_html_404(self):
        client, _ = Http.new_customer()
        answer = client.get("/dashboard/apps/no-such-app-here")
        self.assertEqual(answer.status, 404)
        self.assertRegex(first_heading(answer.body) or "", re.compile("not found", re.I))


class CrossOriginApiTest(BrowserTestCase):
    """Souk's API called by a script on another site (the provider's origin), as Chromium enforces CORS: with a key
    it reads, revalidates with the ETag it may read, and writes after a preflight; with the visitor's credentials,
    or at the dashboard, it gets nothing."""

    FETCH = """
        const [url, init, done] = arguments;
        fetch(url, init).then(
            async (response) => done({status: response.status, etag: response.headers.get("ETag"),
                                      requestId: response.headers.get("Request-Id"), body: await response.text()}),
            (error) => done({error: String(error)}));
    """

    def fetch(self, path, **init):
        return self.driver.execute_async_script(self.FETCH, SOUK_URL + path, init)

    def test_a_script_elsewhere_calls_the_api_with_a_key_and_never_with_the_visitors_credentials(self):
        _, key = create_account("cors")
        app = api("POST", "/apps", key, {"name": unique("cors")})[1]["name"]
        api("PATCH", f"/apps/{app}/config-vars", key, {"GREETING": "hello"})
        self.driver.get(PROVIDER_URL + "/another-site")
        self.assertNotEqual(urllib.parse.urlsplit(self.driver.current_url).netloc,
                            urllib.parse.urlsplit(SOUK_URL).netloc)
        headers = {"Authorization": f"Bearer {key}", "Accept": "application/vnd.heroku+json; version=3"}

        read = self.fetch(f"/apps/{app}/config-vars", headers=headers)
        self.assertEqual(read.get("status"), 200, read)
        self.assertEqual(json.loads(read["body"]).get("GREETING"), "hello")
        self.assertRegex(read.get("etag") or "", r'^"[0-9a-f]{32}"$')
        self.assertTrue(read.get("requestId"), read)

        again = self.fetch(f"/apps/{app}/config-vars", headers={**headers, "If-None-Match": read["etag"]})
        self.assertEqual(again.get("status"), 304, again)
        self.assertEqual(again.get("body"), "")

        # PATCH with a JSON body: Chromium asks first (the preflight), then sends it.
        written = self.fetch(f"/apps/{app}/config-vars", method="PATCH",
                             headers={**headers, "Content-Type": "application/json"},
                             body=json.dumps({"GREETING": "bye"}))
        self.assertEqual(written.get("status"), 200, written)
        self.assertEqual(api("GET", f"/apps/{app}/config-vars", key)[1].get("GREETING"), "bye")

        # The browser's own credentials (cookies, a remembered login) are refused to other origins.
        with_credentials = self.fetch(f"/apps/{app}/config-vars", headers=headers, credentials="include")
        self.assertIn("error", with_credentials, with_credentials)
        dashboard = self.fetch("/dashboard/apps")
        self.assertIn("error", dashboard, dashboard)


class MarketplaceStoryTest(BrowserTestCase):
    """A provider's service from manifest to removal, in the order a person would go: each step fills in what
    it needs through the API when an earlier step did not leave it (see the module's docstring)."""

    app = None  # the customer's app and add-on, once a step has made them
    addon = None
    resource = None  # the provider's id of that add-on

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider_email, cls.provider_key = create_account("provider")
        cls.customer_email, cls.customer_key = create_account("customer")

    # What earlier steps should have left, made through the API when they did not.

    def ensure_pushed(self):
        status, _ = api("GET", f"/provider/addon-services/{PROVIDER_ID}", self.provider_key, expect=None)
        if status == 404:
            api("POST", "/provider/manifests", self.provider_key, manifest())

    def ensure_public(self):
        self.ensure_pushed()
        _, service = api("GET", f"/addon-services/{PROVIDER_ID}", ADMIN_KEY)
        if service.get("state") != "ga":
            api("PATCH", f"/admin/addon-services/{PROVIDER_ID}", ADMIN_KEY, {"state": "ga"})

    def install_by_api(self, app):
        _, addon = api("POST", f"/apps/{app}/addons", self.customer_key, {"plan": f"{PROVIDER_ID}:basic"})
        poll(lambda: api("GET", f"/apps/{app}/addons/{addon['name']}", self.customer_key)[1]["state"] == "provisioned",
             30, f"the add-on {addon['name']} installed through the API did not provision")
        return addon["name"]

    def ensure_installed(self):
        cls = type(self)
        if cls.addon:
            status, addon = api("GET", f"/apps/{cls.app}/addons/{cls.addon}", self.customer_key, expect=None)
            if status == 200 and addon.get("state") == "provisioned":
                return
        self.ensure_public()
        if not cls.app:
            cls.app = api("POST", "/apps", self.customer_key, {"name": unique("story")})[1]["name"]
        cls.addon = self.install_by_api(cls.app)
        cls.resource = None

    def provider_resource(self):
        """The provider's id of the story's add-on (which it also put at the end of its config URL)."""
        if not type(self).resource:
            _, addon = api("GET", f"/apps/{self.app}/addons/{self.addon}", self.customer_key)
            type(self).resource = addon["provider_id"]
        return type(self).resource

    def addon_row(self, addon=None):
        return f'section#addons tr[data-addon="{addon or self.addon}"]'

    # The steps.

    def test_1_provider_pushes_a_bad_then_a_good_manifest(self):
        self.sign_in_with_key(self.provider_key)
        self.visit("/dashboard/provider")
        self.find('a[href="/dashboard/provider/manifest"]').click()
        self.wait_for_path("/dashboard/provider/manifest")
        self.assert_page_ok()

        # Not JSON, and trying to end the textarea early: it must come back as typed, inert.
        broken = '{"id": "broken", </textarea><script>window.__xss_manifest=1</script>'
        self.submit_form("form#manifest", manifest=broken)
        self.assertGreaterEqual(len(self.finds("ul.errors li")), 1, "no ul.errors li for a manifest that is not JSON")
        self.assertEqual(self.find("form#manifest textarea[name=manifest]").get_attribute("value"), broken,
                         "the textarea does not keep what was typed")
        self.assertIsNone(self.driver.execute_script("return window.__xss_manifest"), "the typed script ran")
        self.assertEqual(self.http().post("/dashboard/provider/manifest", {
            "csrf_token": self.http().csrf_token("/dashboard/provider/manifest"), "manifest": broken}).status, 422)

        # JSON, but three things wrong: each one listed.
        invalid = manifest(slug="Bad Slug!", password="", config_vars=["lowercase_url"])
        self.submit_form("form#manifest", manifest=json_text(invalid))
        errors = [li.text for li in self.finds("ul.errors li")]
        self.assertGreaterEqual(len(errors), 3, f"one li per problem (slug, password, var name) expected: {errors}")
        self.screenshot("manifest-errors")

        self.submit_form("form#manifest", manifest=json_text(manifest()))
        self.wait_for_path(f"/dashboard/provider/services/{PROVIDER_ID}")
        self.assert_flash("notice", "after pushing a good manifest")
        shown = self.text("pre.manifest")
        self.assertIn(PROVIDER_ID, shown)
        self.assertIn(PROVIDER_URL, shown, "the manifest shown lacks its base_url")
        source = self.driver.page_source
        self.assertNotIn(PROVIDER_PASSWORD, source, "the provider's password is on the page")
        self.assertNotIn(PROVIDER_SALT, source, "the SSO salt is on the page")
        self.find('tr[data-plan="basic"]')
        self.find('tr[data-plan="premium"]')
        self.screenshot("provider-service")

        self.visit("/dashboard/provider")
        row = self.find(f'tr[data-service="{PROVIDER_ID}"]')
        self.assertEqual(self.text("td.state", row), "alpha")
        self.find(f'a[href="/dashboard/provider/services/{PROVIDER_ID}"]', row)
        self.screenshot("provider")
        self.visit("/dashboard/marketplace")
        self.assertFalse(self.present(f'article[data-service="{PROVIDER_ID}"]'),
                         "an alpha service is in the marketplace")

    def promote(self, state, label):
        row = self.find(f'tr[data-service="{PROVIDER_ID}"]')
        form = row.find_element(By.XPATH, f'.//form[.//input[@name="state" and @value="{state}"]]')
        self.assertTrue(form.get_attribute("action").endswith(f"/dashboard/admin/services/{PROVIDER_ID}/state"))
        self.assertIn(label, form.text)
        self.submit(form)
        self.assert_flash("notice", f"after '{label}'")
        self.assertEqual(self.text(f'tr[data-service="{PROVIDER_ID}"] td.state'), state)

    def test_2_admin_promotes_the_service_to_the_marketplace(self):
        self.ensure_pushed()
        self.sign_in_with_key(ADMIN_KEY)
        self.visit("/dashboard/admin/services")
        self.assertEqual(self.text(f'tr[data-service="{PROVIDER_ID}"] td.state'), "alpha")
        self.assertEqual(self.post_forms_without_csrf(), [])
        self.screenshot("admin-services")
        self.promote("beta", "Promote to beta")
        self.visit("/dashboard/marketplace")
        self.find(f'article[data-service="{PROVIDER_ID}"]')
        self.visit("/dashboard/admin/services")
        self.promote("ga", "Promote to ga")
        self.assertIn("Shut down", self.find(f'tr[data-service="{PROVIDER_ID}"]').text)
        self.visit("/dashboard/marketplace")
        self.find(f'article[data-service="{PROVIDER_ID}"]')

    def test_3_customer_installs_from_the_marketplace_and_watches_it_provision(self):
        self.ensure_public()
        self.sign_in_with_key(self.customer_key)
        app = self.create_app(unique("story"))
        type(self).app = app

        self.visit("/dashboard/marketplace")
        article = self.find(f'article[data-service="{PROVIDER_ID}"]')
        self.assertIn("Browser Bucket", article.text)
        self.assertIn("Free", self.text(f'li[data-plan="{PROVIDER_ID}:basic"]', article))
        self.assertIn("$15.00/month", self.text(f'li[data-plan="{PROVIDER_ID}:premium"]', article))
        self.screenshot("marketplace")
        self.screenshot("marketplace", 375, 812)  # reloads the page
        article = self.find(f'article[data-service="{PROVIDER_ID}"]')
        self.find(f'a[href="/dashboard/marketplace/{PROVIDER_ID}"]', article).click()
        self.wait_for_path(f"/dashboard/marketplace/{PROVIDER_ID}")
        self.assert_page_ok()
        self.screenshot("marketplace-service")

        self.submit_form("form#install", app=app, plan="basic")
        self.wait_for_path(f"/dashboard/apps/{app}")
        self.assert_flash("notice", "after installing")
        rows = self.finds("section#addons tr[data-addon]")
        self.assertEqual(len(rows), 1, "one add-on row expected in section#addons")
        addon = rows[0].get_attribute("data-addon")
        type(self).addon = addon
        self.assertIn(PROVIDER_ID, self.text("td.service", rows[0]))
        self.assertIn("basic", self.text("td.plan", rows[0]))

        # While provisioning, the page refreshes itself: wait for that, never reload by hand.
        if self.text(f"{self.addon_row()} td.state") == "provisioning":
            self.assertTrue(self.present('meta[http-equiv="refresh"][content^="2"]'),
                            "the add-on is provisioning but the page has no meta refresh")
        self.wait_until(lambda d: d.find_element(By.CSS_SELECTOR, f"{self.addon_row()} td.state").text.strip()
                        == "provisioned", "the add-on did not reach provisioned", timeout=40)
        self.assertFalse(self.present('meta[http-equiv="refresh"]'), "the page still refreshes once provisioned")

        code = self.reveal(CONFIG_VAR)
        self.assertRegex(code.text, r"^https://dash\.example/[0-9a-f-]{36}$")
        type(self).resource = code.text.rsplit("/", 1)[1]
        self.screenshot("app")
        self.screenshot("app", 375, 812)

    def test_4_customer_opens_the_addon_and_lands_signed_in_at_the_provider(self):
        self.ensure_installed()
        self.sign_in_with_key(self.customer_key)
        self.visit(f"/dashboard/apps/{self.app}")
        link = self.find(f"{self.addon_row()} a.open")
        self.assertEqual(urllib.parse.urlsplit(link.get_attribute("href")).path,
                         f"/dashboard/apps/{self.app}/addons/{self.addon}/open")
        home = self.driver.current_window_handle
        windows = set(self.driver.window_handles)
        link.click()
        if link.get_attribute("target") == "_blank":  # a tab of its own: follow it there
            self.wait_until(lambda d: len(d.window_handles) > len(windows), "Open opened no window")
            self.driver.switch_to.window((set(self.driver.window_handles) - windows).pop())
        try:
            self.wait_until(lambda d: d.current_url.startswith(PROVIDER_URL + "/dashboard/"),
                            "Open did not land on the provider's dashboard", timeout=20)
            self.assertEqual(self.text("#provider-landing"), "Signed in")
            self.assertEqual(self.text("#signed-in-as"), self.customer_email)
            self.assertEqual(self.text("#resource"), self.provider_resource())
        finally:
            if self.driver.current_window_handle != home:
                self.driver.close()
                self.driver.switch_to.window(home)

    def test_5_customer_attaches_the_addon_to_another_app_and_detaches_it(self):
        self.ensure_installed()
        self.sign_in_with_key(self.customer_key)
        other = self.create_app(unique("other"))
        self.submit_form("form#attach", addon=self.addon, **{"as": "SHARED"})
        self.assert_flash("notice", "after attaching")
        self.find(self.addon_row())
        self.find('section#config-vars tr[data-key="SHARED_URL"]')
        detach = self.find(f'form[action^="/dashboard/apps/{other}/attachments/"][action$="/remove"]')
        self.assertIn("Detach", detach.text)
        self.submit(detach)
        self.assert_flash("notice", "after detaching")
        self.assertFalse(self.present(self.addon_row()), "the add-on is still listed after Detach")
        self.assertFalse(self.present('section#config-vars tr[data-key="SHARED_URL"]'), "SHARED_URL outlived Detach")

    def test_6_customer_changes_the_plan(self):
        self.ensure_installed()
        self.sign_in_with_key(self.customer_key)
        self.visit(f"/dashboard/apps/{self.app}")
        form = self.find(f'{self.addon_row()} form[action="/dashboard/apps/{self.app}/addons/{self.addon}/plan"]')
        self.fill(form, plan="premium")
        self.submit(form)
        self.assert_flash("notice", "after changing the plan")
        self.assertIn("premium", self.text(f"{self.addon_row()} td.plan"))
        _, addon = api("GET", f"/apps/{self.app}/addons/{self.addon}", self.customer_key)
        self.assertEqual(addon["plan"]["name"], f"{PROVIDER_ID}:premium")

    def test_7_customer_removes_the_addon_after_typing_its_name(self):
        self.ensure_installed()
        self.sign_in_with_key(self.customer_key)
        self.visit(f"/dashboard/apps/{self.app}")
        action = f"/dashboard/apps/{self.app}/addons/{self.addon}/remove"
        self.submit_form(f'{self.addon_row()} form[action="{action}"]', validate=False, confirm=self.app)
        self.assert_flash("error", "after a wrong removal confirmation")
        self.assertEqual(self.text(f"{self.addon_row()} td.state"), "provisioned", "a wrong confirmation removed it")
        self.assertEqual(api("GET", f"/apps/{self.app}/addons/{self.addon}", self.customer_key)[1]["state"],
                         "provisioned")

        self.submit_form(f'{self.addon_row()} form[action="{action}"]', confirm=self.addon)
        self.assert_flash("notice", "after removing the add-on")
        rows = self.finds(self.addon_row())
        self.assertTrue(not rows or self.text("td.state", rows[0]) == "deprovisioned",
                        f"the add-on is still listed as {rows and rows[0].text}")
        self.assertFalse(self.present(f'section#config-vars tr[data-key="{CONFIG_VAR}"]'),
                         f"{CONFIG_VAR} outlived the add-on")
        type(self).addon = None

    def assert_provision_logged(self):
        calls = [row.text for row in self.finds("table#calls tr")]
        self.assertTrue(any("POST" in call and "/heroku/resources" in call for call in calls),
                        f"no provision call in table#calls: {calls}")

    def admin_rows(self, kind):
        return self.finds(f"tr[data-{kind}]")

    def assert_admin_row_shows(self, kind, app):
        """The row of APP's add-on (or attachment) names its uuid and shows the app; an add-on's also its service,
        plan and state (an attachment's row shows its name, its add-on and app, as the API's attachment does)."""
        rows = [row for row in self.admin_rows(kind) if app in row.text]
        self.assertEqual(len(rows), 1, f"one {kind} row of {app} expected")
        self.assertRegex(rows[0].get_attribute(f"data-{kind}"), UUID)
        # Whole cells: the service's slug is also part of every generated add-on name.
        cells = [cell.text.strip() for cell in rows[0].find_elements(By.TAG_NAME, "td")]
        expected = (app, PROVIDER_ID, "basic", "provisioned") if kind == "addon" else (app,)
        missing = [shown for shown in expected if shown not in cells]
        if missing:
            self.fail(f"the {kind} row of {app} has no cell for {missing}; its cells: {cells}")

    def test_8_admin_lists_and_filters_addons_and_attachments(self):
        self.ensure_public()
        # Two apps with an add-on each, so that a filter has something to leave out.
        apps = [api("POST", "/apps", self.customer_key, {"name": unique("admin")})[1]["name"] for _ in range(2)]
        for app in apps:
            self.install_by_api(app)
        self.sign_in_with_key(ADMIN_KEY)

        self.visit("/dashboard/admin/addons")
        self.screenshot("admin-addons")
        self.submit_form("form#filter", service=PROVIDER_ID)
        rows = self.admin_rows("addon")
        self.assertGreaterEqual(len(rows), 2, "filtering add-ons by service lost rows")
        self.assertTrue(all(PROVIDER_ID in row.text for row in rows), [row.text for row in rows])
        self.assert_admin_row_shows("addon", apps[0])
        self.submit_form("form#filter", service="", owner="nobody-here@example.com")
        self.assertEqual(self.admin_rows("addon"), [], "an owner with no add-ons still lists some")

        self.visit("/dashboard/admin/addons?limit=1")
        first = [row.get_attribute("data-addon") for row in self.admin_rows("addon")]
        self.assertEqual(len(first), 1, "?limit=1 shows one add-on")
        self.follow(self.find("a.next"))
        second = [row.get_attribute("data-addon") for row in self.admin_rows("addon")]
        self.assertEqual(len(second), 1, "the next page of ?limit=1 shows one add-on")
        self.assertNotEqual(first, second, "the next page repeats the first")

        self.visit("/dashboard/admin/attachments")
        self.screenshot("admin-attachments")
        self.submit_form("form#filter", app=apps[0])
        self.assertIn(f"app={apps[0]}", self.driver.current_url)
        rows = self.admin_rows("attachment")
        self.assertGreaterEqual(len(rows), 1, f"no attachment of {apps[0]}")
        self.assertTrue(all(apps[0] in row.text and apps[1] not in row.text for row in rows),
                        f"rows of other apps under app={apps[0]}: {[row.text for row in rows]}")

        self.visit(f"/dashboard/admin/services/{PROVIDER_ID}")
        self.assert_provision_logged()

        self.sign_in_with_key(self.provider_key)
        self.visit(f"/dashboard/provider/services/{PROVIDER_ID}")
        self.assert_provision_logged()
        self.visit("/dashboard/provider/payouts")
        self.screenshot("provider-payouts")

        # Last, so that its failure hides nothing above.
        self.sign_in_with_key(ADMIN_KEY)
        self.visit(f"/dashboard/admin/attachments?app={apps[0]}")
        self.assert_admin_row_shows("attachment", apps[0])

    def test_9_an_addon_provisioning_slowly_refreshes_its_page_until_provisioned(self):
        self.ensure_public()
        self.sign_in_with_key(self.customer_key)
        app = self.create_app(unique("async"))
        name = unique("slow")
        self.visit(f"/dashboard/marketplace/{PROVIDER_ID}")
        self.submit_form("form#install", app=app, plan="async", name=name)
        self.wait_for_path(f"/dashboard/apps/{app}")
        self.assert_flash("notice", "after installing an asynchronous add-on")
        row = self.addon_row(name)
        self.assertEqual(self.text(f"{row} td.state"), "provisioning", "the provider answered 202: provisioning")
        self.assertTrue(self.present('meta[http-equiv="refresh"][content^="2"]'),
                        "the add-on is provisioning but the page has no meta refresh")
        # The page reloads itself: wait for it, never reload by hand.
        self.wait_until(lambda d: d.find_element(By.CSS_SELECTOR, f"{row} td.state").text.strip() == "provisioned",
                        "the page never showed the add-on provisioned", timeout=30)
        self.assertFalse(self.present('meta[http-equiv="refresh"]'), "the page still refreshes once provisioned")
        self.find(self.config_row(CONFIG_VAR))


if __name__ == "__main__":
    unittest.main()

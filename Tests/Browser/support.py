"""What the browser suite shares: the settings scripts/browser-test exports, headless Chromium, page
helpers with explicit waits, a urllib client that talks to the dashboard as a browser would (cookies, forms
with their csrf_token, no redirects followed, so statuses and Location headers can be checked), and a JSON
client of Souk's API for fixtures that a test needs but does not test."""
import html.parser
import json
import os
import re
import secrets
import unittest
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from selenium import webdriver
from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                        TimeoutException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

SOUK_URL = os.environ.get("SOUK_URL", "http://127.0.0.1:5000").rstrip("/")
ADMIN_KEY = os.environ.get("SOUK_ADMIN_API_KEY", "")
ADMIN_EMAIL = os.environ.get("SOUK_ADMIN_EMAIL", "admin@souk.test")
PROVIDER_URL = os.environ.get("BROWSER_PROVIDER_URL", "http://127.0.0.1:1").rstrip("/")
PROVIDER_ID = os.environ.get("BROWSER_PROVIDER_ID", "browser-bucket")
PROVIDER_PASSWORD = os.environ.get("BROWSER_PROVIDER_PASSWORD", "secret")
PROVIDER_SALT = os.environ.get("BROWSER_PROVIDER_SALT", "salt")
PROVIDER_PREFIX = os.environ.get("BROWSER_PROVIDER_PREFIX") or PROVIDER_ID.upper().replace("-", "_")
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", os.path.join(os.getcwd(), ".data", "screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

WAIT_SECONDS = 15
# Pages whose first heading says the request failed; a page that should work must not show one.
ERROR_HEADINGS = re.compile(r"not found|forbidden|\berror\b|unauthori[sz]ed|too many|went wrong|sign-in needed|"
                            r"unavailable", re.I)


def unique(prefix):
    """A name no other test or run uses: app names allow lower-case letters, digits and dashes."""
    return f"{prefix}-{secrets.token_hex(4)}"


def new_email(role):
    return f"{unique(role)}@example.com"


def new_password():
    return "pw-" + secrets.token_hex(8)


def manifest(slug=PROVIDER_ID, **api_overrides):
    """The Heroku v3 manifest of the loopback provider (scripts/lib/browser-provider.py), as in
    scripts/lib/fuzz-fixtures.py: its password and salt are the ones the provider checks."""
    api = {
        "config_vars_prefix": PROVIDER_PREFIX,
        "config_vars": [f"{PROVIDER_PREFIX}_URL"],
        "password": PROVIDER_PASSWORD,
        "sso_salt": PROVIDER_SALT,
        "regions": ["us", "eu"],
        "requires": ["attachable"],
        "version": "3",
        "production": {"base_url": f"{PROVIDER_URL}/heroku/resources", "sso_url": f"{PROVIDER_URL}/sso/login"},
        "test": {"base_url": f"{PROVIDER_URL}/heroku/resources", "sso_url": f"{PROVIDER_URL}/sso/login"},
    }
    api.update(api_overrides)
    return {
        "id": slug,
        "name": "Browser Bucket",
        "api": api,
        "plans": [
            {"name": "basic", "human_name": "Basic", "price": {"cents": 0, "unit": "month"}, "default": True},
            {"name": "premium", "human_name": "Premium", "price": {"cents": 1500, "unit": "month"}},
            # The provider answers this one 202 and finishes it seconds later (browser-provider.py).
            {"name": "async", "human_name": "Async", "price": {"cents": 500, "unit": "month"}},
        ],
    }


# --- the browser ------------------------------------------------------------------------------------------

def new_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000",
                     # Nothing but the loopback servers: no update checks, sync or other background traffic.
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--no-first-run", "--disable-extensions",
                     "--disable-features=Translate,OptimizationHints,MediaRouter"):
        options.add_argument(argument)
    # Forms may ask "Are you sure?" (window.confirm) before they submit: answer OK, as a person going on would.
    options.set_capability("unhandledPromptBehavior", "accept")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


class BrowserTestCase(unittest.TestCase):
    """One Chromium per test class; each test starts signed out (its cookies cleared)."""

    driver = None

    @classmethod
    def setUpClass(cls):
        cls.driver = new_driver()

    @classmethod
    def tearDownClass(cls):
        if cls.driver is not None:
            cls.driver.quit()

    def setUp(self):
        self.clear_cookies()

    def tearDown(self):
        if self._failed():
            self.save_failure()

    def _failed(self):
        """Whether this test has failed or erred so far: unittest reports each to the result as it happens."""
        result = getattr(getattr(self, "_outcome", None), "result", None)
        return result is not None and any(test is self for test, _ in result.failures + result.errors)

    def save_failure(self):
        name = "failure-" + self.id().rsplit(".", 2)[-2] + "." + self._testMethodName
        os.makedirs(SCREENSHOTS, exist_ok=True)
        try:
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
            with open(os.path.join(SCREENSHOTS, name + ".html"), "w") as page:
                page.write(f"<!-- {self.driver.current_url} -->\n{self.driver.page_source}")
        except Exception as error:  # the browser itself may be what broke
            print(f"could not keep the failed page of {self.id()}: {error}")

    # Navigation and waits.

    def clear_cookies(self):
        # Through CDP: WebDriver's delete_all_cookies only reaches the current page's origin.
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})

    def visit(self, path, expect_ok=True):
        self.driver.get(SOUK_URL + path)
        if expect_ok:
            self.assert_page_ok()

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def wait_until(self, condition, message, timeout=WAIT_SECONDS):
        """WebDriverWait with a message that says where the browser was, for reading failures."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2,
                                 ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                                 ).until(condition)
        except TimeoutException:
            self.fail(f"{message} (waited {timeout}s; at {self.driver.current_url}; "
                      f"page: {self.body_excerpt()})")

    def wait_for_path(self, path, timeout=WAIT_SECONDS):
        self.wait_until(lambda d: self.path() == path, f"expected to reach {path}", timeout)
        self.wait_ready()

    def wait_ready(self):
        self.wait_until(lambda d: d.execute_script("return document.readyState") == "complete",
                        "the page did not finish loading")

    def find(self, css, within=None):
        """The element, waiting for it to appear."""
        root = within or self.driver
        return self.wait_until(lambda d: root.find_element(By.CSS_SELECTOR, css), f"no element {css!r}")

    def finds(self, css, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def present(self, css, within=None):
        return bool(self.finds(css, within))

    def text(self, css, within=None):
        return self.find(css, within).text.strip()

    def body_excerpt(self, limit=600):
        try:
            text = self.driver.find_element(By.TAG_NAME, "body").text
        except Exception:
            text = self.driver.page_source
        return re.sub(r"\s+", " ", text)[:limit]

    def assert_page_ok(self):
        """The page is a dashboard page, not an error page nor the API's JSON error."""
        self.wait_ready()
        source = self.driver.page_source
        self.assertFalse('"not_found"' in source, f"{self.driver.current_url} answered the API's JSON 404: "
                         "is the dashboard route there?")
        headings = self.finds("h1")
        if headings:
            self.assertIsNone(ERROR_HEADINGS.search(headings[0].text),
                              f"{self.driver.current_url} shows an error page: h1 {headings[0].text!r}")

    # Forms.

    def fill(self, form, **fields):
        self.open_details_around(form)
        for name, value in fields.items():
            element = form.find_element(By.NAME, name)
            if element.tag_name == "select":
                choose(element, value)
            else:
                element.clear()
                element.send_keys(value)

    def open_details_around(self, element):
        """A form folded in a closed <details> (say, "Sign in with an API key") is opened the way a person would:
        with a click on its summary."""
        details = self.driver.execute_script("return arguments[0].closest('details:not([open])')", element)
        if details is not None:
            details.find_element(By.CSS_SELECTOR, ":scope > summary").click()
            self.wait_until(lambda d: element.is_displayed(), "the form stayed hidden after opening its <details>")

    def submit(self, form, validate=True):
        """Submits FORM with its button and waits for the next page. validate=False turns the browser's own
        checks off (required, pattern, minlength), so that the server's checks are what is tested."""
        self.open_details_around(form)
        if not validate:
            self.driver.execute_script("arguments[0].noValidate = true", form)
        label = form_label(form)
        mark = self.mark_page()
        buttons = form.find_elements(By.CSS_SELECTOR, "button:not([type]), button[type=submit], input[type=submit]")
        if buttons:
            buttons[0].click()
        else:
            self.driver.execute_script("arguments[0].requestSubmit()", form)
        self.wait_for_new_page(mark, f"submitting {label} did not load a page")

    def submit_form(self, css, validate=True, **fields):
        form = self.find(css)
        self.fill(form, **fields)
        self.submit(form, validate)

    def flash(self, kind):
        """The text of the flash message of KIND (notice or error), which must be shown."""
        return self.text(f".flash.{kind}")

    def assert_flash(self, kind, context=""):
        other = "error" if kind == "notice" else "notice"
        if not self.present(f".flash.{kind}"):
            shown = [e.get_attribute("class") + ": " + e.text for e in self.finds(".flash")]
            self.fail(f"expected a .flash.{kind} {context} at {self.driver.current_url}; flashes: {shown}; "
                      f"page: {self.body_excerpt()}")
        self.assertFalse(self.present(f".flash.{other}"),
                         f"a .flash.{other} is shown too: {[e.text for e in self.finds('.flash')]}")

    def post_forms_without_csrf(self):
        """Every POST form of the page must carry a non-empty hidden csrf_token: the actions of those that don't."""
        missing = []
        for form in self.finds("form"):
            if (form.get_attribute("method") or "get").lower() != "post":
                continue
            tokens = form.find_elements(By.CSS_SELECTOR, 'input[type=hidden][name="csrf_token"]')
            if not tokens or not tokens[0].get_attribute("value"):
                missing.append(form.get_attribute("action"))
        return missing

    def follow(self, link):
        """Clicks LINK and waits for the page it loads (which may be the same path with another query)."""
        href = link.get_attribute("href")
        mark = self.mark_page()
        link.click()
        self.wait_for_new_page(mark, f"following {href} loaded no page")

    def mark_page(self):
        """Tags the current document, so that wait_for_new_page can tell when another one has replaced it."""
        mark = secrets.token_hex(8)
        self.driver.execute_script("window.__browserTestMark = arguments[0]", mark)
        return mark

    def wait_for_new_page(self, mark, message):
        # A document that lacks the mark is a new one; while the old one unloads, WebDriver may answer with
        # any error about its nodes, so every WebDriverException means "not yet".
        def replaced(driver):
            try:
                return (driver.execute_script("return window.__browserTestMark") != mark
                        and driver.execute_script("return document.readyState") == "complete")
            except WebDriverException:
                return False
        self.wait_until(replaced, message)

    # Sessions.

    def sign_in_with_key(self, key):
        self.clear_cookies()
        self.visit("/dashboard/sign-in")
        self.submit_form("form#sign-in-key", api_key=key)
        self.wait_for_path("/dashboard/apps")

    def sign_in(self, email, password):
        self.clear_cookies()
        self.visit("/dashboard/sign-in")
        self.submit_form("form#sign-in", email=email, password=password)
        self.wait_for_path("/dashboard/apps")

    def sign_up(self, email=None, password=None):
        email, password = email or new_email("customer"), password or new_password()
        self.clear_cookies()
        self.visit("/dashboard/sign-up")
        self.submit_form("form#sign-up", email=email, password=password)
        self.wait_for_path("/dashboard/apps")
        return email, password

    def new_customer(self):
        """Signs the browser in as a new account made through the API (with its key: sign-ups hash a password,
        which takes seconds in a debug build, and only the sign-in tests need one). Returns its email."""
        email, key = create_account("customer")
        self.sign_in_with_key(key)
        return email

    def sign_out(self):
        form = self.find('nav form[action$="/dashboard/sign-out"]')
        self.submit(form)

    def session_cookie(self):
        cookie = self.driver.get_cookie("souk_session")
        self.assertIsNotNone(cookie, "no souk_session cookie in the browser")
        return cookie

    def http(self):
        """A urllib client holding the browser's session cookie."""
        return Http({"souk_session": self.session_cookie()["value"]})

    # The dashboard's own shapes.

    def create_app(self, name=None):
        name = name or unique("app")
        self.visit("/dashboard/apps")
        self.submit_form("form#create-app", name=name)
        self.wait_for_path(f"/dashboard/apps/{name}")
        return name

    def config_row(self, key):
        return f'section#config-vars tr[data-key="{key}"]'

    def reveal(self, key):
        """Opens the row's <details class="reveal"> and returns its code.value, after checking it was hidden."""
        row = self.find(self.config_row(key))
        details = self.find("details.reveal", row)
        code = self.find("code.value", details)
        self.assertIsNone(details.get_attribute("open"), f"{key}'s value is revealed before a click")
        self.assertFalse(code.is_displayed(), f"{key}'s value is visible before a click")
        self.find("summary", details).click()
        self.wait_until(lambda d: code.is_displayed(), f"{key}'s value did not show after a click on Reveal")
        return code

    def screenshot(self, name, width=1440, height=1000):
        """NAME-WIDTH.png of the viewport at exactly WIDTH×HEIGHT CSS pixels (a phone-like layout below 600)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        try:
            if width < 600:  # the viewport meta tag applies from a load in mobile mode
                self.driver.refresh()
                self.wait_ready()
            self.driver.execute_script("window.scrollTo(0, 0)")
            os.makedirs(SCREENSHOTS, exist_ok=True)
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}-{width}.png"))
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def form_label(form):
    if form.get_attribute("id"):
        return f"form#{form.get_attribute('id')}"
    return f"form[action={form.get_attribute('action')}]"


def choose(select_element, wanted):
    """Selects the option whose value is WANTED or ends with :WANTED (service:plan), else whose text has it."""
    select = Select(select_element)
    for option in select.options:
        value = option.get_attribute("value") or ""
        if value == wanted or value.endswith(":" + wanted):
            return select.select_by_value(value)
    for option in select.options:
        if wanted in option.text:
            return select.select_by_visible_text(option.text)
    raise AssertionError(f"no option {wanted!r} in select[name={select_element.get_attribute('name')}]: "
                         f"{[(o.get_attribute('value'), o.text) for o in select.options]}")


# --- HTTP without a browser -------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: object
    body: str

    def location_path(self):
        location = self.headers.get("Location") or ""
        return urllib.parse.urlsplit(location).path

    def header_values(self, name):
        return self.headers.get_all(name) or []


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class Http:
    """A dashboard client with its own cookies. Redirects are answers (303 + Location), never followed."""

    def __init__(self, cookies=None):
        self.cookies = dict(cookies or {})

    def request(self, method, path, form=None, headers=None):
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(SOUK_URL + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with _OPENER.open(request, timeout=30) as response:
                answer = Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read().decode("utf-8", "replace"))
        self._keep_cookies(answer)
        return answer

    def _keep_cookies(self, answer):
        for header in answer.header_values("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                # A deleted cookie comes back empty, with Max-Age=0 or an expiry in the past.
                if morsel["max-age"] == "0" or "1970" in morsel["expires"] or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path):
        return self.request("GET", path)

    def landing(self, path, hops=3):
        """Where GET PATH ends after following at most HOPS redirects: (path, [each status on the way])."""
        statuses = []
        for _ in range(hops + 1):
            answer = self.get(path)
            statuses.append(answer.status)
            if answer.status not in (301, 302, 303, 307, 308):
                return path, statuses
            path = answer.location_path()
        return path, statuses

    def post(self, path, form):
        return self.request("POST", path, form)

    def form_fields(self, page_path, form_id):
        """GET PAGE_PATH and return (action, fields) of form#FORM_ID, hidden csrf_token included."""
        answer = self.get(page_path)
        forms = parse_forms(answer.body)
        for form in forms:
            if form.id == form_id:
                return form.action, dict(form.fields)
        raise AssertionError(f"GET {page_path} ({answer.status}) has no form#{form_id}; forms: "
                             f"{[(f.id, f.action) for f in forms]}")

    def submit(self, page_path, form_id, **fields):
        """Fills form#FORM_ID of PAGE_PATH as a browser would (hidden fields kept) and POSTs it."""
        action, values = self.form_fields(page_path, form_id)
        values.update(fields)
        return self.post(urllib.parse.urlsplit(action).path or page_path, values)

    def csrf_token(self, page_path="/dashboard/apps"):
        for form in parse_forms(self.get(page_path).body):
            if "csrf_token" in form.fields:
                return form.fields["csrf_token"]
        raise AssertionError(f"no csrf_token on {page_path}")

    def sign_in_with_key(self, key):
        answer = self.submit("/dashboard/sign-in", "sign-in-key", api_key=key)
        if answer.status != 303 or answer.location_path() != "/dashboard/apps":
            raise AssertionError(f"sign-in with a key answered {answer.status} to {answer.location_path()!r}: "
                                 f"{text_of(answer.body)[:300]}")

    @classmethod
    def new_customer(cls):
        """A client signed in as a new account made through the API: (client, email)."""
        email, key = create_account("customer")
        client = cls()
        client.sign_in_with_key(key)
        return client, email

    def sign_up(self, email=None, password=None):
        email, password = email or new_email("customer"), password or new_password()
        answer = self.submit("/dashboard/sign-up", "sign-up", email=email, password=password)
        if answer.status != 303 or answer.location_path() != "/dashboard/apps":
            raise AssertionError(f"sign-up of {email} answered {answer.status} to {answer.location_path()!r}: "
                                 f"{text_of(answer.body)[:300]}")
        return email, password


@dataclass
class Form:
    id: str
    action: str
    method: str
    fields: dict = field(default_factory=dict)


class _FormParser(html.parser.HTMLParser):
    """Forms and their fields' initial values, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(attrs.get("id", ""), attrs.get("action", ""), attrs.get("method", "get")))
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1].fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            if self._select not in self.forms[-1].fields or "selected" in attrs:
                self.forms[-1].fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.forms[-1].fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(page):
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def text_of(page):
    """A page's text, tags dropped, for failure messages."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip()


def has_flash(page, kind):
    """Whether PAGE (HTML) shows a flash message of KIND: an element of classes flash and KIND."""
    return any({"flash", kind} <= set(classes.split()) for classes in re.findall(r'class="([^"]*)"', page))


def first_heading(page):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S | re.I)
    return text_of(match.group(1)) if match else None


# --- Souk's JSON API, for fixtures ------------------------------------------------------------------------

def api(method, path, key, body=None, expect=(200, 201, 202, 204)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(SOUK_URL + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Accept", "application/vnd.heroku+json; version=3")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if expect and status not in expect:
        raise AssertionError(f"API {method} {path} answered {status}: {text[:300]}")
    return status, (json.loads(text) if text else None)


def create_account(role="customer"):
    """An account made by the admin through the API: (email, api_key)."""
    email = new_email(role)
    _, created = api("POST", "/accounts", ADMIN_KEY, {"email": email, "role": "user"})
    return email, created["api_key"]

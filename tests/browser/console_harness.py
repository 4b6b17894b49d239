"""The web console in a real browser, for the tests of tests/browser/.

Each test file starts one `kibridge serve --demo` on a free loopback port against a database
in a fresh temporary directory, makes one token per scope with `kibridge token create` (as a
user would, beside the running server), and drives one headless Chromium (Debian's chromium
and chromium-driver through python3-selenium) for all of its tests: starting a browser costs
about a second, a server a fraction of that.

Run with /usr/bin/python3 (Debian's selenium lives there; another python3 may come first on
the PATH). A file exits 77 — ctest's SKIP_RETURN_CODE — when the browser or selenium is
missing, so `make test` passes on a machine without them and says so.

Environment: KIBRIDGE_BINARY and KIBRIDGE_FAKE_INVENTREE (default build/kibridge and
build/fake-inventree beside the source tree).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

SKIP = 77
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
CHROMEDRIVER = shutil.which('chromedriver') or '/usr/bin/chromedriver'

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    webdriver = None

__all__ = ['ActionChains', 'By', 'Keys', 'Select', 'ConsoleTestCase', 'main', 'TimeoutException']


def missing_requirements():
    """Why the browser tests cannot run here, or None."""
    if webdriver is None:
        return 'python3-selenium is not installed (make deps-browser)'
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f'{path} is missing (make deps-browser)'
    return None


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class DemoServer:
    """`kibridge serve --demo` on loopback with a read, an import and an admin token."""

    def __init__(self, binary, extra_args=(), env=None, copy_of=None):
        """copy_of: a database to serve a copy of (it must hold the demo catalogue or be empty)."""
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix='kibridge-browser-')
        self.db = os.path.join(self.dir, 'demo.sqlite')
        if copy_of:
            shutil.copyfile(copy_of, self.db)
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}/'
        self.log = open(os.path.join(self.dir, 'serve.log'), 'wb')
        self.process = subprocess.Popen(
            [binary, 'serve', '--db', self.db, '--listen', f'127.0.0.1:{self.port}', '--demo', *extra_args],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        self._wait_healthy()
        self.tokens = {scope: self.create_token(f'{scope}-user', scope) for scope in ('read', 'import', 'admin')}

    def _wait_healthy(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'kibridge serve exited: {self.read_log()}')
            try:
                with urllib.request.urlopen(self.url + 'api/health', timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f'kibridge serve did not answer in 30 s: {self.read_log()}')

    def create_token(self, name, scope):
        out = subprocess.run([self.binary, 'token', 'create', name, '--scope', scope, '--db', self.db],
                             check=True, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        return out.stdout.strip().splitlines()[-1].strip()

    def routes(self, path):
        """Whether this server routes GET `path` (anything but a 404 for an admin token): the
        routes of another branch may not be in the build under test yet."""
        request = urllib.request.Request(self.url + path, headers={'Authorization': f"Token {self.tokens['admin']}"})
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except urllib.error.HTTPError as error:
            return error.code != 404
        return True

    def call(self, path, scope='admin', method='GET', body=None):
        """A JSON request with the `scope` token, as the console sends it; the decoded answer
        (None for an empty one). An HTTP error raises urllib.error.HTTPError."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            'Authorization': f'Token {self.tokens[scope]}', 'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read()
            return json.loads(text) if text else None

    def cli(self, *args):
        return subprocess.run([self.binary, *args, '--db', self.db], check=True, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL).stdout

    def read_log(self):
        self.log.flush()
        with open(self.log.name, encoding='utf-8', errors='replace') as f:
            return f.read()[-2000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def start_browser(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                '--no-first-run', '--disable-extensions', f'--window-size={width},{height}'):
        options.add_argument(arg)
    # Browser console errors (a CSP violation, a failed request) are read back by the tests.
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def kibridge_binary():
    return os.environ.get('KIBRIDGE_BINARY') or os.path.join(SOURCE_DIR, 'build', 'kibridge')


def fake_inventree_binary():
    return os.environ.get('KIBRIDGE_FAKE_INVENTREE') or os.path.join(SOURCE_DIR, 'build', 'fake-inventree')


class ConsoleTestCase(unittest.TestCase):
    """One server and one browser for every test of a file; each test starts signed out."""

    server = None
    browser = None

    @classmethod
    def start_server(cls):
        """The file's server; a file that needs other `serve` options overrides this."""
        return DemoServer(kibridge_binary())

    @classmethod
    def needs(cls, server):
        """Raises unittest.SkipTest when `server` lacks what the file tests (before a browser starts)."""

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server()
        try:
            cls.needs(cls.server)
            cls.browser = start_browser()
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.quit()
        if cls.server:
            cls.server.stop()

    def setUp(self):
        if not self.browser.current_url.startswith(self.server.url):
            self.browser.get(self.server.url)
        self.browser.execute_script('sessionStorage.clear()')
        self.browser.get(self.server.url)
        self.wait_for('#sign-in')
        self.console_errors()  # drop what earlier tests logged

    # ---- helpers ----

    def wait_for(self, css, timeout=10, visible=True):
        """The first element matching `css` once it exists (and is displayed)."""
        def found(driver):
            for element in driver.find_elements(By.CSS_SELECTOR, css):
                if not visible or element.is_displayed():
                    return element
            return False
        try:
            return WebDriverWait(self.browser, timeout, poll_frequency=0.05).until(found)
        except TimeoutException:
            self.fail(f'no {css} within {timeout} s; page: {self.browser.find_element(By.TAG_NAME, "body").text[:1500]}')

    def wait_until(self, condition, message, timeout=10):
        try:
            return WebDriverWait(self.browser, timeout, poll_frequency=0.05).until(lambda driver: condition())
        except TimeoutException:
            self.fail(f'{message} (not within {timeout} s)')

    def sign_in(self, scope):
        field = self.wait_for('#token')
        field.clear()
        field.send_keys(self.server.tokens[scope])
        field.send_keys(Keys.ENTER)
        self.wait_until(lambda: self.text('#whoami') == f'{scope}-user · {scope}', f'signed in as {scope}')

    def text(self, css):
        """The text of the first element matching `css`; '' when there is none (or it was just replaced)."""
        try:
            elements = self.browser.find_elements(By.CSS_SELECTOR, css)
            return elements[0].text if elements else ''
        except StaleElementReferenceException:
            return ''

    def server_has(self, path):
        return self.server.routes(path)

    def open_page(self, name):
        self.browser.get(self.server.url + '#' + name)
        self.wait_for(f'#page-{name}')

    def unlabelled_controls(self):
        """Every visible input, select, textarea or button without an accessible name."""
        return self.browser.execute_script('''
            const out = [];
            for (const el of document.querySelectorAll('input, select, textarea, button')) {
              if (el.type === 'hidden' || el.offsetParent === null) continue;
              const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
              const named = byFor || el.closest('label') || el.getAttribute('aria-label') ||
                            el.getAttribute('aria-labelledby') ||
                            (el.tagName === 'BUTTON' && el.textContent.trim());
              if (!named) out.push(el.outerHTML.slice(0, 120));
            }
            return out;''')

    def assert_disabled_with_reason(self, control, needs='admin'):
        """`control` is disabled, with the reason in an element it names (aria-describedby) and
        as its tooltip."""
        self.assertFalse(control.is_enabled())
        described = (control.get_attribute('aria-describedby') or '').split()
        reasons = [self.browser.find_element(By.ID, i).text for i in described if self.browser.find_elements(By.ID, i)]
        self.assertTrue(any(f'Needs an {needs} token' in r for r in reasons), reasons)
        self.assertIn(f'Needs an {needs} token', control.get_attribute('title'))

    def console_errors(self):
        """Severe browser console entries (CSP violations, failed scripts) since the last call."""
        return [entry['message'] for entry in self.browser.get_log('browser') if entry['level'] == 'SEVERE']


def main():
    reason = missing_requirements()
    if reason:
        print(f'SKIP: {reason}', file=sys.stderr)
        sys.exit(SKIP)
    binary = kibridge_binary()
    if not os.access(binary, os.X_OK):
        print(f'SKIP: no kibridge binary at {binary} (build it, or set KIBRIDGE_BINARY)', file=sys.stderr)
        sys.exit(SKIP)
    program = unittest.main(module='__main__', exit=False, verbosity=2)
    result = program.result
    if not result.wasSuccessful():
        sys.exit(1)
    if result.skipped and len(result.skipped) >= result.testsRun:  # all skipped, maybe by the class
        sys.exit(SKIP)
    sys.exit(0)

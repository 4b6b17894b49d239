"""The console's shell in a real browser: sign-in with each scope (kept in sessionStorage only,
never a cookie or a URL), a wrong token, sign-out, controls a read token may not use shown
disabled with the reason, on every page each control has a label and the navigation works with
Tab and Enter alone, and the whole console works behind a reverse proxy on a sub-path."""

import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

import console_harness as h
from console_harness import By, Keys

PAGES = ['overview', 'library', 'parts', 'imports', 'outbox', 'settings', 'tokens']
NGINX = shutil.which('nginx') or '/usr/sbin/nginx'
PREFIX = '/kibridge/'


class ProxyOnSubPath:
    """nginx (as `make deps` installs it for the benchmarks) serving kibridge under PREFIX."""

    def __init__(self, upstream_port):
        self.dir = tempfile.mkdtemp(prefix='kibridge-proxy-')
        self.port = h.free_port()
        d = self.dir
        os.makedirs(os.path.join(d, 'tmp'))
        user = 'user root;' if os.getuid() == 0 else ''  # root's workers would become 'nobody'
        with open(os.path.join(d, 'nginx.conf'), 'w') as conf:
            conf.write(f'''{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {d}/access.log;
  client_body_temp_path {d}/tmp/body;
  proxy_temp_path {d}/tmp/proxy;
  fastcgi_temp_path {d}/tmp/fastcgi;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  server {{
    listen 127.0.0.1:{self.port};
    location {PREFIX} {{ proxy_pass http://127.0.0.1:{upstream_port}/; }}
  }}
}}
''')
        self.process = subprocess.Popen([NGINX, '-p', d, '-c', os.path.join(d, 'nginx.conf'), '-e', os.path.join(d, 'error.log')],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f'http://127.0.0.1:{self.port}{PREFIX}'
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(self.url + 'api/health', timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.05)

    def paths(self):
        """The request paths nginx was asked for."""
        with open(os.path.join(self.dir, 'access.log'), encoding='utf-8') as log:
            return [line.split('"')[1].split()[1] for line in log if '"' in line]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


class ShellTest(h.ConsoleTestCase):

    def test_sign_in_with_each_scope(self):
        for scope in ('read', 'import', 'admin'):
            with self.subTest(scope=scope):
                self.sign_in(scope)
                stored = self.browser.execute_script("return sessionStorage.getItem('kibridge.token')")
                self.assertEqual(stored, self.server.tokens[scope])
                self.assertEqual(self.browser.get_cookies(), [])
                self.assertNotIn(self.server.tokens[scope], self.browser.current_url)
                self.wait_for('#page-overview #kicad')  # data arrived with the token
                self.assertIn('Parts served', self.text('#kicad'))
                self.browser.find_element(By.ID, 'sign-out').click()
                self.wait_for('#sign-in')
                self.assertIsNone(self.browser.execute_script("return sessionStorage.getItem('kibridge.token')"))
        self.assertEqual(self.console_errors(), [])

    def test_a_wrong_token_is_refused(self):
        field = self.wait_for('#token')
        field.send_keys('kib_' + '0' * 40 + Keys.ENTER)
        self.wait_until(lambda: 'not valid' in self.text('#sign-in .notice'), 'the refusal is shown')
        self.assertEqual(self.browser.find_elements(By.ID, 'whoami'), [])
        self.assertIsNone(self.browser.execute_script("return sessionStorage.getItem('kibridge.token')"))

    def test_the_token_survives_a_reload_of_the_tab(self):
        self.sign_in('admin')
        self.browser.refresh()
        self.wait_until(lambda: self.text('#whoami') == 'admin-user · admin', 'still signed in after a reload')

    def assert_disabled_with_reason(self, css, needs):
        control = self.wait_for(css)
        self.assertFalse(control.is_enabled(), css)
        described = control.get_attribute('aria-describedby')
        self.assertTrue(described, f'{css} names no reason')
        reason = self.browser.find_element(By.ID, described.split()[0]).text
        self.assertIn(f'Needs an {needs} token', reason)
        self.assertIn(f'Needs an {needs} token', control.get_attribute('title'))

    def test_read_token_sees_what_it_may_not_use_disabled_with_the_reason(self):
        self.sign_in('read')
        self.assert_disabled_with_reason('#push-now', 'admin')
        self.open_page('imports')
        self.assert_disabled_with_reason('#netlist-file', 'import')
        self.open_page('settings')
        self.assert_disabled_with_reason('#save-settings', 'admin')
        field = self.wait_for('#setting-KICAD_ENABLE_STOCK_COUNT_FORMAT')
        self.assertFalse(field.is_enabled())

    def test_import_token_may_import_but_not_administer(self):
        self.sign_in('import')
        self.open_page('imports')
        self.assertTrue(self.wait_for('#netlist-file').is_enabled())
        self.open_page('settings')
        self.assert_disabled_with_reason('#save-settings', 'admin')

    def test_admin_token_may_use_the_controls(self):
        self.sign_in('admin')
        self.open_page('settings')
        self.assertTrue(self.wait_for('#save-settings').is_enabled())

    def test_every_page_has_labelled_controls_and_keyboard_navigation(self):
        self.sign_in('admin')
        for page in PAGES:
            if page == 'tokens' and not self.server_has('api/tokens'):
                continue  # console-api's routes not in this build yet
            with self.subTest(page=page):
                # From the top of a freshly loaded console, Tab until the page's link has the focus,
                # then Enter.
                self.browser.get(self.server.url)
                self.wait_for('#nav a')
                for _ in range(15):
                    if self.browser.switch_to.active_element.get_attribute('data-page') == page:
                        break
                    h.ActionChains(self.browser).send_keys(Keys.TAB).perform()
                else:
                    self.fail(f'Tab never reached the link to {page}')
                h.ActionChains(self.browser).send_keys(Keys.ENTER).perform()
                self.wait_for(f'#page-{page}')
                self.wait_until(lambda: self.browser.execute_script(
                    "return !!document.querySelector('main .page') && document.querySelector('main .page').children.length > 0"),
                    f'{page} rendered')
                self.assertEqual(self.browser.find_element(By.CSS_SELECTOR, f'nav a[data-page="{page}"]')
                                 .get_attribute('aria-current'), 'page')
                self.assertEqual(self.unlabelled_controls(), [], page)
        self.assertEqual(self.console_errors(), [])

    def test_sign_in_form_is_labelled(self):
        self.assertEqual(self.unlabelled_controls(), [])

    @unittest.skipUnless(os.access(NGINX, os.X_OK), 'nginx is not installed (make deps)')
    def test_console_works_behind_a_proxy_on_a_sub_path(self):
        # Every URL the console uses is relative: signed in at /kibridge/ it loads its files and
        # data through the proxy, and no request leaves the prefix (nginx's access log).
        proxy = ProxyOnSubPath(self.server.port)
        try:
            self.browser.get(proxy.url)
            self.sign_in('admin')
            self.wait_until(lambda: 'Parts served' in self.text('#kicad'), 'the overview through the proxy')
            # Each page once its data arrived through the proxy.
            for page, loaded in (('imports', '#history-h'), ('outbox', '#outbox-list > *'),
                                 ('settings', '#setting-KICAD_INCLUDE_IPN')):
                self.browser.find_element(By.CSS_SELECTOR, f'nav a[data-page="{page}"]').click()
                self.wait_for(f'#page-{page} {loaded}')
            # The URL a .kicad_httplib names keeps the proxy's prefix.
            self.browser.find_element(By.CSS_SELECTOR, 'nav a[data-page="library"]').click()
            root = self.wait_for('#page-library #library-list tr[data-library="default"] .root-url')
            self.assertEqual(root.text, proxy.url + 'plugin/kicad-library-plugin')
            self.assertEqual(self.console_errors(), [])
            paths = proxy.paths()
        finally:
            proxy.stop()
        self.assertTrue(any(p.startswith(PREFIX + 'ui/app.js') for p in paths), paths)
        self.assertTrue(any(p.startswith(PREFIX + 'api/settings/') for p in paths), paths)
        self.assertEqual([p for p in paths if not p.startswith(PREFIX)], [])


if __name__ == '__main__':
    h.main()

"""The console's shell in a real browser: sign-in with each scope (kept in sessionStorage only,
never a cookie or a URL), a wrong token, sign-out, controls a read token may not use shown
disabled with the reason, and on every page: each control has a label and the navigation works
with Tab and Enter alone."""

import console_harness as h
from console_harness import By, Keys

PAGES = ['overview', 'imports', 'outbox', 'settings']


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
            with self.subTest(page=page):
                # From the top of the document, Tab until the page's link has the focus, then Enter.
                self.browser.execute_script('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)')
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


if __name__ == '__main__':
    h.main()

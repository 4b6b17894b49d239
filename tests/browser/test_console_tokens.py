"""The Tokens page in a real browser: create a read token (shown once, with a ready
.kicad_httplib), see it in the list, find that it works, revoke it after a confirmation and find
that it no longer does; a taken name is refused at the field. Skipped on a server without the
token routes (GET /api/tokens answering 404)."""

import json
import unittest
import urllib.error
import urllib.request

import console_harness as h
from console_harness import By


def whoami(url, token):
    request = urllib.request.Request(url + 'api/whoami', headers={'Authorization': f'Token {token}'})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, None


class TokensTest(h.ConsoleTestCase):

    @classmethod
    def needs(cls, server):
        if not server.routes('api/tokens'):
            raise unittest.SkipTest('this server has no GET /api/tokens')

    def test_create_use_and_revoke_a_read_token(self):
        self.sign_in('admin')
        self.open_page('tokens')
        self.wait_for('#new-token-name').send_keys('kicad-laptop')
        self.browser.find_element(By.CSS_SELECTOR, '#new-token-scope option[value="read"]').click()
        self.browser.find_element(By.CSS_SELECTOR, '#create-token button[type="submit"]').click()
        self.wait_until(lambda: 'shown only this once' in self.text('#token-created'), 'the new token shown')
        token = self.browser.find_element(By.CSS_SELECTOR, '#token-created input.secret').get_attribute('value')
        self.assertRegex(token, r'^kib_[0-9a-f]{40}$')
        link = self.browser.find_element(By.ID, 'download-httplib')
        self.assertTrue(link.get_attribute('href').startswith('blob:'))
        self.assertEqual(link.get_attribute('download'), 'InvenTree.kicad_httplib')
        self.assertEqual(whoami(self.server.url, token), (200, {'name': 'kicad-laptop', 'scope': 'read'}))
        self.assertIn('kicad-laptop', self.text('#token-list'))
        self.assertEqual(self.unlabelled_controls(), [])

        self.wait_for('button[data-token="kicad-laptop"]').click()
        self.wait_for('button[data-confirm="revoke"]').click()
        self.wait_until(lambda: "Token 'kicad-laptop' revoked." in self.text('#token-created'), 'revoked')
        self.assertNotIn('kicad-laptop', self.text('#token-list'))
        self.wait_until(lambda: whoami(self.server.url, token)[0] == 401, 'the revoked token refused')

    def test_a_taken_name_is_refused_at_the_field(self):
        self.sign_in('admin')
        self.open_page('tokens')
        self.wait_for('#new-token-name').send_keys('admin-user')
        self.browser.find_element(By.CSS_SELECTOR, '#create-token button[type="submit"]').click()
        error = self.wait_for('#new-token-error')
        self.assertTrue(error.text)
        self.assertEqual(self.browser.find_element(By.ID, 'new-token-name').get_attribute('aria-invalid'), 'true')

    def test_read_token_is_told_the_page_needs_admin(self):
        self.sign_in('read')
        self.open_page('tokens')
        self.wait_until(lambda: 'Needs an admin token' in self.text('#page-tokens'), 'the reason shown')


if __name__ == '__main__':
    h.main()

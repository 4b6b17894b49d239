"""Named KiCad libraries on the Library page in a real browser: a bad name is refused with the
server's reason at the form and nothing is created; a library created in the console is in
GET api/libraries/ and serves its own v1/categories.json; its row names the URL a
.kicad_httplib needs and the httplib-config line that writes one; removing it while a KiCad
category belongs to it is refused with the server's message naming the category, and it is
removed once the category is moved back; a read token sees every control disabled with the
reason."""

import re
import urllib.error

import console_harness as h
from console_harness import By

PLUGIN = 'plugin/kicad-library-plugin/'
RESISTORS_KICAD = 1   # KiCad category pk of Electronics/Passives/Resistors in the demo catalogue
RESISTORS_PATH = 'Electronics/Passives/Resistors'


class LibrariesTest(h.ConsoleTestCase):

    def library_names(self):
        return [l['name'] for l in self.server.call('api/libraries/', scope='read')['libraries']]

    def row(self, name):
        return f'#library-list tr[data-library="{name}"]'

    def test_create_a_library_refuse_its_removal_while_used_then_remove_it(self):
        self.sign_in('admin')
        self.open_page('library')
        self.wait_for('#libraries')
        self.assertEqual(self.text(self.row('default') + ' .root-url'), self.server.url + 'plugin/kicad-library-plugin')

        # A name the server refuses: its reason at the form, nothing created.
        name = self.wait_for('#new-library-name')
        name.send_keys('two words')
        self.browser.find_element(By.ID, 'create-library-button').click()
        self.wait_until(lambda: 'letters, digits' in self.text('#new-library-error'), 'the name refused')
        self.assertEqual(name.get_attribute('aria-invalid'), 'true')
        self.assertEqual(self.library_names(), ['default'])

        name.clear()
        name.send_keys('passives')
        self.wait_for('#new-library-description').send_keys('Resistors and capacitors')
        self.browser.find_element(By.ID, 'create-library-button').click()
        self.wait_until(lambda: "Created the library 'passives'" in self.text('#libraries-status'), 'created')
        self.assertEqual(self.library_names(), ['default', 'passives'])
        self.assertEqual(self.server.call('api/libraries/passives/')['description'], 'Resistors and capacitors')
        self.assertEqual(self.server.call('libraries/passives/v1/categories.json', scope='read'), [])
        self.assertEqual(self.text(self.row('passives') + ' .root-url'), self.server.url + 'libraries/passives')
        self.assertIn('--library passives', self.text(self.row('passives') + ' .httplib-command'))
        self.assertEqual(self.wait_for('#new-library-name').get_attribute('value'), '')

        # A category in it: KiCad finds the category there, and removing the library is refused
        # with the server's message naming it.
        self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/', method='PATCH', body={'library': 'passives'})
        try:
            served = [c['name'] for c in self.server.call('libraries/passives/v1/categories.json', scope='read')]
            self.assertEqual(served, [RESISTORS_PATH])
            self.browser.refresh()
            self.wait_until(lambda: self.text(self.row('passives') + ' td.number') == '1', 'one category in passives')
            self.wait_for('button[aria-label="Remove library passives"]').click()
            self.wait_for('[data-confirm="remove-library"]').click()
            self.wait_until(lambda: 'Not removed' in self.text('#libraries-status'), 'the refusal')
            self.assertIn(RESISTORS_PATH, self.text('#libraries-status'))
            self.assertIn('passives', self.library_names())
        finally:
            self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/', method='PATCH', body={'library': None})

        # Moved back: removed after the confirmation; Cancel first keeps it.
        self.wait_for('button[aria-label="Remove library passives"]').click()
        self.browser.find_element(By.XPATH, '//button[text()="Cancel"]').click()
        self.wait_for('button[aria-label="Remove library passives"]').click()
        self.wait_for('[data-confirm="remove-library"]').click()
        self.wait_until(lambda: "Removed the library 'passives'" in self.text('#libraries-status'), 'removed')
        self.assertEqual(self.library_names(), ['default'])
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, self.row('passives')), [])
        with self.assertRaises(urllib.error.HTTPError) as gone:
            self.server.call('libraries/passives/v1/categories.json', scope='read')
        self.assertEqual(gone.exception.code, 404)
        self.assertEqual(self.unlabelled_controls(), [])
        # Nothing in the browser's console but the two refusals this test asked for.
        self.assertEqual([e for e in self.console_errors()
                          if not re.search(r'api/libraries/ - .*status of 400|api/libraries/passives/ - .*status of 409', e)], [])

    def test_a_read_token_sees_the_libraries_read_only(self):
        self.server.call('api/libraries/', method='POST', body={'name': 'ics'})
        try:
            self.sign_in('read')
            self.open_page('library')
            self.wait_for(self.row('ics'))
            for css in ('#new-library-name', '#new-library-description', '#create-library-button',
                        'button[aria-label="Remove library ics"]'):
                with self.subTest(control=css):
                    self.assert_disabled_with_reason(self.wait_for(css))
        finally:
            self.server.call('api/libraries/ics/', method='DELETE')


if __name__ == '__main__':
    h.main()

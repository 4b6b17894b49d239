"""The Parts page in a real browser: search the mirror, open a part and read what KiCad
receives (compared field by field with KiCad's own v1/parts/<id>.json) and where its footprint
came from; a part KiCad does not receive shows why; the search lives in the URL; labels and
keyboard reach."""

import json
import urllib.request

import console_harness as h
from console_harness import By, Keys

PLUGIN = 'plugin/kicad-library-plugin/'


def call(server, path, scope='read'):
    request = urllib.request.Request(server.url + path, headers={'Authorization': f'Token {server.tokens[scope]}'})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


class PartsTest(h.ConsoleTestCase):

    def search(self, text):
        field = self.wait_for('#part-search')
        field.clear()
        field.send_keys(text + Keys.ENTER)
        self.wait_until(lambda: text in self.text('#part-results'), f'the results for {text!r}')

    def test_search_a_part_and_read_where_its_footprint_came_from(self):
        self.sign_in('read')
        self.open_page('parts')
        self.search('RC0603FR-071KL')
        self.assertIn('1 part match', self.text('#part-count'))
        row = self.wait_for('#part-list tr[data-part="1"]')
        self.assertIn('R-0603-1K00-1%', row.text)  # IPN
        self.assertIn('Electronics/Passives/Resistors', row.text)  # category path
        row.find_element(By.LINK_TEXT, 'RC0603FR-071KL').click()
        self.wait_for('#part-explain')
        self.assertTrue(self.browser.current_url.endswith('#parts/1'))
        self.assertEqual(self.text('#part-footprint'), 'Resistor_SMD:R_0603_1608Metric')
        source = self.text('#part-footprint-source')
        self.assertIn('footprint mapping', source)
        self.assertIn("parameter 'Package'", source)
        self.assertIn("'0603'", source)
        self.assertIn('category default', self.text('#part-symbol-source'))

        # Exactly what KiCad receives: every field, its value and whether it is shown.
        served = call(self.server, PLUGIN + 'v1/parts/1.json')
        self.assertEqual(self.text('#part-symbol'), served['symbolIdStr'])
        shown = []
        for tr in self.browser.find_elements(By.CSS_SELECTOR, '#part-fields tbody tr'):
            cells = [c.text for c in tr.find_elements(By.CSS_SELECTOR, 'th, td')]
            shown.append((tr.get_attribute('data-field'), '' if cells[1] == '(empty)' else cells[1], cells[2]))
        expected = []
        for name, field in served['fields'].items():
            visible = field.get('visible', 'True') == 'True'
            expected.append((name, field['value'], 'shown' if visible else 'hidden'))
        self.assertEqual(shown, expected)
        tolerance = self.browser.find_element(By.CSS_SELECTOR, '#part-fields tr[data-field="Tolerance"]').text
        self.assertIn("parameter 'Tolerance'", tolerance)

        # Back to the same search.
        self.browser.find_element(By.ID, 'back-to-results').click()
        self.wait_for('#part-list tr[data-part="1"]')
        self.assertEqual(self.console_errors(), [])

    def test_a_part_kicad_does_not_receive_says_why(self):
        screw = call(self.server, 'api/parts?search=ISO%207380&limit=1')['results'][0]
        self.assertEqual(screw['category_path'], 'Mechanical/Screws')  # not served in the demo
        self.sign_in('read')
        self.open_page('parts')
        self.search('ISO 7380')
        self.wait_for(f'#part-list tr[data-part="{screw["id"]}"] a').click()
        self.wait_until(lambda: 'KiCad does not receive this part' in self.text('#page-parts .notice'), 'the reason')
        self.assertEqual(self.browser.find_elements(By.ID, 'part-explain'), [])
        self.browser.get(self.server.url + '#parts/99999999')
        self.wait_until(lambda: 'No part with id 99999999' in self.text('#page-parts .notice'), 'an unknown part')

    def test_the_search_is_in_the_url(self):
        self.sign_in('read')
        self.browser.get(self.server.url + '#parts/search/' + urllib.request.quote('tantalum 0603'))
        self.wait_until(lambda: 'tantalum 0603' in self.text('#part-results'), 'the search from the URL')
        self.assertEqual(self.wait_for('#part-search').get_attribute('value'), 'tantalum 0603')
        self.browser.get(self.server.url + '#parts/search/' + urllib.request.quote('RC0603FR'))
        self.wait_until(lambda: 'match' in self.text('#part-count'), 'a count')
        count = call(self.server, 'api/parts?search=RC0603FR&limit=1')['count']
        self.assertIn(str(count), self.text('#part-count'))
        self.assertEqual(len(self.browser.find_elements(By.CSS_SELECTOR, '#part-list tbody tr')), min(count, 50))

    def test_labels_and_keyboard_reach(self):
        self.sign_in('read')
        self.open_page('parts')
        self.assertEqual(self.unlabelled_controls(), [])
        # The search box has the focus; typing and Enter search, Tab reaches the first result.
        self.wait_until(lambda: self.browser.switch_to.active_element.get_attribute('id') == 'part-search', 'focus')
        h.ActionChains(self.browser).send_keys('RC0603FR-071KL', Keys.ENTER).perform()
        self.wait_for('#part-list')
        self.wait_for('#part-search').click()
        for _ in range(5):
            h.ActionChains(self.browser).send_keys(Keys.TAB).perform()
            if self.browser.switch_to.active_element.text == 'RC0603FR-071KL':
                break
        else:
            self.fail('Tab never reached the result')
        h.ActionChains(self.browser).send_keys(Keys.ENTER).perform()
        self.wait_for('#part-explain')
        self.assertEqual(self.unlabelled_controls(), [])


if __name__ == '__main__':
    h.main()

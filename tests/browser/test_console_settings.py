"""Settings in a real browser: each type gets its input; a value the server refuses is shown at
its field and nothing is saved; a good value is saved and read back."""

import console_harness as h


class SettingsTest(h.ConsoleTestCase):

    def test_inputs_fit_the_types(self):
        self.sign_in('admin')
        self.open_page('settings')
        self.assertEqual(self.wait_for('#setting-KICAD_ENABLE_SUBCATEGORY').get_attribute('type'), 'checkbox')
        self.assertEqual(self.wait_for('#setting-KICAD_INCLUDE_IPN').tag_name, 'select')
        self.assertEqual(self.wait_for('#setting-KICAD_VALUE_PARAMETER').get_attribute('type'), 'text')
        help_text = self.text('[data-key="KICAD_ENABLE_STOCK_COUNT_FORMAT"] .help')
        self.assertIn('default: [Stock: {1}] {0}', help_text)

    def test_validation_error_is_shown_at_the_field(self):
        self.sign_in('admin')
        self.open_page('settings')
        field = self.wait_for('#setting-KICAD_VALUE_PARAMETER')
        field.send_keys('No Such Template')
        good = self.wait_for('#setting-KICAD_ENABLE_STOCK_COUNT_FORMAT')
        good.clear()
        good.send_keys('{0} [{1}]')
        self.wait_for('#save-settings').click()
        error = self.wait_for('#setting-KICAD_VALUE_PARAMETER-error')
        self.assertIn("No parameter template with id or name 'No Such Template'", error.text)
        self.assertEqual(field.get_attribute('aria-invalid'), 'true')
        self.assertIn('setting-KICAD_VALUE_PARAMETER-error', field.get_attribute('aria-describedby'))
        self.assertEqual(self.browser.switch_to.active_element.get_attribute('id'), 'setting-KICAD_VALUE_PARAMETER')
        self.assertIn('Nothing was saved', self.text('#settings-status'))
        # All or nothing: the good value was not stored either.
        self.assertNotIn('{0} [{1}]', self.server.cli('settings', 'get', 'KICAD_ENABLE_STOCK_COUNT_FORMAT'))

        field.clear()
        self.wait_for('#save-settings').click()
        self.wait_until(lambda: 'Saved KICAD_ENABLE_STOCK_COUNT_FORMAT' in self.text('#settings-status'), 'saved')
        self.assertIn('{0} [{1}]', self.server.cli('settings', 'get', 'KICAD_ENABLE_STOCK_COUNT_FORMAT'))
        self.wait_until(lambda: self.wait_for('#setting-KICAD_ENABLE_STOCK_COUNT_FORMAT').get_attribute('value') == '{0} [{1}]',
                        'the page shows the stored value')


if __name__ == '__main__':
    h.main()

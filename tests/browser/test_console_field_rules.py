"""Field rules in a real browser: a rule added on a served category's page (Library) changes
what KiCad receives for its parts (v1/parts/<id>.json) and removing it (after a confirmation)
restores it; a rule the server refuses is shown with the server's reason and nothing is
stored; a global rule added on the Settings page (KICAD_FIELD_RULES) applies too, after the
category's; a read token sees every rule control disabled with the reason.

Part 1 of the demo catalogue is a resistor in Electronics/Passives/Resistors (KiCad category
1) with the parameters Resistance, Tolerance (shown: KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL),
Power and Package."""

import json

import console_harness as h
from console_harness import Select

PLUGIN = 'plugin/kicad-library-plugin/'
RESISTORS_KICAD = 1
PART = 1


class FieldRulesTest(h.ConsoleTestCase):

    def kicad_fields(self):
        """The fields KiCad receives for the part: name → {value, visible}."""
        return self.server.call(PLUGIN + f'v1/parts/{PART}.json', scope='read')['fields']

    def category_rules(self):
        return self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/')['field_rules']

    def add_rule(self, prefix, match, action=None, field=None, visible=None, place=None):
        self.wait_for(f'#{prefix}-match').send_keys(match)
        if action:
            Select(self.wait_for(f'#{prefix}-action')).select_by_visible_text(action)
        if field:
            self.wait_for(f'#{prefix}-field').send_keys(field)
        if visible:
            Select(self.wait_for(f'#{prefix}-visible')).select_by_visible_text(visible)
        if place:
            Select(self.wait_for(f'#{prefix}-position')).select_by_visible_text(place)
        self.wait_for(f'#{prefix}-add').click()

    def test_a_category_rule_renames_a_field_kicad_receives(self):
        before = self.kicad_fields()
        self.assertIn('Tolerance', before)
        self.assertNotIn('Tol', before)
        self.sign_in('admin')
        self.browser.get(self.server.url + f'#library/{RESISTORS_KICAD}')
        self.wait_for('#category-rules')
        self.assertIn('No rules', self.text('#category-rules-list'))

        self.add_rule('category-rules', 'Tolerance', field='Tol', visible='hidden')
        self.wait_until(lambda: "Added rule 1 ('Tolerance')" in self.text('#category-rules-status'), 'added')
        self.assertEqual(self.category_rules(), [{'match': 'Tolerance', 'field': 'Tol', 'visible': False}])
        fields = self.kicad_fields()
        self.assertNotIn('Tolerance', fields)
        self.assertEqual(fields['Tol']['value'], before['Tolerance']['value'])
        self.assertEqual(fields['Tol']['visible'], 'False')
        self.assertIn("served as field 'Tol', hidden", self.text('#category-rules-list tr[data-rule="1"]'))

        # A pattern cannot rename: the server's reason at the form, the stored list unchanged.
        self.add_rule('category-rules', 'Pow*', field='P', place='before rule 1 (Tolerance)')
        self.wait_until(lambda: 'a pattern cannot rename' in self.text('#category-rules-error'), 'the refusal')
        self.assertIn('rule 1', self.text('#category-rules-error'))
        self.assertEqual(self.wait_for('#category-rules-match').get_attribute('aria-invalid'), 'true')
        self.assertEqual(len(self.category_rules()), 1)

        # Removing it asks first, then KiCad gets Tolerance back.
        self.wait_for('button[aria-label="Remove rule 1 (Tolerance)"]').click()
        self.wait_for('[data-confirm="remove-rule"]').click()
        self.wait_until(lambda: 'Removed rule 1' in self.text('#category-rules-status'), 'removed')
        self.assertEqual(self.category_rules(), [])
        self.assertEqual(self.kicad_fields()['Tolerance'], before['Tolerance'])
        self.assertEqual(self.unlabelled_controls(), [])
        # Nothing in the browser's console but the refusal this test asked for.
        self.assertEqual([e for e in self.console_errors() if 'api/category/1/ - ' not in e or 'status of 400' not in e], [])

    def test_a_global_rule_on_the_settings_page_excludes_a_parameter(self):
        self.assertIn('Power', self.kicad_fields())
        self.sign_in('admin')
        self.open_page('settings')
        self.wait_for('#global-field-rules')
        # Refused under the setting's name: the server's reason at the form, nothing stored.
        self.add_rule('global-rules', 'Tol*', field='T')
        self.wait_until(lambda: 'a pattern cannot rename' in self.text('#global-rules-error'), 'the refusal')
        self.assertEqual(self.server.call('api/settings/KICAD_FIELD_RULES/')['value'], '')
        self.wait_for('#global-rules-match').clear()
        # An excluding rule takes no field name: the field is disabled with "exclude" chosen.
        Select(self.wait_for('#global-rules-action')).select_by_visible_text('exclude (no field)')
        self.assertFalse(self.wait_for('#global-rules-field').is_enabled())
        self.add_rule('global-rules', 'pow*')
        self.wait_until(lambda: "Added rule 1 ('pow*')" in self.text('#global-rules-status'), 'added')
        try:
            self.assertEqual(json.loads(self.server.call('api/settings/KICAD_FIELD_RULES/')['value']),
                             [{'match': 'pow*', 'exclude': True}])
            self.assertNotIn('Power', self.kicad_fields())
            self.assertIn('not served as a field', self.text('#global-rules-list'))
            # The settings form's Save does not send the rules again.
            self.wait_for('#save-settings').click()
            self.wait_until(lambda: 'Nothing changed' in self.text('#settings-status'), 'nothing changed')
        finally:
            self.server.call('api/settings/KICAD_FIELD_RULES/', method='DELETE')
        self.assertIn('Power', self.kicad_fields())
        self.assertEqual(self.unlabelled_controls(), [])
        self.assertEqual([e for e in self.console_errors() if 'api/settings/ - ' not in e or 'status of 400' not in e], [])

    def test_a_read_token_sees_the_rules_read_only(self):
        rule = [{'match': 'Tolerance', 'field': 'Tol'}]
        self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/', method='PATCH', body={'field_rules': rule})
        try:
            self.sign_in('read')
            self.browser.get(self.server.url + f'#library/{RESISTORS_KICAD}')
            self.wait_for('#category-rules-list tr[data-rule="1"]')
            for css in ('#category-rules-match', '#category-rules-action', '#category-rules-field',
                        '#category-rules-visible', '#category-rules-position', '#category-rules-add',
                        'button[aria-label="Remove rule 1 (Tolerance)"]'):
                with self.subTest(control=css):
                    self.assert_disabled_with_reason(self.wait_for(css))
            self.open_page('settings')
            for css in ('#global-rules-match', '#global-rules-add'):
                with self.subTest(control=css):
                    self.assert_disabled_with_reason(self.wait_for(css))
        finally:
            self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/', method='PATCH', body={'field_rules': None})


if __name__ == '__main__':
    h.main()

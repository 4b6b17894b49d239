"""The Library page in a real browser: tick a category and find it in KiCad's
v1/categories.json (and gone again after unticking, once confirmed); edit a category's default
symbol through the completion of installed names and find it saved, with a warning beside a
name that is not installed; add and remove a footprint mapping; the filter; a read token sees
every control disabled with the reason; labels and keyboard reach.

The installed KiCad libraries are a small folder this file writes (two .kicad_sym files and a
.pretty folder), named by the settings KICAD_SYMBOL_DIRS and KICAD_FOOTPRINT_DIRS, so the test
does not depend on the KiCad packages of the machine."""

import os
import shutil
import tempfile

import console_harness as h
from console_harness import By, Keys, Select

PLUGIN = 'plugin/kicad-library-plugin/'
RESISTORS_KICAD = 1   # KiCad category pk of Electronics/Passives/Resistors in the demo catalogue
RESISTORS_PATH = 'Electronics/Passives/Resistors'
SCREWS = 18           # Mechanical/Screws: mirrored, not served in the demo catalogue

SYMBOL_LIBS = {
    'Test_Passive.kicad_sym': ['Resistor_Small', 'Resistor_US', 'Capacitor_Small'],
    'Test_Logic.kicad_sym': ['NAND2'],
}
FOOTPRINTS = {'Test_Resistor.pretty': ['R_2512_6332Metric', 'R_0603_1608Metric']}


def write_libraries(root):
    symbols = os.path.join(root, 'symbols')
    footprints = os.path.join(root, 'footprints')
    os.makedirs(symbols)
    for file, names in SYMBOL_LIBS.items():
        with open(os.path.join(symbols, file), 'w', encoding='utf-8') as f:
            f.write('(kicad_symbol_lib (version 20231120) (generator "kibridge-test")\n')
            for name in names:
                f.write(f'  (symbol "{name}" (in_bom yes) (on_board yes)\n    (symbol "{name}_0_1" (rectangle)))\n')
            f.write(')\n')
    for folder, names in FOOTPRINTS.items():
        os.makedirs(os.path.join(footprints, folder))
        for name in names:
            with open(os.path.join(footprints, folder, name + '.kicad_mod'), 'w', encoding='utf-8') as f:
                f.write(f'(footprint "{name}" (version 20240108) (layer "F.Cu"))\n')
    return symbols, footprints


class LibraryTest(h.ConsoleTestCase):

    @classmethod
    def start_server(cls):
        server = h.DemoServer(h.kibridge_binary())
        cls.libraries = tempfile.mkdtemp(prefix='kibridge-kicad-libs-')
        try:
            symbols, footprints = write_libraries(cls.libraries)
            server.call('api/settings/', method='PATCH',
                        body={'KICAD_SYMBOL_DIRS': symbols, 'KICAD_FOOTPRINT_DIRS': footprints})
        except BaseException:
            server.stop()
            raise
        return server

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.libraries, ignore_errors=True)

    def served_paths(self):
        return [c['name'] for c in self.server.call(PLUGIN + 'v1/categories.json', scope='read')]

    def open_editor(self, pk):
        self.browser.get(self.server.url + f'#library/{pk}')
        return self.wait_for('#category-editor')

    def pick_suggestion(self, field, typed, wanted):
        """Types `typed` into the combobox `field`, waits for `wanted` among its suggestions and
        picks it with the arrow keys and Enter."""
        field.clear()
        field.send_keys(typed)
        listbox = f"#{field.get_attribute('aria-controls')}"
        self.wait_until(lambda: wanted in self.text(listbox).splitlines(), f'{wanted} suggested for {typed!r}')
        options = [o.text for o in self.browser.find_elements(By.CSS_SELECTOR, f'{listbox} [role="option"]')]
        for _ in range(options.index(wanted) + 1):
            field.send_keys(Keys.ARROW_DOWN)
        active = field.get_attribute('aria-activedescendant')
        self.assertEqual(self.browser.find_element(By.ID, active).text, wanted)
        field.send_keys(Keys.ENTER)
        self.assertEqual(field.get_attribute('value'), wanted)
        self.assertEqual(field.get_attribute('aria-expanded'), 'false')

    def test_tick_a_category_to_serve_it_and_untick_it_after_a_confirmation(self):
        self.assertNotIn('Mechanical/Screws', self.served_paths())
        self.sign_in('admin')
        self.open_page('library')
        box = self.wait_for(f'#serve-{SCREWS}')
        self.assertFalse(box.is_selected())
        self.assertEqual(box.get_attribute('aria-label'), 'Serve Mechanical/Screws to KiCad')
        box.click()
        # Ticking moves to the new category's editor, with the once-per-session note.
        self.wait_until(lambda: 'Mechanical/Screws in KiCad' in self.text('#category-editor h2'), 'the editor of Screws')
        self.assertIn('once per session', self.text('#library-status'))
        self.assertIn('Mechanical/Screws', self.served_paths())
        self.assertTrue(self.wait_for(f'#serve-{SCREWS}').is_selected())

        # Unticking asks first; Cancel keeps it served.
        self.wait_for(f'#serve-{SCREWS}').click()
        self.wait_for('[data-confirm="unserve"]')
        self.browser.find_element(By.XPATH, '//button[text()="Cancel"]').click()
        self.assertTrue(self.wait_for(f'#serve-{SCREWS}').is_selected())
        self.assertIn('Mechanical/Screws', self.served_paths())
        self.wait_for(f'#serve-{SCREWS}').click()
        self.wait_for('[data-confirm="unserve"]').click()
        self.wait_until(lambda: 'no longer served' in self.text('#library-status'), 'the category no longer served')
        self.assertFalse(self.wait_for(f'#serve-{SCREWS}').is_selected())
        self.assertNotIn('Mechanical/Screws', self.served_paths())
        self.assertEqual(self.console_errors(), [])

    def test_edit_the_default_symbol_through_completion(self):
        self.sign_in('admin')
        self.open_editor(RESISTORS_KICAD)
        field = self.wait_for('#kicad-default-symbol')
        self.assertEqual(field.get_attribute('value'), 'Device:R')
        # Device:R is not in this machine's (the test's) libraries: the warning says so.
        self.wait_until(lambda: 'Not in the installed' in self.text('#kicad-default-symbol-warning'),
                        'a warning for a name that is not installed')
        self.pick_suggestion(field, 'resis', 'Test_Passive:Resistor_US')
        self.wait_until(lambda: self.text('#kicad-default-symbol-warning') == '', 'no warning for an installed name')
        self.browser.find_element(By.ID, 'save-defaults').click()
        self.wait_until(lambda: 'Saved default_symbol' in self.text('#defaults-status'), 'saved')
        self.assertEqual(self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/')['default_symbol'],
                         'Test_Passive:Resistor_US')
        # KiCad gets it: a resistor's symbol is the new default.
        self.assertEqual(self.server.call(PLUGIN + 'v1/parts/1.json', scope='read')['symbolIdStr'], 'Test_Passive:Resistor_US')

        # A click on a suggestion picks it too; a name typed by hand that is not installed gets the warning.
        field = self.wait_for('#kicad-default-symbol')
        field.clear()
        field.send_keys('NAND')
        self.wait_until(lambda: self.text('#kicad-default-symbol-options') == 'Test_Logic:NAND2', 'NAND2 suggested')
        self.browser.find_element(By.CSS_SELECTOR, '#kicad-default-symbol-options [role="option"]').click()
        self.assertEqual(field.get_attribute('value'), 'Test_Logic:NAND2')
        field.clear()
        field.send_keys('Test_Logic:NOR9')
        self.browser.find_element(By.ID, 'kicad-default-reference').click()  # leave the field
        self.wait_until(lambda: 'Not in the installed KiCad symbol libraries' in self.text('#kicad-default-symbol-warning'),
                        'the warning for Test_Logic:NOR9')

    def test_move_a_category_into_a_named_library(self):
        self.server.call('api/libraries/', method='POST', body={'name': 'passives'})
        try:
            self.sign_in('admin')
            self.open_editor(RESISTORS_KICAD)
            select = Select(self.wait_for('#kicad-library'))
            self.assertEqual(select.first_selected_option.text, '(default library)')
            self.assertEqual([o.text for o in select.options], ['(default library)', 'passives'])
            select.select_by_visible_text('passives')
            self.browser.find_element(By.ID, 'save-defaults').click()
            self.wait_until(lambda: 'Saved library' in self.text('#defaults-status'), 'saved')
            self.assertEqual(self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/')['library'], 'passives')
            # KiCad finds the category in the named library's categories.json, no longer in the default's.
            named = [c['name'] for c in self.server.call('libraries/passives/v1/categories.json', scope='read')]
            self.assertIn(RESISTORS_PATH, named)
            self.assertNotIn(RESISTORS_PATH, self.served_paths())
            # Back to the default library: the choice is sent as null.
            select = Select(self.open_editor(RESISTORS_KICAD).find_element(By.ID, 'kicad-library'))
            self.assertEqual(select.first_selected_option.text, 'passives')
            select.select_by_visible_text('(default library)')
            self.browser.find_element(By.ID, 'save-defaults').click()
            self.wait_until(lambda: 'Saved library' in self.text('#defaults-status'), 'saved')
            self.assertIsNone(self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/')['library'])
            self.assertEqual(self.console_errors(), [])
        finally:
            self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/', method='PATCH', body={'library': None})
            self.server.call('api/libraries/passives/', method='DELETE')

    def test_no_warning_when_no_library_is_installed_to_check_against(self):
        empty = tempfile.mkdtemp(prefix='kibridge-no-symbols-')
        symbols = os.path.join(self.libraries, 'symbols')
        self.server.call('api/settings/', method='PATCH', body={'KICAD_SYMBOL_DIRS': empty})
        try:
            self.sign_in('admin')
            self.open_editor(RESISTORS_KICAD)
            field = self.wait_for('#kicad-default-symbol')
            field.clear()
            field.send_keys('Nowhere:Nothing', Keys.TAB)
            self.wait_until(lambda: self.browser.find_element(By.ID, 'kicad-default-symbol-warning')
                            .get_attribute('data-checked') == 'Nowhere:Nothing', 'the name checked')
            self.assertEqual(self.text('#kicad-default-symbol-warning'), '')
            # The footprint libraries are still there: a footprint that is not in them is warned about.
            footprint = self.wait_for('#kicad-default-footprint')
            footprint.send_keys('Nowhere:Nothing', Keys.TAB)
            self.wait_until(lambda: 'Not in the installed KiCad footprint libraries'
                            in self.text('#kicad-default-footprint-warning'), 'the footprint warning')
        finally:
            self.server.call('api/settings/', method='PATCH', body={'KICAD_SYMBOL_DIRS': symbols})
            shutil.rmtree(empty, ignore_errors=True)

    def test_a_bad_template_is_refused_at_its_field(self):
        self.sign_in('admin')
        self.open_editor(RESISTORS_KICAD)
        field = self.wait_for('#kicad-default-value-parameter-template')
        self.assertEqual(field.get_attribute('value'), 'Resistance')
        field.clear()
        field.send_keys('No Such Template')
        self.browser.find_element(By.ID, 'save-defaults').click()
        self.wait_until(lambda: self.text('#kicad-default-value-parameter-template-error') != '', 'the field error')
        self.assertEqual(field.get_attribute('aria-invalid'), 'true')
        self.assertIn('Nothing was saved', self.text('#defaults-status'))
        stored = self.server.call(PLUGIN + f'api/category/{RESISTORS_KICAD}/')['default_value_parameter_template']
        self.assertEqual(stored['name'], 'Resistance')

    def test_add_and_remove_a_footprint_mapping(self):
        def mapped():
            return {m['parameter_value']: m['kicad_footprint']
                    for m in self.server.call(f'api/footprint-mappings/?kicad_category={RESISTORS_KICAD}')}
        self.assertNotIn('0612', mapped())
        self.sign_in('admin')
        self.open_editor(RESISTORS_KICAD)
        self.wait_for('#mapping-value').send_keys('0612')
        self.pick_suggestion(self.wait_for('#mapping-footprint'), '2512', 'Test_Resistor:R_2512_6332Metric')
        self.browser.find_element(By.ID, 'add-mapping').click()
        self.wait_until(lambda: '0612' in self.text('#footprint-mappings'), 'the new row')
        self.assertEqual(mapped()['0612'], 'Test_Resistor:R_2512_6332Metric')
        self.assertEqual(self.wait_for('#mapping-value').get_attribute('value'), '')

        # The same value twice is refused with the server's reason, and nothing is added.
        before = len(mapped())
        self.wait_for('#mapping-value').send_keys('0612')
        self.wait_for('#mapping-footprint').send_keys('Test_Resistor:R_0603_1608Metric')
        self.browser.find_element(By.ID, 'add-mapping').click()
        self.wait_until(lambda: self.text('#mapping-error') != '', 'the refusal')
        self.assertEqual(len(mapped()), before)

        self.wait_for('button[aria-label="Remove the mapping of 0612"]').click()
        self.wait_for('[data-confirm="remove-mapping"]').click()
        self.wait_until(lambda: "Removed the mapping of '0612'" in self.text('#mapping-status'), 'removed')
        self.assertNotIn('0612', mapped())
        self.assertNotIn('0612', self.text('#footprint-mappings'))

    def test_filter_shows_the_matching_categories(self):
        self.sign_in('read')
        self.open_page('library')
        self.wait_for('#category-tree')
        self.wait_for('#category-filter').send_keys('capac')
        visible = [r.text for r in self.browser.find_elements(By.CSS_SELECTOR, '#category-tree tbody tr') if r.is_displayed()]
        self.assertEqual(len(visible), 3, visible)  # Capacitors, Ceramic, Electrolytic
        self.assertIn('3 of 18 categories', self.text('#category-filter-count'))
        self.assertIn('257', '\n'.join(visible))  # Ceramic's part count

    def test_a_read_token_sees_the_library_read_only(self):
        self.sign_in('read')
        self.open_page('library')
        for box in self.browser.find_elements(By.CSS_SELECTOR, '#category-tree input[type="checkbox"]'):
            self.assert_disabled_with_reason(box)
        self.open_editor(RESISTORS_KICAD)
        for css in ('#kicad-default-symbol', '#kicad-default-footprint', '#kicad-default-reference', '#save-defaults',
                    '#mapping-value', '#mapping-footprint', '#add-mapping'):
            with self.subTest(control=css):
                self.assert_disabled_with_reason(self.wait_for(css))
        removes = self.browser.find_elements(By.CSS_SELECTOR, '[data-action="remove-mapping"]')
        self.assertTrue(removes)
        for button in removes:
            self.assert_disabled_with_reason(button)

    def test_labels_and_keyboard_reach(self):
        self.sign_in('admin')
        self.open_page('library')
        self.wait_for('#category-tree')
        self.assertEqual(self.unlabelled_controls(), [])
        # From the filter, Tab reaches the first category's checkbox.
        self.wait_for('#category-filter').click()
        h.ActionChains(self.browser).send_keys(Keys.TAB).perform()
        self.assertEqual(self.browser.switch_to.active_element.get_attribute('id'), 'serve-1')
        # A served category's editor is a link reached with Tab and opened with Enter.
        for _ in range(40):
            if self.browser.switch_to.active_element.get_attribute('data-edit') == str(RESISTORS_KICAD):
                break
            h.ActionChains(self.browser).send_keys(Keys.TAB).perform()
        else:
            self.fail('Tab never reached the link to the Resistors editor')
        h.ActionChains(self.browser).send_keys(Keys.ENTER).perform()
        self.wait_for('#footprint-mappings table')
        self.wait_until(lambda: self.browser.switch_to.active_element.get_attribute('id') == 'category-editor-h',
                        'the editor heading has the focus')
        self.assertEqual(self.unlabelled_controls(), [])
        # Then the editor's fields by Tab alone.
        reached = []
        for _ in range(30):  # the Remove buttons of the demo's mappings come before the add form
            h.ActionChains(self.browser).send_keys(Keys.TAB).perform()
            reached.append(self.browser.switch_to.active_element.get_attribute('id'))
        for control in ('kicad-default-symbol', 'kicad-default-footprint', 'kicad-default-reference', 'save-defaults',
                        'mapping-value', 'mapping-footprint'):
            self.assertIn(control, reached)
        self.assertEqual(self.console_errors(), [])


if __name__ == '__main__':
    h.main()

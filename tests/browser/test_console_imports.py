"""Imports in a real browser: a real KiCad 10 netlist (../shared/kicad-netlists; skipped when
absent) whose two resistors carry the hidden InvenTree field a part placed from kibridge has;
pick it, read the dry run, apply it and see the queue entries; drop a file on the page; and the
write-back queue page with its filter and a confirmed Drop."""

import os
import re
import tempfile
import unittest

import console_harness as h
from console_harness import By

SAMPLE = os.path.join(h.SOURCE_DIR, '..', 'shared', 'kicad-netlists', 'kicad10.0rc1-E_KiBot_kibom-variant_3.xml')


def design_netlist(directory):
    """The sample with R1 placed as demo part 1 and R2 as demo part 2."""
    with open(SAMPLE, encoding='utf-8') as f:
        text = f.read()
    text, n1 = re.subn(r'(<field name="Config">default</field>)', r'\1<field name="InvenTree">1</field>', text, count=1)
    text, n2 = re.subn(r'(<field name="Config">T1</field>)', r'\1<field name="InvenTree">2</field>', text, count=1)
    assert n1 == 1 and n2 == 1, 'the sample netlist changed shape'
    path = os.path.join(directory, 'kibom-variant_3.xml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


@unittest.skipUnless(os.path.exists(SAMPLE), 'no ../shared/kicad-netlists beside the repository')
class ImportTest(h.ConsoleTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = tempfile.TemporaryDirectory()
        cls.netlist = design_netlist(cls.work.name)

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()
        super().tearDownClass()

    def test_1_pick_dry_run_apply_and_see_the_queue(self):
        self.sign_in('import')
        self.open_page('imports')
        self.wait_for('#netlist-file').send_keys(self.netlist)
        self.wait_until(lambda: 'Dry run of kibom-variant_3.xml' in self.text('#import-result'), 'the dry run')
        report = self.text('#import-result')
        matched = self.text('#import-result table.matched')
        self.assertIn('R1', matched)
        self.assertIn('R2', matched)
        unmatched = self.text('#import-result table.unmatched')
        self.assertIn('C1', unmatched)
        self.assertIn('no "InvenTree" or IPN field', unmatched)
        self.assertRegex(report, r'symbol: \(empty\) → Device:R \(R1\)')
        self.assertIn('footprint: kept Resistor_SMD:R_0603_1608Metric', report)  # kept, with the reason
        self.assertIn('IMPORT_INVENTREE_OVERRIDE_PARAS is off', report)
        # Nothing queued by the dry run.
        self.open_page('outbox')
        self.wait_until(lambda: 'No entries.' in self.text('#outbox-list'), 'an empty queue after the dry run')

        self.open_page('imports')
        self.wait_for('#netlist-file').send_keys(self.netlist)
        self.wait_for('#apply-import').click()
        self.wait_until(lambda: 'Applied kibom-variant_3.xml' in self.text('#import-result'), 'the import applied')
        rows = self.browser.find_elements(By.CSS_SELECTOR, '#import-result table.outbox tbody tr')
        self.assertEqual(len(rows), 4)  # symbol and reference of two parts
        self.assertIn('4 change(s) queued', self.text('#import-result'))
        self.wait_until(lambda: 'applied' in self.text('#history'), 'the history lists the import')

        self.open_page('outbox')
        self.wait_until(lambda: len(self.browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr.state-pending')) == 4,
                        'four pending entries in the queue')
        self.assertIn('Device:R', self.text('#outbox-list'))

    def test_2_drop_a_file_and_read_its_report(self):
        self.sign_in('admin')
        self.open_page('imports')
        with open(self.netlist, encoding='utf-8') as f:
            text = f.read()
        self.browser.execute_script('''
            const transfer = new DataTransfer();
            transfer.items.add(new File([arguments[0]], 'dropped.xml', {type: 'application/xml'}));
            document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
        ''', text)
        self.wait_until(lambda: 'Dry run of dropped.xml' in self.text('#import-result'), 'the dropped file read')
        self.assertIn('Matched components (2)', self.text('#import-result'))

    def test_3_queue_filter_and_confirmed_drop(self):
        self.sign_in('admin')
        self.browser.get(self.server.url + '#outbox/pending')
        self.wait_for('#page-outbox')
        self.wait_until(lambda: len(self.browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr.state-pending')) == 4,
                        'the pending entries')
        first = self.browser.find_element(By.CSS_SELECTOR, '#outbox-list tr.state-pending')
        entry = first.get_attribute('data-entry')
        first.find_element(By.CSS_SELECTOR, 'button[data-action="drop"]').click()
        # Asked first: nothing happens until confirmed.
        self.wait_for(f'tr[data-entry="{entry}"] button[data-confirm="drop"]').click()
        self.wait_until(lambda: len(self.browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr.state-pending')) == 3,
                        'three pending entries after the drop')
        select = self.wait_for('#state-filter')
        select.find_element(By.CSS_SELECTOR, 'option[value="dropped"]').click()
        self.wait_until(lambda: len(self.browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr.state-dropped')) == 1,
                        'the dropped entry under its filter')
        self.assertEqual(self.browser.find_element(By.CSS_SELECTOR, '#outbox-list tr.state-dropped')
                         .get_attribute('data-entry'), entry)


if __name__ == '__main__':
    h.main()

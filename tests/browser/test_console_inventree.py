"""The console against the fake InvenTree (build/fake-inventree, the same code the push tests
use), in a real browser.

A write-back conflict: after kibridge's pull, someone sets part 1's KiCad symbol in InvenTree; a
design then imports another symbol for it, so the pusher finds a value that is neither the one
it replaces nor the design's. The queue page shows all three values; Overwrite, once confirmed,
writes the design's value into InvenTree. And "Pull now" on the overview, with its progress."""

import json
import os
import subprocess
import time
import unittest
import urllib.request

import console_harness as h
from console_harness import By

FAKE_TOKEN = 'fake-inventree-token'
SYMBOL_TEMPLATE = 7  # "KiCad Symbol" in the demo catalogue the fake serves

# R1 placed from part 1 with the symbol Device:R (a KiCad 9 intermediate netlist, export version E).
NETLIST = b'''<?xml version="1.0" encoding="utf-8"?>
<export version="E">
  <design><source>/tmp/conflict.kicad_sch</source><tool>Eeschema 9.0.6</tool></design>
  <components>
    <comp ref="R1"><value>1k</value><fields><field name="InvenTree">1</field></fields>
      <libsource lib="Device" part="R" description="Resistor"/><tstamps>00000000-0000-4000-8000-000000000001</tstamps></comp>
  </components>
</export>
'''


def call(url, token, method='GET', body=None, content_type='application/json'):
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={'Authorization': f'Token {token}', 'Content-Type': content_type})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b'null')


@unittest.skipUnless(os.access(h.fake_inventree_binary(), os.X_OK), 'no fake-inventree binary (build it)')
class InventreeTest(h.ConsoleTestCase):

    @classmethod
    def start_server(cls):
        cls.fake_port = h.free_port()
        cls.fake_url = f'http://127.0.0.1:{cls.fake_port}'
        cls.fake = subprocess.Popen([h.fake_inventree_binary(), '--listen', f'127.0.0.1:{cls.fake_port}'],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                call(cls.fake_url + '/api/', FAKE_TOKEN)
                break
            except OSError:
                if time.monotonic() > deadline or cls.fake.poll() is not None:
                    cls.fake.kill()
                    raise RuntimeError('fake-inventree did not start')
                time.sleep(0.05)
        try:
            return h.DemoServer(h.kibridge_binary(), ['--inventree-url', cls.fake_url],
                                {'KIBRIDGE_INVENTREE_TOKEN': FAKE_TOKEN})
        except Exception:
            cls.fake.kill()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.fake.terminate()
        cls.fake.wait(timeout=10)

    def api(self, path, **kwargs):
        return call(self.server.url + path, self.server.tokens['admin'], **kwargs)

    def symbol_in_inventree(self):
        found = call(f'{self.fake_url}/api/parameter/?model_id=1&template={SYMBOL_TEMPLATE}', FAKE_TOKEN)
        found = found['results'] if isinstance(found, dict) else found
        return [p['data'] for p in found if p['model_id'] == 1 and p['template'] == SYMBOL_TEMPLATE]

    def test_overwrite_a_conflict(self):
        self.wait_until(lambda: self.api('api/status')['sync']['last_success'] is not None, 'the first pull', 30)
        call(f'{self.fake_url}/api/parameter/', FAKE_TOKEN, 'POST',
             json.dumps({'model_type': 'part', 'model_id': 1, 'template': SYMBOL_TEMPLATE, 'data': 'Other:X'}).encode())
        self.api('api/imports?file_name=conflict.xml', method='POST', body=NETLIST, content_type='application/xml')

        self.sign_in('admin')
        self.open_page('overview')

        def conflict_row():
            self.browser.get(self.server.url + '#outbox/conflict')
            self.browser.refresh()
            self.wait_for('#outbox-list')
            rows = self.browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr.state-conflict')
            return rows[0] if rows else None
        row = self.wait_until(conflict_row, 'the pusher found the conflict', 20)
        self.assertEqual(row.find_element(By.CSS_SELECTOR, 'td.design').text, 'Device:R')
        self.assertEqual(row.find_element(By.CSS_SELECTOR, 'td.queued').text, '(none)')
        self.assertEqual(row.find_element(By.CSS_SELECTOR, 'td.remote').text, 'Other:X')
        entry = row.get_attribute('data-entry')

        row.find_element(By.CSS_SELECTOR, 'button[data-action="retry"]').click()
        confirm = self.wait_for(f'tr[data-entry="{entry}"] button[data-confirm="retry"]')
        self.assertIn("Write the design's value over InvenTree's Other:X?", self.text(f'tr[data-entry="{entry}"] [role="alert"]'))
        self.assertEqual(self.symbol_in_inventree(), ['Other:X'])  # nothing written before the confirmation
        confirm.click()
        self.wait_until(lambda: not self.browser.find_elements(By.CSS_SELECTOR, f'tr[data-entry="{entry}"]'),
                        'the entry left the conflict list')
        self.wait_until(lambda: self.api(f'api/outbox/{entry}')['state'] == 'done', 'the overwrite pushed', 20)
        self.assertEqual(self.symbol_in_inventree(), ['Device:R'])

    def test_pull_now(self):
        self.wait_until(lambda: self.api('api/status')['sync']['last_success'] is not None, 'the first pull', 30)
        first = self.api('api/status')['sync']['last_success']['finished_at']
        self.sign_in('admin')
        self.wait_for('#pull-now').click()
        self.wait_until(lambda: self.text('#pull-progress') == 'Pull finished.', 'the pull finished', 20)
        last = self.api('api/status')['sync']['last_success']['finished_at']
        self.assertGreater(last, first)
        self.assertIn('http://127.0.0.1', self.text('#inventree'))

    def test_read_token_may_not_pull(self):
        self.sign_in('read')
        button = self.wait_for('#pull-now')
        self.assertFalse(button.is_enabled())
        self.assertIn('Needs an admin token', button.get_attribute('title'))


if __name__ == '__main__':
    h.main()

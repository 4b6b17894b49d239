"""`make screenshots`: a PNG of every page of the web console over the demo catalogue, into
dist/screenshots/ (sign-in, overview, the library with its named libraries and a category with
a field rule, imports with a dry run, the write-back queue after the import was applied,
settings, tokens). Same server and browser harness as the browser tests."""

import argparse
import os
import sys
import tempfile

import console_harness as h
from console_harness import By

# A small KiCad intermediate netlist (export version E) over the demo catalogue: two resistors
# placed from kibridge (the hidden InvenTree field names the part), one capacitor not from it.
NETLIST = '''<?xml version="1.0" encoding="utf-8"?>
<export version="E">
  <design><source>/home/designer/amp/amp.kicad_sch</source><date>2026-12-01T10:00:00</date><tool>Eeschema 9.0.6</tool></design>
  <components>
    <comp ref="R1"><value>1k</value><footprint>Resistor_SMD:R_0805_2012Metric</footprint>
      <fields><field name="InvenTree">1</field></fields><libsource lib="Device" part="R" description="Resistor"/>
      <tstamps>9b0c2d1e-0000-4000-8000-000000000001</tstamps></comp>
    <comp ref="R2"><value>1.1k</value><footprint>Resistor_SMD:R_0805_2012Metric</footprint>
      <fields><field name="InvenTree">2</field></fields><libsource lib="Device" part="R" description="Resistor"/>
      <tstamps>9b0c2d1e-0000-4000-8000-000000000002</tstamps></comp>
    <comp ref="C1"><value>100n</value><footprint>Capacitor_SMD:C_0603_1608Metric</footprint>
      <libsource lib="Device" part="C" description="Capacitor"/>
      <tstamps>9b0c2d1e-0000-4000-8000-000000000003</tstamps></comp>
  </components>
</export>
'''


def shoot(browser, path):
    """The whole page, not just the window: the window is grown to the document's height."""
    height = browser.execute_script('return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)')
    browser.set_window_size(1280, max(800, min(height + 160, 4000)))
    browser.save_screenshot(path)
    print(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--kibridge', default=h.kibridge_binary())
    parser.add_argument('--out', default='dist/screenshots')
    args = parser.parse_args()
    reason = h.missing_requirements()
    if reason:
        sys.exit(f'screenshots: {reason}')
    os.makedirs(args.out, exist_ok=True)
    server = h.DemoServer(args.kibridge)
    browser = h.start_browser(1280, 800)
    work = tempfile.TemporaryDirectory()
    try:
        case = h.ConsoleTestCase()  # its helpers, outside unittest
        case.server, case.browser = server, browser
        browser.get(server.url)
        case.wait_for('#sign-in')
        shoot(browser, os.path.join(args.out, 'sign-in.png'))
        case.sign_in('admin')
        case.wait_for('#page-overview #kicad')
        case.wait_for('#page-overview #metrics-kicad')
        shoot(browser, os.path.join(args.out, 'overview.png'))

        # A second, named library and a field rule of Resistors, so both views show one.
        server.call('api/libraries/', method='POST', body={'name': 'ics', 'description': 'Integrated circuits'})
        server.call('plugin/kicad-library-plugin/api/category/1/', method='PATCH',
                    body={'field_rules': [{'match': 'Tolerance', 'field': 'Tol', 'visible': True}]})
        case.open_page('library')
        case.wait_for('#category-tree')
        case.wait_for('#library-list tr[data-library="ics"]')
        shoot(browser, os.path.join(args.out, 'library.png'))
        browser.get(server.url + '#library/1')  # Electronics/Passives/Resistors
        case.wait_for('#footprint-mappings table')
        case.wait_for('#category-rules-list table')
        browser.execute_script('window.scrollTo(0, 0)')
        shoot(browser, os.path.join(args.out, 'library-category.png'))

        browser.get(server.url + '#parts/search/0603%201k')
        case.wait_for('#part-list')
        shoot(browser, os.path.join(args.out, 'parts.png'))
        browser.get(server.url + '#parts/1')
        case.wait_for('#part-explain')
        shoot(browser, os.path.join(args.out, 'part.png'))

        netlist = os.path.join(work.name, 'amp.xml')
        with open(netlist, 'w', encoding='utf-8') as f:
            f.write(NETLIST)
        case.open_page('imports')
        case.wait_for('#netlist-file').send_keys(netlist)
        case.wait_until(lambda: 'Dry run of amp.xml' in case.text('#import-result'), 'the dry run')
        shoot(browser, os.path.join(args.out, 'imports.png'))
        case.wait_for('#apply-import').click()
        case.wait_until(lambda: 'Applied amp.xml' in case.text('#import-result'), 'the import applied')

        case.open_page('outbox')
        case.wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, '#outbox-list tr'), 'the queue')
        shoot(browser, os.path.join(args.out, 'outbox.png'))
        case.open_page('settings')
        case.wait_for('#settings-form')
        shoot(browser, os.path.join(args.out, 'settings.png'))
        case.open_page('tokens')
        case.wait_for('#page-tokens > *')
        shoot(browser, os.path.join(args.out, 'tokens.png'))
    finally:
        browser.quit()
        server.stop()
        work.cleanup()


if __name__ == '__main__':
    main()

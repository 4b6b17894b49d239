"""The server time of each console page's data requests, as the server itself logs them
(`serve --access-log`: the seconds from the request read to the answer written), with the
pages driven in headless Chromium exactly as a person would open them.

  kibridge demo-seed --db /tmp/demo100k.sqlite --parts 100000
  /usr/bin/python3 tests/browser/page_timings.py --db /tmp/demo100k.sqlite [--rounds 5]

Each round reloads each page (so every visit makes the page's requests afresh); a request's
visit is the one whose start precedes its log time. Prints, per page, the median and largest
server time of each request over the rounds and the median of the page's summed server time.
The console's static files (ui/*, answered from memory) are left out. Serves a copy of --db.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request

import console_harness as h
from console_harness import Keys

# (page, hash, element that shows the page got its data, what to do on it after loading)
PAGES = [
    ('overview', '#overview', '#metrics-kicad', None),
    ('library', '#library', '#category-tree', None),
    ('library category', '#library/1', '#footprint-mappings table', 'complete'),
    ('parts search', '#parts/search/' + urllib.parse.quote('0603 1k'), '#part-list', None),
    ('parts search (broad)', '#parts/search/resistor', '#part-list', None),
    ('part', '#parts/1', '#part-explain', None),
]


def log_lines(path):
    """(time, method, path, status, seconds) of every data request in the access log."""
    out = []
    with open(path, encoding='utf-8') as log:
        for line in log:
            fields = line.split()
            if len(fields) != 8 or fields[3].startswith('/ui/') or fields[3] == '/':
                continue
            at = datetime.datetime.strptime(fields[0], '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc)
            out.append((at.timestamp(), fields[2], urllib.parse.unquote(fields[3]), fields[4], float(fields[6])))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--db', required=True, help='a demo database, e.g. from `kibridge demo-seed --parts 100000`')
    parser.add_argument('--kibridge', default=h.kibridge_binary())
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    reason = h.missing_requirements()
    if reason:
        sys.exit(f'page_timings: {reason}')
    log_path = os.path.join(os.path.dirname(os.path.abspath(args.db)), f'page-timings-{os.getpid()}.log')
    server = h.DemoServer(args.kibridge, extra_args=('--access-log', log_path), copy_of=args.db)
    browser = h.start_browser()
    visits = []  # (page, start)
    try:
        case = h.ConsoleTestCase()
        case.server, case.browser = server, browser
        browser.get(server.url)
        case.sign_in('admin')
        case.wait_for('#metrics-kicad')
        # The first scan of the installed KiCad libraries (seconds: tools/bench kicad-libraries) is not timed.
        for kind in ('symbols', 'footprints'):
            request = urllib.request.Request(server.url + f'api/kicad/{kind}/check?name=Device:R',
                                             headers={'Authorization': f"Token {server.tokens['read']}"})
            urllib.request.urlopen(request, timeout=120).close()
        for _ in range(args.rounds):
            for name, hash_, ready, action in PAGES:
                browser.get('about:blank')  # a fresh load of the console at the page (the token stays in the tab)
                start = time.time()
                browser.get(server.url + hash_)
                case.wait_for(ready, timeout=60)
                if action == 'complete':  # type into the symbol field: completion, then the check on leaving it
                    field = case.wait_for('#kicad-default-symbol')
                    field.send_keys(Keys.END, '_')
                    case.wait_until(lambda: case.text('#kicad-default-symbol-options'), 'suggestions', timeout=30)
                    field.send_keys(Keys.TAB)
                time.sleep(0.3)  # the page's last requests land before the next visit starts
                visits.append((name, start))
    finally:
        browser.quit()
        server.process.terminate()  # flushes the access log
        server.process.wait(timeout=30)
        lines = log_lines(log_path)
        server.stop()
        os.remove(log_path)

    per_page = {}
    for i, (name, start) in enumerate(visits):
        end = visits[i + 1][1] if i + 1 < len(visits) else float('inf')
        requests = [line for line in lines if start - 0.01 <= line[0] < end - 0.01]
        page = per_page.setdefault(name, {'totals': [], 'requests': {}})
        page['totals'].append(sum(r[4] for r in requests))
        for _, method, path, status, seconds in requests:
            key = f'{method} {path.split("?")[0] if "/api/kicad/" not in path else path} {status}'
            page['requests'].setdefault(key, []).append(seconds)
    print(f'server time per request (median / max of {args.rounds} visits, ms), {args.db}')
    for name, _, _, _ in PAGES:
        page = per_page.get(name)
        if not page:
            continue
        print(f'\n{name}: page total median {statistics.median(page["totals"]) * 1000:.2f} ms')
        for key, times in sorted(page['requests'].items()):
            print(f'  {key:70s} {statistics.median(times) * 1000:8.2f} {max(times) * 1000:8.2f}  (n={len(times)})')


if __name__ == '__main__':
    main()

"""The Overview's server counters in a real browser: they come from GET /metrics and move when
KiCad makes requests; and metrics_text.js, the pure reader of Prometheus' text, on known input
(run in the browser, where the console runs it)."""

import urllib.request

import console_harness as h
from console_harness import By

PLUGIN = 'plugin/kicad-library-plugin/'

EXPOSITION = '''# HELP kibridge_http_requests_total Requests answered.
# TYPE kibridge_http_requests_total counter
kibridge_http_requests_total{group="kicad_part",status="200"} 7
kibridge_http_requests_total{group="kicad_part",status="404"} 2
kibridge_http_requests_total{group="api",status="500"} 1
kibridge_kicad_request_duration_seconds_bucket{route="kicad_part",le="0.001"} 4
kibridge_kicad_request_duration_seconds_bucket{route="kicad_part",le="0.01"} 8
kibridge_kicad_request_duration_seconds_bucket{route="kicad_part",le="+Inf"} 9
kibridge_kicad_request_duration_seconds_sum{route="kicad_part"} 0.09
kibridge_kicad_request_duration_seconds_count{route="kicad_part"} 9
kibridge_cache_entries{kind="listing"} 3
kibridge_cache_bytes 2048
kibridge_pulls_total 5
kibridge_pull_failures_total 1
not a sample line at all {
'''


class MetricsTest(h.ConsoleTestCase):

    def kicad_requests(self, route):
        for tr in self.browser.find_elements(By.CSS_SELECTOR, '#metrics-kicad tbody tr'):
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, 'td')]
            if cells[0] == route:
                return int(cells[1])
        self.fail(f'no row for {route}: {self.text("#metrics-kicad")}')

    def test_the_counters_move_after_requests(self):
        self.sign_in('read')
        self.wait_for('#metrics-kicad')
        before = self.kicad_requests('kicad_categories')
        for _ in range(3):
            request = urllib.request.Request(self.server.url + PLUGIN + 'v1/categories.json',
                                             headers={'Authorization': f"Token {self.server.tokens['read']}"})
            urllib.request.urlopen(request, timeout=10).close()
        self.browser.find_element(By.ID, 'refresh-metrics').click()
        self.wait_until(lambda: self.text('#metrics-kicad') and self.kicad_requests('kicad_categories') == before + 3,
                        'three more categories.json requests counted')
        self.assertIn('api', self.text('#metrics-requests'))
        self.assertIn('KiB', self.text('#metrics-facts'))
        self.assertIn('no InvenTree configured', self.text('#metrics-facts'))  # --demo pulls nothing
        self.assertEqual(self.console_errors(), [])

    def test_the_reader_of_the_prometheus_text(self):
        self.sign_in('read')
        self.wait_for('#metrics')
        summary = self.browser.execute_async_script('''
            const done = arguments[arguments.length - 1];
            import('./ui/metrics_text.js').then((m) => {
              const s = m.summarizeMetrics(m.parseMetrics(arguments[0]));
              done({
                requests: s.requests, kicad: s.kicad, cache: s.cache, pulls: s.pulls, pushes: s.pushes,
                q: [m.histogramQuantile(0.5, [{le: 1, count: 2}, {le: 2, count: 4}, {le: Infinity, count: 4}]),
                    m.histogramQuantile(0.99, [{le: 1, count: 1}, {le: Infinity, count: 10}]),
                    m.histogramQuantile(0.5, [{le: 1, count: 0}, {le: Infinity, count: 0}])],
              });
            }, (e) => done(String(e)));''', EXPOSITION)
        self.assertIsInstance(summary, dict, summary)
        self.assertEqual(summary['requests'], [{'group': 'kicad_part', 'total': 9, 'errors': 2},
                                               {'group': 'api', 'total': 1, 'errors': 1}])
        kicad = summary['kicad'][0]
        self.assertEqual((kicad['route'], kicad['count']), ('kicad_part', 9))
        self.assertAlmostEqual(kicad['mean'], 0.01)
        # The median (rank 4.5) falls in (0.001, 0.01]: 0.001 + 0.009 * 0.5 / 4.
        self.assertAlmostEqual(kicad['p50'], 0.001 + 0.009 * 0.125)
        self.assertAlmostEqual(kicad['p95'], 0.01)  # rank 8.55 falls in +Inf: the largest finite bound
        self.assertEqual(summary['cache'], {'bytes': 2048, 'entries': {'listing': 3}})
        self.assertEqual(summary['pulls']['total'], 5)
        self.assertEqual(summary['pulls']['failures'], 1)
        self.assertIsNone(summary['pushes'])
        self.assertEqual(summary['q'][0], 1)  # rank 2 reaches the end of the first bucket
        self.assertEqual(summary['q'][1], 1)
        self.assertIsNone(summary['q'][2])


if __name__ == '__main__':
    h.main()

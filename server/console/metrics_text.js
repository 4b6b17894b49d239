// GET /metrics (Prometheus' text format 0.0.4, server/http/metrics.h) read for the Overview's
// counters. Pure functions (no DOM, no fetch), so a test can run them on any text.

// Every sample of the exposition: [{name, labels: {k: v}, value: Number}], in order. Comment
// lines (# HELP, # TYPE) and blank lines are skipped; a line that is no sample is ignored.
export function parseMetrics(text) {
  const samples = [];
  const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const raw of String(text).split('\n')) {
    const row = raw.trim();
    if (!row || row.startsWith('#')) continue;
    const m = line.exec(row);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(label)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

// The value at quantile q (0..1) of a histogram from its cumulative buckets [{le, count}]:
// linear within the bucket it falls in, as Prometheus' histogram_quantile does. null with no
// observations; the largest finite bound when it falls in the +Inf bucket (it is at least that).
export function histogramQuantile(q, buckets) {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.length ? sorted[sorted.length - 1].count : 0;
  if (!total) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lower;
      const inBucket = b.count - below;
      return inBucket > 0 ? lower + (b.le - lower) * ((rank - below) / inBucket) : b.le;
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

// What the Overview shows, from parseMetrics' samples:
//   requests: [{group, total, errors (4xx and 5xx)}] in the exposition's order,
//   kicad: [{route, count, mean, p50, p95}] (seconds; null without requests),
//   listings: {renders, seconds}, cache: {bytes, entries: {kind: n}},
//   pulls: {total, failures, running, lastDuration, lastSuccess} or null (no InvenTree),
//   pushes: {passes, attempts, failures, writes, paused} or null, outbox: {state: n}.
export function summarizeMetrics(samples) {
  const value = (name, match = {}) => samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
  const has = (name) => samples.some((s) => s.name === name);
  const groups = [];
  for (const s of samples) {
    if (s.name === 'kibridge_http_requests_total' && !groups.includes(s.labels.group)) groups.push(s.labels.group);
  }
  const requests = groups.map((group) => {
    const rows = samples.filter((s) => s.name === 'kibridge_http_requests_total' && s.labels.group === group);
    return {
      group,
      total: rows.reduce((sum, s) => sum + s.value, 0),
      errors: rows.filter((s) => /^[45]/.test(s.labels.status)).reduce((sum, s) => sum + s.value, 0),
    };
  });
  const routes = [];
  for (const s of samples) {
    if (s.name === 'kibridge_kicad_request_duration_seconds_count' && !routes.includes(s.labels.route)) routes.push(s.labels.route);
  }
  const kicad = routes.map((route) => {
    const count = value('kibridge_kicad_request_duration_seconds_count', { route });
    const sum = value('kibridge_kicad_request_duration_seconds_sum', { route });
    const buckets = samples
      .filter((s) => s.name === 'kibridge_kicad_request_duration_seconds_bucket' && s.labels.route === route)
      .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }));
    return {
      route, count,
      mean: count ? sum / count : null,
      p50: histogramQuantile(0.5, buckets),
      p95: histogramQuantile(0.95, buckets),
    };
  });
  const entries = {};
  for (const s of samples) if (s.name === 'kibridge_cache_entries') entries[s.labels.kind] = s.value;
  const outbox = {};
  for (const s of samples) if (s.name === 'kibridge_outbox_entries') outbox[s.labels.state] = s.value;
  return {
    requests,
    kicad,
    listings: { renders: value('kibridge_listing_renders_total'), seconds: value('kibridge_listing_render_seconds_total') },
    cache: { bytes: value('kibridge_cache_bytes'), entries },
    pulls: has('kibridge_pulls_total') ? {
      total: value('kibridge_pulls_total'),
      failures: value('kibridge_pull_failures_total'),
      running: value('kibridge_pull_running') > 0,
      lastDuration: has('kibridge_pull_last_duration_seconds') ? value('kibridge_pull_last_duration_seconds') : null,
      lastSuccess: value('kibridge_pull_last_success_timestamp_seconds') || null,
    } : null,
    pushes: has('kibridge_push_passes_total') || has('kibridge_push_attempts_total') ? {
      passes: value('kibridge_push_passes_total'),
      attempts: value('kibridge_push_attempts_total'),
      failures: value('kibridge_push_failures_total'),
      writes: value('kibridge_push_writes_total'),
      paused: value('kibridge_push_paused') > 0,
    } : null,
    outbox,
  };
}

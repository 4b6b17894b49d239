// Overview: what KiCad sees, the InvenTree connection with "Pull now" and its progress, the
// write-back queue with "Push now", the last imports, and the server's counters (GET metrics,
// the Prometheus text a scraper reads, summarised by metrics_text.js).
import { api } from './api.js';
import { h, replace, table, facts, when, notice } from './dom.js';
import { guard } from './access.js';
import { parseMetrics, summarizeMetrics } from './metrics_text.js';

const POLL_MS = 1000;

export async function render(area, current) {
  const [status, diagnostics, push, recent] = await Promise.all([
    api('api/status'), api('api/diagnostics/'), api('api/outbox/push'), api('api/imports?limit=5'),
  ]);
  const kicad = h('section', { id: 'kicad', 'aria-labelledby': 'kicad-h' });
  const inventree = h('section', { id: 'inventree', 'aria-labelledby': 'inventree-h' });
  const queue = h('section', { id: 'queue', 'aria-labelledby': 'queue-h' });
  const history = h('section', { id: 'recent-imports', 'aria-labelledby': 'recent-h' });
  const counters = h('section', { id: 'metrics', 'aria-labelledby': 'metrics-h' });
  replace(area, h('div', { class: 'grid' }, kicad, inventree, queue, history, counters));
  renderKicad(kicad, status.library, diagnostics);
  renderInventree(inventree, status, current);
  renderQueue(queue, status.outbox, push);
  renderRecent(history, recent);
  await renderCounters(counters, current);
}

function renderKicad(section, library, diagnostics) {
  const warnings = [...(library.warnings || []), ...(diagnostics.warnings || [])];
  replace(section,
    h('h2', { id: 'kicad-h' }, 'What KiCad sees'),
    facts([
      ['KiCad categories', library.kicad_categories],
      ['Parts served', library.parts],
      ['Parts without a symbol', library.empty_symbol_parts],
      ['Cached listings', diagnostics.cache ? `${diagnostics.cache.listings} (${Math.round(diagnostics.cache.bytes / 1024)} KiB)` : '—'],
    ]),
    warnings.map((w) => notice('warning', typeof w === 'string' ? w : (w.message || JSON.stringify(w)))),
    table('KiCad categories', ['Category', 'Parts', 'Without symbol'],
      (library.categories || []).map((c) => [c.name, String(c.parts), String(c.empty_symbol)])));
}

function progressText(progress) {
  if (!progress) return 'starting…';
  const phase = progress.phase || progress.stage || '';
  const collection = progress.collection ? ` ${progress.collection}` : '';
  const rows = progress.rows ?? progress.done;
  const total = progress.total ? ` of ${progress.total}` : '';
  return `${phase}${collection}${rows !== undefined ? `: ${rows}${total}` : ''}`;
}

function renderInventree(section, status, current) {
  const sync = status.sync;
  const last = sync.last_run || sync.last_success;
  const progress = h('p', { id: 'pull-progress', role: 'status', 'aria-live': 'polite' },
    sync.running ? `Pulling — ${progressText(sync.progress)}` : '');
  const button = h('button', { type: 'button', id: 'pull-now' }, 'Pull now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('api/sync', { method: 'POST' });
      progress.textContent = 'Pull started…';
      poll();
    } catch (error) {
      progress.textContent = '';
      section.appendChild(notice('error', error.message));
      button.disabled = false;
    }
  });
  async function poll() {
    if (!current()) return;
    const now = await api('api/status');
    if (!current()) return;
    if (now.sync.running) {
      progress.textContent = `Pulling — ${progressText(now.sync.progress)}`;
      setTimeout(poll, POLL_MS);
    } else {
      renderInventree(section, now, current);
      const done = section.querySelector('#pull-progress');
      done.textContent = now.sync.last_error ? `Pull failed: ${errorText(now.sync.last_error)}` : 'Pull finished.';
    }
  }
  const notConfigured = status.sync_configured ? '' : 'This server pulls nothing: start `kibridge serve` with --inventree-url.';
  replace(section,
    h('h2', { id: 'inventree-h' }, 'InvenTree'),
    facts([
      ['Server', sync.inventree_url || 'not configured'],
      ['Version', sync.inventree ? `${sync.inventree.version} (API ${sync.inventree.api_version})` : '—'],
      ['Last pull', last ? `${when(last.finished_at || last.started_at)}${last.duration_ms !== undefined ? `, ${last.duration_ms} ms` : ''}` : 'never'],
      ['Last success', sync.last_success ? when(sync.last_success.finished_at) : 'never'],
      ['Next pull', when(sync.next_pull)],
      ['Last error', sync.last_error ? errorText(sync.last_error) : 'none'],
      ['Mirror', status.mirror ? `${status.mirror.parts} parts in ${status.mirror.categories} categories` : '—'],
    ]),
    h('div', { class: 'actions' }, guard(button, 'admin', notConfigured)),
    progress);
  if (sync.running) setTimeout(poll, POLL_MS);
}

function errorText(error) {
  if (typeof error === 'string') return error;
  if (error.error) return errorText(error.error);
  return error.message || JSON.stringify(error);
}

function renderQueue(section, outbox, push) {
  const states = ['pending', 'conflict', 'failed', 'done', 'dropped'];
  const button = h('button', { type: 'button', id: 'push-now' }, 'Push now');
  const message = h('p', { role: 'status' });
  button.addEventListener('click', async () => {
    try {
      await api('api/outbox/push', { method: 'POST' });
      message.textContent = 'Push started.';
    } catch (error) {
      message.textContent = error.message;
    }
  });
  const notConfigured = push.configured ? '' : 'This server pushes nothing: start `kibridge serve` with --inventree-url.';
  replace(section,
    h('h2', { id: 'queue-h' }, 'Write-back queue'),
    facts(states.map((state) => [state, h('a', { href: `#outbox/${state}` }, String(outbox[state] ?? 0))])),
    outbox.paused ? notice('warning', `Paused since ${when(outbox.paused.since)}: ${outbox.paused.reason}`) : null,
    h('div', { class: 'actions' }, guard(button, 'admin', notConfigured)),
    message);
}

function renderRecent(section, recent) {
  replace(section,
    h('h2', { id: 'recent-h' }, 'Last imports'),
    recent.length === 0 ? h('p', {}, 'No imports yet.') :
      table(null, ['When', 'Who', 'File', 'Matched', 'Queued'], recent.map((r) => [
        when(r.created_at), r.actor, r.file_name || r.design_source || '—',
        `${r.summary.matched} of ${r.summary.components}${r.dry_run ? ' (dry run)' : ''}`, String(r.queued)])),
    h('p', {}, h('a', { href: '#imports' }, 'All imports')));
}

// Durations as the console shows them: milliseconds below a second.
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  return seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms` : `${seconds.toFixed(2)} s`;
}

async function renderCounters(section, current) {
  const refresh = h('button', { type: 'button', id: 'refresh-metrics', class: 'secondary' }, 'Refresh counters');
  refresh.addEventListener('click', () => renderCounters(section, current));
  const heading = h('h2', { id: 'metrics-h' }, 'Server counters');
  let text;
  try {
    text = await api('metrics');
  } catch (error) {
    if (!current()) return;
    replace(section, heading, notice('warning', `This token cannot read the counters (GET /metrics: ${error.message}).`));
    return;
  }
  if (!current()) return;
  const m = summarizeMetrics(parseMetrics(text));
  const entries = Object.entries(m.cache.entries).map(([kind, n]) => `${n} ${kind}`).join(', ');
  replace(section, heading,
    h('p', { class: 'help' }, 'Since the server started; the same numbers a Prometheus scrape of /metrics reads.'),
    table('Requests by route group', ['Group', 'Requests', 'Client or server errors'],
      m.requests.map((r) => [r.group, String(r.total), String(r.errors)]), { id: 'metrics-requests' }),
    table("KiCad's requests (p50 and p95 estimated from the latency histogram)", ['Route', 'Requests', 'Mean', 'p50', 'p95'],
      m.kicad.map((k) => [k.route, String(k.count), duration(k.mean), duration(k.p50), duration(k.p95)]),
      { id: 'metrics-kicad' }),
    facts([
      ['Listing renders', `${m.listings.renders} (${duration(m.listings.seconds)} in all)`],
      ['Response cache', `${Math.round(m.cache.bytes / 1024)} KiB${entries ? ` in ${entries}` : ''}`],
      ['Pulls', m.pulls ? `${m.pulls.total}, ${m.pulls.failures} failed${m.pulls.running ? ', one running' : ''}`
        + `${m.pulls.lastDuration !== null ? `; last took ${duration(m.pulls.lastDuration)}` : ''}`
        + `${m.pulls.lastSuccess ? `; last success ${when(new Date(m.pulls.lastSuccess * 1000).toISOString())}` : ''}`
        : 'none (no InvenTree configured)'],
      ['Pushes', m.pushes ? `${m.pushes.passes} passes, ${m.pushes.attempts} attempts, ${m.pushes.failures} failed, `
        + `${m.pushes.writes} writes${m.pushes.paused ? ', paused' : ''}` : 'none (no InvenTree configured)'],
    ], { id: 'metrics-facts' }),
    h('div', { class: 'actions' }, refresh));
}

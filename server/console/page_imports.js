// Imports: drop or pick a KiCad netlist, read the dry run (POST api/imports?dry_run=1), apply
// it (POST api/imports) and see the outbox entries it queued; the import history with each
// import's summary and entries.
import { api } from './api.js';
import { h, replace, table, when, notice, facts } from './dom.js';
import { guard, can } from './access.js';
import { report, summary } from './report.js';
import { entriesTable } from './page_outbox.js';

export async function render(area, current) {
  const input = h('input', { id: 'netlist-file', type: 'file', accept: '.xml,.net,application/xml,text/xml',
    'aria-describedby': 'netlist-help' });
  const zone = h('div', { class: 'dropzone', id: 'dropzone' },
    h('label', { for: 'netlist-file' }, 'Netlist file'),
    guard(input, 'import'),
    h('p', { id: 'netlist-help', class: 'help' },
      'Pick or drop a KiCad intermediate netlist (kicad-cli sch export netlist --format kicadxml). ',
      'You get a dry run first; nothing changes until you apply it.'));
  const result = h('section', { id: 'import-result', 'aria-live': 'polite' });
  const history = h('section', { id: 'import-history', 'aria-labelledby': 'history-h' });
  replace(area, zone, result, history);

  const take = (file) => { if (file && can('import')) dryRun(file, result, () => refreshHistory(history)); };
  input.addEventListener('change', () => take(input.files[0]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    take(event.dataTransfer.files[0]);
  });
  await refreshHistory(history);
}

const query = (file, dry) => `api/imports?dry_run=${dry ? 1 : 0}&file_name=${encodeURIComponent(file.name)}`;

async function dryRun(file, result, refresh) {
  replace(result, h('p', { role: 'status' }, `Reading ${file.name}…`));
  let outcome;
  try {
    outcome = await api(query(file, true), { method: 'POST', body: file, type: 'application/xml' });
  } catch (error) {
    replace(result, notice('error', `${file.name}: ${error.message}`));
    return;
  }
  const apply = h('button', { type: 'button', id: 'apply-import' }, 'Apply');
  const nothing = outcome.summary.changes === 0 ? 'The dry run plans no change.' : '';
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    try {
      const applied = await api(query(file, false), { method: 'POST', body: file, type: 'application/xml' });
      const detail = await api(`api/imports/${applied.import.id}`);
      replace(result,
        h('h2', {}, `Applied ${file.name}`),
        notice('ok', `Import #${applied.import.id}: ${applied.import.queued} change(s) queued for InvenTree.`),
        h('h3', {}, 'Queued for InvenTree'),
        entriesTable(detail.outbox, () => {}),
        report(applied));
      refresh();
    } catch (error) {
      apply.disabled = false;
      result.appendChild(notice('error', error.message));
    }
  });
  replace(result,
    h('h2', {}, `Dry run of ${file.name}`),
    h('div', { class: 'actions' }, guard(apply, 'import', nothing)),
    report(outcome));
  refresh();
}

async function refreshHistory(section) {
  const imports = await api('api/imports?limit=50');
  const rows = imports.map((r) => {
    const button = h('button', { type: 'button', class: 'secondary' }, `Show #${r.id}`);
    const cell = h('div', {}, button);
    button.addEventListener('click', async () => {
      const detail = await api(`api/imports/${r.id}`);
      replace(cell, h('div', { class: 'history-detail' },
        facts([['SHA-256', detail.sha256], ['Design', detail.design_source || '—']]),
        summary(detail.summary),
        detail.outbox.length ? entriesTable(detail.outbox, () => {}) : h('p', {}, 'Nothing was queued.')));
    });
    return [when(r.created_at), r.actor, r.file_name || '—', r.dry_run ? 'dry run' : 'applied',
      `${r.summary.matched} of ${r.summary.components}`, String(r.summary.changes), String(r.queued), cell];
  });
  replace(section, h('h2', { id: 'history-h' }, 'History'),
    rows.length ? table(null, ['When', 'Who', 'File', 'Kind', 'Matched', 'Changes', 'Queued', 'Report'], rows, { id: 'history' })
      : h('p', {}, 'No imports yet.'));
}

// The write-back queue: entries by state (GET api/outbox?state=), a conflict with the value
// InvenTree held when the change was queued, the value it holds now and the design's value;
// "Overwrite" (POST .../retry) and "Drop" (POST .../drop), each behind a confirmation.
import { api } from './api.js';
import { h, replace, when, notice } from './dom.js';
import { confirmable } from './confirm.js';

const STATES = ['', 'pending', 'conflict', 'failed', 'done', 'dropped'];
const show = (value) => (value === null || value === undefined ? '(none)' : value === '' ? '(empty)' : value);

export async function render(area, current) {
  const initial = location.hash.split('/')[1] || '';
  const select = h('select', { id: 'state-filter' },
    STATES.map((state) => h('option', { value: state, selected: state === initial }, state || 'every state')));
  const list = h('div', { id: 'outbox-list' });
  const paused = h('div');
  replace(area, h('div', { class: 'filters' }, h('label', { for: 'state-filter' }, 'State'), select), paused, list);
  const load = async () => {
    const state = select.value;
    const data = await api(`api/outbox${state ? `?state=${encodeURIComponent(state)}` : ''}`);
    if (!current()) return;
    replace(paused, data.paused ? notice('warning', `Paused since ${when(data.paused.since)}: ${data.paused.reason}`) : null);
    replace(list, data.entries.length ? entriesTable(data.entries, load) : h('p', {}, 'No entries.'));
  };
  select.addEventListener('change', () => {
    history.replaceState(null, '', select.value ? `#outbox/${select.value}` : '#outbox');
    load();
  });
  await load();
}

// The entries as a table with their actions; `changed` runs after an action succeeded.
export function entriesTable(entries, changed) {
  return h('table', { class: 'outbox' },
    h('thead', {}, h('tr', {}, ['#', 'Part', 'Field', 'State', "Design's value", 'InvenTree when queued',
      'InvenTree now', 'Attempts', 'Note', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, entries.map((entry) => row(entry, changed))));
}

function row(entry, changed) {
  const actions = h('td', { class: 'actions' });
  const note = entry.last_error || (entry.state === 'conflict' ? 'InvenTree changed since this was queued' : '');
  const tr = h('tr', { 'data-entry': entry.id, class: `state-${entry.state}` },
    h('td', {}, String(entry.id)),
    h('td', {}, `#${entry.part_id}`),
    h('td', {}, entry.template_name ? `${entry.field} (${entry.template_name})` : entry.field),
    h('td', {}, entry.state),
    h('td', { class: 'design' }, show(entry.new_value)),
    h('td', { class: 'queued' }, show(entry.old_value)),
    h('td', { class: 'remote' }, entry.state === 'conflict' || entry.remote_value !== null ? show(entry.remote_value) : '—'),
    h('td', {}, String(entry.attempts)),
    h('td', {}, note),
    actions);
  const open = entry.state === 'pending' || entry.state === 'conflict' || entry.state === 'failed';
  if (entry.state === 'conflict' || entry.state === 'failed') {
    actions.appendChild(action(entry, 'retry', entry.state === 'conflict' ? 'Overwrite' : 'Retry',
      entry.state === 'conflict' ? `Write the design's value over InvenTree's ${show(entry.remote_value)}?` : 'Send this change again?', changed));
  }
  if (open) actions.appendChild(action(entry, 'drop', 'Drop', 'Give this change up for good?', changed));
  return tr;
}

// POST api/outbox/<id>/<verb> after a confirmation, then `changed`.
function action(entry, verb, label, question, changed) {
  return confirmable({
    label, question, needed: 'admin', danger: verb === 'drop', attrs: { 'data-action': verb },
    act: async () => {
      await api(`api/outbox/${entry.id}/${verb}`, { method: 'POST' });
      await changed();
    },
  });
}

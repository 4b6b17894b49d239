// Parts: search the whole mirror (GET api/parts?search=, SQLite FTS5 over name, IPN,
// description, keywords, manufacturers, MPNs and parameter values) and, at #parts/<id>, what
// KiCad receives for one part and where each value came from (GET api/parts/<id>/explain — the
// same renderer call that serves parts/<id>.json, so the page cannot disagree with KiCad).
// The search text lives in the URL (#parts/search/<text>), so a result list can be linked to
// and the browser's Back returns to it from a part.
import { api } from './api.js';
import { h, replace, notice, facts } from './dom.js';

const LIMIT = 50;
let lastSearch = '#parts';  // where a part page's "back" link leads

export async function render(area, current) {
  const [, first, ...rest] = location.hash.split('/');
  if (first && first !== 'search') return partPage(area, current, first);
  const text = first === 'search' ? decodeURIComponent(rest.join('/')) : '';
  const input = h('input', { id: 'part-search', type: 'search', value: text, autocomplete: 'off', spellcheck: 'false',
    required: true, maxlength: 200, 'aria-describedby': 'part-search-help' });
  const form = h('form', { id: 'part-search-form', role: 'search' },
    h('div', { class: 'filters' },
      h('label', { for: 'part-search' }, 'Search parts'), input,
      h('button', { type: 'submit' }, 'Search')),
    h('p', { id: 'part-search-help', class: 'help' },
      'Name, IPN, description, keywords, manufacturer, MPN or parameter values; every word is a prefix and all must match.'));
  const results = h('div', { id: 'part-results', 'aria-live': 'polite' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = input.value.trim();
    if (!wanted) return;
    const hash = `#parts/search/${encodeURIComponent(wanted)}`;
    if (location.hash === hash) search(wanted, results, current);
    else location.hash = hash;  // re-renders here with the search
  });
  replace(area, form, results);
  if (text) await search(text, results, current);
  else setTimeout(() => { if (current()) input.focus(); });  // after the shell focused <main>
}

async function search(text, results, current) {
  let data;
  try {
    data = await api(`api/parts?search=${encodeURIComponent(text)}&limit=${LIMIT}`);
  } catch (error) {
    replace(results, notice('error', error.message));
    return;
  }
  if (!current()) return;
  lastSearch = `#parts/search/${encodeURIComponent(text)}`;
  if (data.count === 0) {
    replace(results, h('p', {}, `No part matches '${text}'.`));
    return;
  }
  replace(results,
    h('p', { id: 'part-count' }, data.count > data.results.length
      ? `${data.count} parts match '${text}'; the best ${data.results.length} are shown.`
      : `${data.count} part${data.count === 1 ? '' : 's'} match '${text}'.`),
    h('table', { id: 'part-list' },
      h('thead', {}, h('tr', {}, ['Name', 'IPN', 'Description', 'Category'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, data.results.map((p) => h('tr', { 'data-part': p.id },
        h('td', {}, h('a', { href: `#parts/${p.id}` }, p.name)),
        h('td', {}, p.IPN || ''),
        h('td', {}, p.description || ''),
        h('td', {}, p.category_path || '—'))))));
}

const yesNo = (visible) => (visible ? 'shown' : 'hidden');

function source(s) {
  return s ? [h('span', { class: `source kind-${s.kind}` }, s.kind.replaceAll('_', ' ')), ': ', s.detail] : '—';
}

async function partPage(area, current, id) {
  const back = h('p', {}, h('a', { href: lastSearch, id: 'back-to-results' },
    lastSearch === '#parts' ? 'Search parts' : 'Back to the search'));
  let part;
  try {
    part = await api(`api/parts/${encodeURIComponent(id)}/explain`);
  } catch (error) {
    if (!current()) return;
    const why = error.status === 409 ? `KiCad does not receive this part: ${error.message}`
      : error.status === 404 ? `No part with id ${id} in the mirror.` : error.message;
    replace(area, back, notice(error.status === 409 ? 'warning' : 'error', why));
    return;
  }
  if (!current()) return;
  replace(area, back,
    h('section', { id: 'part-explain', 'aria-labelledby': 'part-h' },
      h('h2', { id: 'part-h' }, part.name),
      facts([
        ['InvenTree part', String(part.id)],
        ['KiCad category', part.kicad_category === null ? '—'
          : h('a', { href: `#library/${part.kicad_category}` }, `KiCad category ${part.kicad_category}`)],
        ['Symbol', h('span', { id: 'part-symbol' }, part.symbol.value || '(none: KiCad shows an empty box)')],
        ['Symbol from', h('span', { id: 'part-symbol-source' }, source(part.symbol.source))],
        ['Footprint', h('span', { id: 'part-footprint' }, part.footprint.value || '(none)')],
        ['Footprint from', h('span', { id: 'part-footprint-source' }, source(part.footprint.source))],
      ]),
      (part.warnings || []).map((w) => notice('warning', w)),
      h('table', { id: 'part-fields' },
        h('caption', {}, 'Fields KiCad receives, in the order it receives them'),
        h('thead', {}, h('tr', {}, ['Field', 'Value', 'In the schematic', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, part.fields.map((f) => h('tr', { 'data-field': f.name },
          h('th', { scope: 'row' }, f.name),
          h('td', {}, f.value === '' ? h('span', { class: 'help' }, '(empty)') : f.value),
          h('td', {}, yesNo(f.visible)),
          h('td', {}, source(f.source))))))));
}

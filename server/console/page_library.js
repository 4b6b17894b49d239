// Library: the mirrored InvenTree category tree (GET api/inventree/categories) with its part
// counts and a filter; a checkbox per category serves it to KiCad (POST/DELETE of the plugin's
// category API, the same routes InvenTree's plugin offers); for a served category (#library/<pk>)
// its defaults (PATCH .../api/category/<pk>/) with completion of installed symbol and
// footprint names, its field rules (field_rules.js) and its footprint mappings
// (api/footprint-mappings/); above the tree, the named libraries (libraries_block.js).
import { api } from './api.js';
import { h, replace, notice, showFormError, clearFormError } from './dom.js';
import { guard, sharedGuard } from './access.js';
import { ask, confirmable } from './confirm.js';
import { kicadNameField } from './kicad_names.js';
import { fieldRulesBlock, ruleList } from './field_rules.js';
import { librariesBlock } from './libraries_block.js';

const CATEGORY_API = 'plugin/kicad-library-plugin/api/category/';
const ONCE_PER_SESSION = 'KiCad reads the category list once per session: after serving a new category or '
  + 'no longer serving one, close and reopen the symbol chooser (or reopen the project) to see the change.';

// Shown once after the page re-renders for an action (ticking a category moves to its editor).
let carried = null;

export async function render(area, current) {
  const message = carried;
  carried = null;
  const selected = Number(location.hash.split('/')[1]) || null;
  const [tree, served, libraries] = await Promise.all([api('api/inventree/categories'), api(CATEGORY_API),
    api('api/libraries/')]);
  if (!current()) return;
  const byCategory = new Map(served.map((k) => [categoryId(k), k]));
  const status = h('div', { id: 'library-status', 'aria-live': 'polite' }, message);
  const editor = selected ? served.find((k) => k.pk === selected) : null;
  replace(area,
    h('p', { class: 'help', id: 'kicad-session-note' }, ONCE_PER_SESSION),
    status,
    librariesBlock(libraries.libraries),
    categoryTree(tree.categories, byCategory, status),
    selected ? h('div', { id: 'category-editor-slot' }) : null);
  if (!selected) return;
  const slot = area.querySelector('#category-editor-slot');
  if (!editor) {
    replace(slot, notice('error', `No KiCad category with pk ${selected}.`));
    return;
  }
  const section = await categoryEditor(editor, current);
  if (!section) return;
  replace(slot, section);
  section.scrollIntoView({ block: 'start' });
  section.querySelector('h2').focus();
}

function categoryId(kicadCategory) {
  const c = kicadCategory.category;
  return c && typeof c === 'object' ? c.id : c;
}

function categoryPath(kicadCategory) {
  const c = kicadCategory.category;
  return c && typeof c === 'object' ? c.pathstring : `category ${c}`;
}

// ---- the tree -------------------------------------------------------------------------------

function categoryTree(categories, byCategory, status) {
  const depth = new Map();
  for (const c of categories) depth.set(c.id, c.parent === null ? 0 : (depth.get(c.parent) ?? 0) + 1);
  const admin = sharedGuard('admin');
  const rows = categories.map((c) => {
    const kicad = byCategory.get(c.id);
    const box = h('input', { type: 'checkbox', id: `serve-${c.id}`, checked: Boolean(kicad), 'data-category': c.id,
      'aria-label': `Serve ${c.pathstring} to KiCad` });
    admin.guard(box);
    const cell = h('span', { class: 'serve' }, box);
    box.addEventListener('change', () => (box.checked ? serve(c, status) : unserve(c, kicad, box, cell, status)));
    let kicadCell = '';
    if (kicad) {
      kicadCell = h('a', { href: `#library/${kicad.pk}`, 'data-edit': kicad.pk, 'aria-label': `Defaults and footprint mappings of ${c.pathstring}` },
        `KiCad category ${kicad.pk}: defaults`, kicad.library ? ` (library ${kicad.library})` : '');
    } else if (c.kicad_category !== null && c.kicad_category !== undefined) {
      const via = [...byCategory.values()].find((k) => k.pk === c.kicad_category);
      kicadCell = h('span', { class: 'help' }, `listed in ${via ? categoryPath(via) : `KiCad category ${c.kicad_category}`}`);
    }
    return h('tr', { 'data-path': c.pathstring.toLowerCase(), class: kicad ? 'served' : null },
      h('td', {}, cell),
      h('td', {}, h('span', { class: `indent depth-${Math.min(depth.get(c.id), 6)}`, title: c.pathstring }, c.name)),
      h('td', { class: 'number' }, String(c.part_count)),
      h('td', { class: 'number' }, String(c.part_count_total)),
      h('td', {}, kicadCell));
  });
  const table = h('table', { id: 'category-tree' },
    h('caption', {}, 'InvenTree categories (mirrored)'),
    h('thead', {}, h('tr', {}, ['Serve', 'Category', 'Parts', 'With sub-categories', 'KiCad']
      .map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows));
  const filter = h('input', { id: 'category-filter', type: 'search', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'category-filter-count' });
  const count = h('span', { id: 'category-filter-count', class: 'help', 'aria-live': 'polite' },
    `${categories.length} categories`);
  filter.addEventListener('input', () => {
    const text = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      row.hidden = text !== '' && !row.dataset.path.includes(text);
      if (!row.hidden) shown += 1;
    }
    count.textContent = text ? `${shown} of ${categories.length} categories` : `${categories.length} categories`;
  });
  return h('section', { id: 'library-tree', 'aria-labelledby': 'library-tree-h' },
    h('h2', { id: 'library-tree-h' }, 'Categories'),
    h('div', { class: 'filters' }, h('label', { for: 'category-filter' }, 'Filter categories'), filter, count),
    admin.note,
    table);
}

async function serve(category, status) {
  try {
    const created = await api(CATEGORY_API, { method: 'POST', json: { category: category.id } });
    carried = notice('ok', `${category.pathstring} is served to KiCad as KiCad category ${created.pk}. ${ONCE_PER_SESSION}`);
    location.hash = `#library/${created.pk}`;  // re-renders with its editor
  } catch (error) {
    replace(status, notice('error', `Could not serve ${category.pathstring}: ${error.message}`));
  }
}

function unserve(category, kicad, box, cell, status) {
  box.checked = true;  // still served until confirmed
  ask(cell, {
    question: `Stop serving ${category.pathstring} to KiCad? Its defaults and footprint mappings are deleted.`,
    verb: 'stop serving',
    hook: 'unserve',
    danger: true,
    cancel: () => { replace(cell, box); box.focus(); },
    act: async () => {
      await api(`${CATEGORY_API}${kicad.pk}/`, { method: 'DELETE' });
      carried = notice('ok', `${category.pathstring} is no longer served to KiCad. ${ONCE_PER_SESSION}`);
      if (location.hash === '#library') window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = '#library';
    },
  });
  replace(status);
}

// ---- one served category --------------------------------------------------------------------

// The fields of the category API a person sets here, in the API's names. Templates are shown
// and sent by name (the API takes an id or a name; "" clears).
const DEFAULTS = [
  { key: 'default_symbol', label: 'Default symbol', names: 'symbols',
    help: 'The symbol of a part without a symbol parameter, as Library:Name.' },
  { key: 'default_footprint', label: 'Default footprint', names: 'footprints',
    help: 'The footprint of a part that neither a parameter nor a footprint mapping gives one.' },
  { key: 'default_reference', label: 'Default reference', help: 'The reference designator prefix, e.g. R or U.' },
  { key: 'default_value_parameter_template', label: 'Value parameter template',
    help: 'The InvenTree parameter template (name or id) whose value becomes the Value field; empty: the part name.' },
  { key: 'footprint_parameter_template', label: 'Footprint parameter template',
    help: 'The parameter template (name or id) whose value the footprint mappings below translate.' },
];

function shownValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return value.name ?? String(value.id ?? '');
  return String(value);
}

async function categoryEditor(kicad, current) {
  const mappings = await api(`api/footprint-mappings/?kicad_category=${kicad.pk}`);
  const libraries = kicad.library !== undefined ? (await api('api/libraries/')).libraries : null;
  if (!current()) return null;
  const path = categoryPath(kicad);
  const section = h('section', { id: 'category-editor', 'aria-labelledby': 'category-editor-h' },
    h('h2', { id: 'category-editor-h', tabindex: '-1' }, `${path} in KiCad`),
    h('p', { class: 'help' }, `KiCad category ${kicad.pk}. A part gets these defaults unless one of its parameters, `
      + 'a footprint mapping or a field rule gives it something else (the Parts page shows which one did).'),
    defaultsForm(kicad, libraries),
    rulesBlock(kicad),
    mappingsBlock(kicad, mappings));
  return section;
}

// The library a KiCad category is served in (README "Several libraries from one server"):
// a select of the named libraries, "" standing for the default library (sent as null).
function libraryField(kicad, libraries) {
  const id = 'kicad-library';
  const initial = shownValue(kicad.library);
  const select = h('select', { id, name: 'library' },
    ...libraries.map((l) => h('option', { value: l.default ? '' : l.name },
      l.default ? '(default library)' : l.name)));
  select.value = initial;
  const help = h('p', { id: `${id}-help`, class: 'help' },
    'The KiCad library that serves this category: each has a .kicad_httplib of its own (kibridge httplib-config --library NAME).');
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  select.setAttribute('aria-describedby', help.id);
  const element = h('div', { class: 'setting', 'data-key': 'library' },
    h('label', { for: id }, 'Library'), select, help, error);
  return { key: 'library', input: select, initial, error, element, toJson: (v) => (v === '' ? null : v) };
}

function defaultsForm(kicad, libraries) {
  const form = h('form', { id: 'category-defaults', class: 'settings', novalidate: true });
  const admin = sharedGuard('admin');
  const fields = DEFAULTS.map((d) => {
    const id = `kicad-${d.key.replaceAll('_', '-')}`;
    const initial = shownValue(kicad[d.key]);
    const named = d.names ? kicadNameField({ kind: d.names, id, name: d.key, value: initial }) : null;
    const input = named ? named.input : h('input', { id, name: d.key, type: 'text', value: initial, spellcheck: 'false' });
    const help = h('p', { id: `${id}-help`, class: 'help' }, d.help);
    const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), help.id].filter(Boolean).join(' '));
    admin.guard(input);
    form.appendChild(h('div', { class: 'setting', 'data-key': d.key },
      h('label', { for: id }, d.label), named ? named.element : input, help, error));
    return { ...d, input, initial, error };
  });
  if (libraries) {
    const library = libraryField(kicad, libraries);
    admin.guard(library.input);
    form.appendChild(library.element);
    fields.push(library);
  }
  const status = h('div', { id: 'defaults-status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', id: 'save-defaults' }, 'Save defaults');
  form.appendChild(h('div', { class: 'actions' }, guard(save, 'admin'), status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const patch = {};
    for (const f of fields) {
      f.error.hidden = true;
      f.input.removeAttribute('aria-invalid');
      const value = f.input.value.trim();
      if (value !== f.initial) patch[f.key] = f.toJson ? f.toJson(value) : value;
    }
    if (Object.keys(patch).length === 0) {
      replace(status, notice('ok', 'Nothing changed.'));
      return;
    }
    try {
      const saved = await api(`${CATEGORY_API}${kicad.pk}/`, { method: 'PATCH', json: patch });
      for (const f of fields) {
        if (f.key in patch) {
          f.initial = f.input.value.trim();
          if (!f.toJson && saved && typeof saved[f.key] === 'string') f.initial = saved[f.key];
        }
      }
      replace(status, notice('ok', `Saved ${Object.keys(patch).join(', ')}. KiCad gets them with its next request.`));
    } catch (error) {
      let first = null;
      for (const f of fields) {
        const messages = error.fieldErrors ? error.fieldErrors(f.key) : [];
        if (!messages.length) continue;
        f.error.textContent = messages.join(' ');
        f.error.hidden = false;
        f.input.setAttribute('aria-invalid', 'true');
        first = first || f.input;
      }
      replace(status, notice('error', first ? 'Nothing was saved: see the fields marked.' : error.message));
      if (first) first.focus();
    }
  });
  return h('div', {}, h('h3', {}, 'Defaults'), admin.note, form);
}

// The category's own field rules, tried before the global ones (PATCH {"field_rules": [...]}).
function rulesBlock(kicad) {
  return h('div', { id: 'category-rules-block' },
    h('h3', {}, 'Field rules'),
    fieldRulesBlock({
      id: 'category-rules',
      rules: ruleList(kicad.field_rules),
      field: 'field_rules',
      intro: 'Which parameters of this category\'s parts become KiCad fields, under which name, shown or hidden. '
        + 'These rules are tried before the global ones (Settings, KICAD_FIELD_RULES).',
      save: async (rules) => ruleList((await api(`${CATEGORY_API}${kicad.pk}/`,
        { method: 'PATCH', json: { field_rules: rules } })).field_rules),
    }));
}

function mappingsBlock(kicad, initial) {
  const block = h('div', { id: 'footprint-mappings-block' });
  const template = shownValue(kicad.footprint_parameter_template);
  const status = h('div', { id: 'mapping-status', 'aria-live': 'polite' });
  const list = h('div', { id: 'footprint-mappings' });
  const show = (mappings) => replace(list, mappings.length === 0 ? h('p', {}, 'No footprint mappings.') :
    h('table', {},
      h('thead', {}, h('tr', {}, ['Parameter value', 'KiCad footprint', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, mappings.map((m) => h('tr', { 'data-mapping': m.id },
        h('td', {}, m.parameter_value), h('td', {}, m.kicad_footprint),
        h('td', { class: 'actions' }, confirmable({
          label: 'Remove',
          question: `Remove the mapping of '${m.parameter_value}'?`,
          needed: 'admin',
          danger: true,
          attrs: { 'data-action': 'remove-mapping', 'aria-label': `Remove the mapping of ${m.parameter_value}` },
          act: async () => {
            await api(`api/footprint-mappings/${m.id}/`, { method: 'DELETE' });
            replace(status, notice('ok', `Removed the mapping of '${m.parameter_value}'.`));
            await reload();
          },
        })))))));
  const reload = async () => show(await api(`api/footprint-mappings/?kicad_category=${kicad.pk}`));
  show(initial);

  const value = h('input', { id: 'mapping-value', type: 'text', spellcheck: 'false', autocomplete: 'off' });
  const footprint = kicadNameField({ kind: 'footprints', id: 'mapping-footprint', name: 'kicad_footprint' });
  const error = h('p', { id: 'mapping-error', class: 'field-error', hidden: true });
  const add = h('button', { type: 'submit', id: 'add-mapping' }, 'Add mapping');
  const admin = sharedGuard('admin');
  admin.guard(value);
  admin.guard(footprint.input);
  const form = h('form', { id: 'add-mapping-form', novalidate: true },
    h('div', { class: 'actions' },
      h('label', { for: 'mapping-value' }, 'Parameter value'), value,
      h('label', { for: 'mapping-footprint' }, 'KiCad footprint'), footprint.element,
      guard(add, 'admin')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormError(error);
    try {
      await api('api/footprint-mappings/', { method: 'POST',
        json: { kicad_category: kicad.pk, parameter_value: value.value.trim(), kicad_footprint: footprint.input.value.trim() } });
      replace(status, notice('ok', `Mapped '${value.value.trim()}' to ${footprint.input.value.trim()}.`));
      value.value = '';
      footprint.input.value = '';
      await footprint.check();
      await reload();
      value.focus();
    } catch (e) {
      showFormError(error, e, ['parameter_value', 'kicad_footprint']);
    }
  });
  replace(block,
    h('h3', {}, 'Footprint mappings'),
    h('p', { class: 'help' }, template
      ? `A part whose '${template}' parameter has one of these values gets the mapped footprint.`
      : 'This category names no footprint parameter template, so no mapping applies yet: set one above.'),
    admin.note, list, form, status);
  return block;
}

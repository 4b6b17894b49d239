// Named KiCad libraries (README "Several libraries from one server") on the Library page:
// the list (GET api/libraries/, the default library first) with each library's URL for a
// .kicad_httplib and the `kibridge httplib-config` line that writes one — no route serves the
// file, and the console's own token may be an admin token that must not end up in a file
// handed to KiCad, so the line asks for a read token; create one (POST, the server's field
// errors shown at the form); remove one after a confirmation (DELETE; while KiCad categories
// still belong to it the server answers 409 naming them, and that message is shown).
// A KiCad category is put into a library on its own page (page_library.js).
import { api } from './api.js';
import { h, replace, notice, showFormError, clearFormError } from './dom.js';
import { guard, sharedGuard } from './access.js';
import { confirmable } from './confirm.js';

// The URL a .kicad_httplib names as root_url: the library's path without the "v1/" KiCad
// appends, made absolute against the console's own address (so a reverse proxy's sub-path
// is kept).
export function rootUrl(library) {
  const relative = library.path.replace(/^\/+/, '').replace(/\/?v1\/?$/, '');
  return new URL(relative, document.baseURI).href;
}

function httplibCommand(library) {
  const server = new URL('.', document.baseURI).href.replace(/\/$/, '');
  return `kibridge httplib-config --url ${server} --token <read token>`
    + (library.default ? '' : ` --library ${library.name}`)
    + ` > ${library.default ? 'InvenTree' : library.name}.kicad_httplib`;
}

// The section; `libraries` as GET api/libraries/ lists them.
export function librariesBlock(libraries) {
  const section = h('section', { id: 'libraries', 'aria-labelledby': 'libraries-h' });
  const status = h('div', { id: 'libraries-status', 'aria-live': 'polite' });
  const list = h('div', { id: 'library-list' });

  const reload = async () => show((await api('api/libraries/')).libraries);
  const remove = (library) => confirmable({
    label: 'Remove',
    question: `Remove the library '${library.name}'? KiCad's HTTP library that points at it stops working.`,
    needed: 'admin',
    danger: true,
    attrs: { 'data-action': 'remove-library', 'data-library': library.name, 'aria-label': `Remove library ${library.name}` },
    act: async () => {
      try {
        await api(`api/libraries/${encodeURIComponent(library.name)}/`, { method: 'DELETE' });
        replace(status, notice('ok', `Removed the library '${library.name}'.`));
      } catch (error) {
        // 409: categories still belong to it; the server's message names them.
        replace(status, notice('error', `Not removed: ${error.message}`));
      }
      await reload();
    },
  });

  function show(all) {
    replace(list, h('table', {},
      h('caption', {}, 'KiCad libraries served'),
      h('thead', {}, h('tr', {}, ['Library', 'KiCad categories', 'URL for a .kicad_httplib', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, all.map((l) => h('tr', { 'data-library': l.name },
        h('td', {}, h('strong', {}, l.default ? 'default' : l.name),
          l.default ? h('span', { class: 'help' }, ' (every KiCad category in no named library; the InvenTree plugin\'s URL)') : null,
          l.description ? h('div', { class: 'help' }, l.description) : null),
        h('td', { class: 'number' }, String(l.kicad_categories)),
        h('td', { class: 'library-url' }, h('code', { class: 'root-url' }, rootUrl(l)),
          h('div', { class: 'help' }, h('code', { class: 'httplib-command' }, httplibCommand(l)))),
        h('td', { class: 'actions' }, l.default ? '' : remove(l)))))));
  }

  const admin = sharedGuard('admin');
  const name = h('input', { id: 'new-library-name', type: 'text', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'new-library-help' });
  const description = h('input', { id: 'new-library-description', type: 'text', autocomplete: 'off' });
  const error = h('p', { id: 'new-library-error', class: 'field-error', role: 'alert', hidden: true });
  admin.guard(name);
  admin.guard(description);
  const form = h('form', { id: 'create-library', novalidate: true },
    h('div', { class: 'actions' },
      h('label', { for: name.id }, 'New library'), name,
      h('label', { for: description.id }, 'Description'), description,
      guard(h('button', { type: 'submit', id: 'create-library-button' }, 'Create library'), 'admin')),
    h('p', { id: 'new-library-help', class: 'help' },
      'Served at libraries/<name>/v1/. Put a served category into it on that category\'s page (its KiCad link in the table below).'),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormError(error, name);
    try {
      const created = await api('api/libraries/', { method: 'POST',
        json: { name: name.value.trim(), description: description.value.trim() } });
      replace(status, notice('ok', `Created the library '${created.name}'. Add it in KiCad as an HTTP library `
        + 'and choose it on the pages of the categories it serves.'));
      name.value = '';
      description.value = '';
      await reload();
    } catch (e) {
      showFormError(error, e, ['name', 'description'], name);
    }
  });

  show(libraries);
  replace(section,
    h('h2', { id: 'libraries-h' }, 'Libraries'),
    h('p', { class: 'help' }, 'Each library is its own HTTP library in KiCad (Preferences → Manage Symbol Libraries, '
      + 'type HTTP), with a .kicad_httplib naming its URL and a read token.'),
    admin.note, list, form, status);
  return section;
}

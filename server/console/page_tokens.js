// Tokens (admin): the list (name, scope, created, last used), create one (shown once, with a
// copy button and, for a read token, a ready .kicad_httplib to download), revoke one after a
// confirmation. Routes: GET/POST api/tokens, DELETE api/tokens/<name> (README "HTTP API").
import { api } from './api.js';
import { h, replace, table, when, notice, uid, showFormError, clearFormError } from './dom.js';
import { guard, reasonFor } from './access.js';
import { confirmable } from './confirm.js';

export async function render(area, current, message = null) {
  const blocked = reasonFor('admin');
  if (blocked) {
    replace(area, notice('warning', `Tokens are shown to admin tokens only. ${blocked}`));
    return;
  }
  const data = await api('api/tokens');
  if (!current()) return;
  const created = h('div', { id: 'token-created', 'aria-live': 'polite' }, message);
  replace(area, createForm(area, current, created), created,
    h('h2', {}, 'Tokens'),
    data.tokens.length === 0 ? h('p', {}, 'No tokens.') :
      table(null, ['Name', 'Scope', 'Created', 'Last used', ''], data.tokens.map((t) => [
        t.name, t.scope, when(t.created), when(t.last_used), revoke(t, area, current)]), { id: 'token-list' }));
}

function createForm(area, current, created) {
  const name = h('input', { id: 'new-token-name', type: 'text', required: true, maxlength: 100, autocomplete: 'off' });
  const scope = h('select', { id: 'new-token-scope' }, ['read', 'import', 'admin'].map((s) => h('option', { value: s }, s)));
  const error = h('p', { id: 'new-token-error', class: 'field-error', hidden: true });
  const form = h('form', { id: 'create-token', class: 'card' },
    h('h2', {}, 'Create a token'),
    h('div', { class: 'actions' },
      h('label', { for: 'new-token-name' }, 'Name'), name,
      h('label', { for: 'new-token-scope' }, 'Scope'), scope,
      guard(h('button', { type: 'submit' }, 'Create'), 'admin')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormError(error, name);
    try {
      const token = await api('api/tokens', { method: 'POST', json: { name: name.value.trim(), scope: scope.value } });
      await render(area, current, shownOnce(token));
    } catch (e) {
      showFormError(error, e, ['name', 'scope'], name);
    }
  });
  return form;
}

// The new token, which the server never shows again.
function shownOnce(token) {
  const id = uid('token');
  const field = h('input', { id, type: 'text', readonly: true, value: token.token, class: 'secret', spellcheck: 'false' });
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(token.token);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Selected: press Ctrl+C';
    }
  });
  let download = null;
  if (token.scope === 'read') {
    const file = {
      meta: { version: 1.0 },
      name: 'InvenTree (kibridge)',
      description: 'InvenTree parts served by kibridge',
      source: {
        type: 'REST_API',
        api_version: 'v1',
        root_url: new URL('plugin/kicad-library-plugin', document.baseURI).href,
        token: token.token,
        timeout_parts_seconds: 60,
        timeout_categories_seconds: 600,
      },
    };
    const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
    download = h('a', { href: URL.createObjectURL(blob), download: 'InvenTree.kicad_httplib', id: 'download-httplib' },
      'Download InvenTree.kicad_httplib');
  }
  return h('div', { class: 'card' },
    notice('ok', `Token '${token.name}' (${token.scope}) created. It is shown only this once.`),
    h('label', { for: id }, `Token ${token.name}`), ' ', field, ' ', copy,
    download ? h('p', {}, download, ' — add it in KiCad under Preferences → Manage Symbol Libraries, type HTTP.') : null);
}

function revoke(token, area, current) {
  return confirmable({
    label: 'Revoke',
    question: `Revoke '${token.name}'? Clients using it stop working.`,
    needed: 'admin',
    danger: true,
    attrs: { 'data-action': 'revoke', 'data-token': token.name, 'aria-label': `Revoke ${token.name}` },
    act: async () => {
      await api(`api/tokens/${encodeURIComponent(token.name)}`, { method: 'DELETE' });
      await render(area, current, notice('ok', `Token '${token.name}' revoked.`));
    },
  });
}

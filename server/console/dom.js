// Building the page without innerHTML: every value from the server becomes a text node, so a
// part name or an error message can never turn into markup (and the CSP forbids inline script
// anyway).

// h('tag', {attributes, onevent: handler}, ...children). A child that is a string or number
// becomes text; null, undefined and false are skipped; arrays are flattened.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

// Replaces everything inside `el`.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let nextId = 0;
// A document-unique id for label/aria wiring.
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

// A table from column headings and rows of cells.
export function table(caption, headings, rows, attrs = {}) {
  return h('table', attrs,
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

// A definition list from [term, value] pairs.
export function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

// A UTC timestamp from the server as the browser's local time, or a dash.
export function when(text) {
  if (!text) return '—';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toLocaleString();
}

// A message box: kind is 'error', 'warning' or 'ok'.
export function notice(kind, ...children) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
}

// A refused form submission: the server's messages for `fields` (its validation errors,
// {"<field>": [...]}) or else its detail, in `box` (a hidden .field-error paragraph with an
// id); `input`, when given, is marked invalid, described by `box` and focused.
export function showFormError(box, error, fields, input = null) {
  const messages = fields.flatMap((field) => (error.fieldErrors ? error.fieldErrors(field) : []));
  box.textContent = messages.length ? messages.join(' ') : error.message;
  box.hidden = false;
  if (!input) return;
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!described.includes(box.id)) input.setAttribute('aria-describedby', [box.id, ...described].join(' '));
  input.focus();
}

// Undoes showFormError before the form is sent again.
export function clearFormError(box, input = null) {
  box.hidden = true;
  box.textContent = '';
  if (input) input.removeAttribute('aria-invalid');
}

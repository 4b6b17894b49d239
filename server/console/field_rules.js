// Field rules (README "Library fields", server/kicad/field_rules.h): which InvenTree
// parameters become KiCad fields, under which name, shown or hidden. One block edits one rule
// list — a KiCad category's `field_rules` (Library page) or the global KICAD_FIELD_RULES
// (Settings page) — as a table read top to bottom, as the server reads it: the first rule that
// matches a parameter decides. Adding (at a chosen place, since order decides) or removing a
// rule sends the whole new list through the owner's `save`, so the server validates it as one
// and stores nothing when it refuses; its message ("rule 2: a pattern cannot rename ...") is
// shown at the form. The console keeps no rule semantics of its own: what a rule does is the
// server's text, and a refused rule is the server's call.
import { h, replace, notice, showFormError, clearFormError } from './dom.js';
import { guard, sharedGuard } from './access.js';
import { confirmable } from './confirm.js';

// What one rule does, in words.
export function describeRule(rule) {
  if (rule.exclude) return 'not served as a field';
  const parts = [];
  parts.push(rule.field ? `served as field '${rule.field}'` : 'served under its own name');
  if (rule.visible === true) parts.push('shown');
  else if (rule.visible === false) parts.push('hidden');
  else parts.push('visibility from the visibility lists');
  return parts.join(', ');
}

// A rule list as the API gives it: an array, or (a setting's value) its JSON text, "" for none.
export function ruleList(value) {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

// id: the prefix of the block's element ids; rules: the current list; field: the name the
// server gives its validation errors under ("field_rules", "KICAD_FIELD_RULES"); save(rules):
// async, stores the whole list and resolves to the list as stored (an ApiError it throws is
// shown); intro: a sentence on where this list stands among the others.
export function fieldRulesBlock({ id, rules: initial, field, save, intro }) {
  let rules = initial;
  const admin = sharedGuard('admin');
  const status = h('div', { id: `${id}-status`, 'aria-live': 'polite' });
  const list = h('div', { id: `${id}-list` });

  const store = async (next, done) => {
    rules = await save(next);
    show();
    replace(status, notice('ok', `${done} KiCad gets the change with its next request.`));
  };

  const match = h('input', { id: `${id}-match`, type: 'text', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `${id}-match-help` });
  const action = h('select', { id: `${id}-action` },
    h('option', { value: 'serve' }, 'serve as a field'),
    h('option', { value: 'exclude' }, 'exclude (no field)'));
  const name = h('input', { id: `${id}-field`, type: 'text', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `${id}-field-help` });
  const visible = h('select', { id: `${id}-visible` },
    h('option', { value: '' }, 'as the visibility lists say'),
    h('option', { value: 'true' }, 'shown'),
    h('option', { value: 'false' }, 'hidden'));
  const position = h('select', { id: `${id}-position` });
  const error = h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true });
  const add = h('button', { type: 'submit', id: `${id}-add` }, 'Add rule');
  for (const control of [match, action, name, visible, position]) admin.guard(control);
  // An excluding rule takes no field name or visibility (the server would refuse them).
  const follow = () => {
    const excluding = action.value === 'exclude';
    name.disabled = excluding || match.disabled;
    visible.disabled = excluding || match.disabled;
  };
  action.addEventListener('change', follow);

  function show() {
    replace(position,
      h('option', { value: String(rules.length) }, rules.length ? 'last' : 'first'),
      rules.map((rule, i) => h('option', { value: String(i) }, `before rule ${i + 1} (${rule.match})`)));
    replace(list, rules.length === 0 ? h('p', {}, 'No rules: every parameter is served as before.') :
      h('table', {},
        h('thead', {}, h('tr', {}, ['#', 'Parameters matching', 'Effect', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rules.map((rule, i) => h('tr', { 'data-rule': i + 1 },
          h('td', { class: 'number' }, String(i + 1)),
          h('td', {}, rule.match),
          h('td', {}, describeRule(rule)),
          h('td', { class: 'actions' }, confirmable({
            label: 'Remove',
            question: `Remove rule ${i + 1} ('${rule.match}')?`,
            needed: 'admin',
            danger: true,
            attrs: { 'data-action': 'remove-rule', 'aria-label': `Remove rule ${i + 1} (${rule.match})` },
            act: () => store(rules.filter((_, j) => j !== i), `Removed rule ${i + 1} ('${rule.match}').`),
          })))))));
  }

  const form = h('form', { id: `${id}-form`, novalidate: true },
    h('div', { class: 'actions' },
      h('label', { for: match.id }, 'Parameters matching'), match,
      h('label', { for: action.id }, 'Action'), action),
    h('p', { id: `${id}-match-help`, class: 'help' },
      'A parameter template name, or a pattern where * is any run of characters (letter case ignored).'),
    h('div', { class: 'actions' },
      h('label', { for: name.id }, 'Field name'), name,
      h('label', { for: visible.id }, 'Visibility'), visible),
    h('p', { id: `${id}-field-help`, class: 'help' },
      'The field\'s name in KiCad; empty keeps the parameter\'s name. A pattern cannot rename.'),
    h('div', { class: 'actions' },
      h('label', { for: position.id }, 'Place'), position,
      guard(add, 'admin')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormError(error, match);
    const rule = { match: match.value.trim() };
    if (action.value === 'exclude') {
      rule.exclude = true;
    } else {
      if (name.value.trim()) rule.field = name.value.trim();
      if (visible.value) rule.visible = visible.value === 'true';
    }
    const at = Number(position.value);
    const next = [...rules.slice(0, at), rule, ...rules.slice(at)];
    try {
      await store(next, `Added rule ${at + 1} ('${rule.match}').`);
      match.value = '';
      name.value = '';
      visible.value = '';
      match.focus();
    } catch (e) {
      replace(status);
      showFormError(error, e, [field], match);
    }
  });
  show();
  follow();
  return h('div', { id, class: 'field-rules' },
    h('p', { class: 'help' }, intro, ' The first rule that matches a parameter decides; a parameter no rule '
      + 'matches is served as before. End the list with * excluded to serve only what it names.'),
    admin.note, list, form, status);
}

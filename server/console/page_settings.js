// Settings: every setting with an input fitting its type (a checkbox for bool, a list for
// choice, text otherwise), its default and one-line description; Save sends one
// PATCH api/settings/ with what changed (all-or-nothing) and shows each validation error at
// its field; Reset (DELETE api/settings/KEY/) returns one setting to its default. The global
// field rules (KICAD_FIELD_RULES) get field_rules.js's editor instead of their JSON text, in a
// section after the form, stored with each added or removed rule (a PATCH of that key alone).
import { api } from './api.js';
import { h, replace, notice } from './dom.js';
import { guard, can, reasonFor } from './access.js';
import { fieldRulesBlock, ruleList } from './field_rules.js';

const FIELD_RULES = 'KICAD_FIELD_RULES';

export async function render(area, current, message = null) {
  const data = await api('api/settings/');
  if (!current()) return;
  const fields = new Map();
  const status = h('div', { id: 'settings-status', 'aria-live': 'polite' }, message);
  const form = h('form', { id: 'settings-form', class: 'settings', novalidate: true });
  let rules = null;
  for (const setting of data.settings) {
    if (setting.key === FIELD_RULES) {
      rules = rulesSection(setting);
      continue;
    }
    const row = field(setting);
    fields.set(setting.key, row);
    form.appendChild(row.element);
  }
  const save = h('button', { type: 'submit', id: 'save-settings' }, 'Save');
  form.appendChild(h('div', { class: 'actions sticky' }, guard(save, 'admin'), status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const patch = {};
    for (const [key, row] of fields) {
      row.clearError();
      if (row.value() !== row.setting.value) patch[key] = row.value();
    }
    if (Object.keys(patch).length === 0) {
      replace(status, notice('ok', 'Nothing changed.'));
      return;
    }
    try {
      await api('api/settings/', { method: 'PATCH', json: patch });
      await render(area, current, notice('ok', `Saved ${Object.keys(patch).join(', ')}.`));
    } catch (error) {
      let shown = 0;
      for (const [key, row] of fields) {
        const messages = error.fieldErrors ? error.fieldErrors(key) : [];
        if (messages.length) {
          row.showError(messages.join(' '));
          shown += 1;
        }
      }
      replace(status, notice('error', shown ? `Nothing was saved: ${shown} setting(s) need a fix.` : error.message));
      const first = [...fields.values()].find((row) => row.hasError());
      if (first) first.focus();
    }
  });
  form.addEventListener('settings-changed', (event) => render(area, current, notice('ok', event.detail)));
  replace(area, h('p', { class: 'help' }, 'Changes apply to KiCad at once; KiCad reads the category list once per session.'), form, rules);
}

function field(setting) {
  const id = `setting-${setting.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  let input;
  if (setting.type === 'bool') {
    input = h('input', { id, name: setting.key, type: 'checkbox', checked: setting.value === 'true' });
  } else if (setting.type === 'choice') {
    input = h('select', { id, name: setting.key },
      (setting.choices || []).map((choice) => h('option', { value: choice, selected: choice === setting.value }, choice)));
  } else {
    input = h('input', { id, name: setting.key, type: setting.type === 'url' ? 'url' : 'text', value: setting.value,
      spellcheck: 'false' });
  }
  input.setAttribute('aria-describedby', helpId);
  const blocked = reasonFor('admin');
  if (blocked) {
    input.disabled = true;
    input.title = blocked;
  }
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const reset = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Reset ${setting.key} to its default` }, 'Reset');
  reset.disabled = !can('admin');
  if (blocked) reset.title = blocked;
  reset.addEventListener('click', async () => {
    await api(`api/settings/${setting.key}/`, { method: 'DELETE' });
    element.dispatchEvent(new CustomEvent('settings-changed', { bubbles: true, detail: `Reset ${setting.key}.` }));
  });
  const element = h('div', { class: `setting type-${setting.type}`, 'data-key': setting.key },
    h('label', { for: id }, setting.key),
    input,
    h('p', { id: helpId, class: 'help' }, setting.description,
      ` — default: ${setting.default === '' ? '(empty)' : setting.default}`, setting.is_set ? '' : ' (not set)'),
    error,
    setting.is_set ? reset : null);
  return {
    setting,
    element,
    value: () => (setting.type === 'bool' ? String(input.checked) : input.value),
    focus: () => input.focus(),
    hasError: () => !error.hidden,
    clearError() {
      error.hidden = true;
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', helpId);
    },
    showError(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${errorId} ${helpId}`);
    },
  };
}

// KICAD_FIELD_RULES as a rule list, in a section of its own after the form (a form cannot hold
// the editor's form): each added or removed rule is stored at once, not by Save.
function rulesSection(setting) {
  return h('section', { id: 'global-field-rules', 'data-key': setting.key, 'aria-labelledby': 'global-field-rules-h' },
    h('h2', { id: 'global-field-rules-h' }, `Field rules of every KiCad category (${setting.key})`),
    fieldRulesBlock({
      id: 'global-rules',
      rules: ruleList(setting.value),
      field: FIELD_RULES,
      intro: 'Tried after the rules of the part\'s KiCad category (Library page, a served category).',
      save: async (rules) => {
        const saved = await api('api/settings/', { method: 'PATCH', json: { [FIELD_RULES]: rules } });
        return ruleList(saved.settings.find((one) => one.key === FIELD_RULES).value);
      },
    }));
}

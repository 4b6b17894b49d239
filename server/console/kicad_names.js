// A text field for a KiCad symbol or footprint name ("Library:Name") that completes from the
// KiCad libraries installed on the server's machine (GET api/kicad/{symbols,footprints}?search=)
// and warns beside a name that is not among them (GET .../check?name=; nothing is said when
// the server found no library of that kind to check against: {"exists": null}).
//
// The completion is an ARIA 1.2 combobox (an input with a listbox popup) rather than a
// <datalist>: its suggestions are reachable with the arrow keys, picked with Enter or a click,
// announced by screen readers through aria-activedescendant, and the same in every browser.
import { api } from './api.js';
import { h, replace, uid } from './dom.js';

const SUGGESTIONS = 20;  // a screenful; the search is ranked, best first
const TYPING_MS = 150;   // wait for a pause in typing before asking the server

// kind: 'symbols' or 'footprints'; id, name, value: the input's; label: its visible label text
// (the caller places the label). Returns {input, element (input, popup and warning), check()}.
export function kicadNameField({ kind, id, name, value = '' }) {
  const listId = `${id}-options`;
  const warnId = `${id}-warning`;
  const input = h('input', {
    id, name, type: 'text', value, spellcheck: 'false', autocomplete: 'off',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    'aria-describedby': warnId, placeholder: kind === 'symbols' ? 'Library:Symbol' : 'Library:Footprint',
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': `Installed ${kind}` });
  const warning = h('span', { id: warnId, class: 'name-warning', 'aria-live': 'polite' });
  let options = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const pick = (text) => {
    input.value = text;
    close();
    input.dispatchEvent(new Event('input', { bubbles: true }));  // the form sees the edit
    clearTimeout(timer);
    check();
  };

  async function suggest() {
    const ticket = ++asked;
    const text = input.value.trim();
    let data;
    try {
      data = await api(`api/kicad/${kind}?search=${encodeURIComponent(text)}&limit=${SUGGESTIONS}`);
    } catch {
      return;  // no completion is no loss: the field still takes any name
    }
    if (ticket !== asked || document.activeElement !== input) return;
    options = data.results.map((result) => {
      const option = h('li', { id: uid(`${id}-option`), role: 'option', 'aria-selected': 'false' }, result);
      option.addEventListener('mousedown', (event) => event.preventDefault());  // keep the focus
      option.addEventListener('click', () => pick(result));
      return option;
    });
    replace(list, options);
    const open = options.length > 0 && !(options.length === 1 && data.results[0] === text);
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    highlight(-1);
  }

  // Shows the warning for the current value; resolves once it is shown.
  async function check() {
    const text = input.value.trim();
    if (!text) return replace(warning);
    try {
      const data = await api(`api/kicad/${kind}/check?name=${encodeURIComponent(text)}`);
      if (input.value.trim() !== text) return undefined;
      warning.dataset.checked = text;  // which name the warning (or its absence) is about
      return replace(warning, data.exists === false
        ? `Not in the installed KiCad ${kind === 'symbols' ? 'symbol' : 'footprint'} libraries.` : '');
    } catch {
      return replace(warning);
    }
  }

  input.addEventListener('input', (event) => {
    if (!event.isTrusted) return;
    clearTimeout(timer);
    replace(warning);
    timer = setTimeout(suggest, TYPING_MS);
  });
  input.addEventListener('blur', () => {
    clearTimeout(timer);
    asked += 1;  // an answer still under way no longer opens the popup
    close();
    check();
  });
  input.addEventListener('keydown', (event) => {
    const openList = !list.hidden && options.length > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!openList) {
        suggest();
      } else {
        // -1 (the typed text) and each suggestion in turn, round.
        let next = active + (event.key === 'ArrowDown' ? 1 : -1);
        if (next >= options.length) next = -1;
        if (next < -1) next = options.length - 1;
        highlight(next);
      }
      event.preventDefault();
    } else if (event.key === 'Enter' && openList && active >= 0) {
      event.preventDefault();  // picks; does not submit the form
      pick(options[active].textContent);
    } else if (event.key === 'Escape' && openList) {
      event.preventDefault();
      close();
    }
  });

  if (value) check();
  return { input, check, element: h('span', { class: 'combobox' }, input, list, warning) };
}

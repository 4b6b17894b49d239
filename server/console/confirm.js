// Asking first: an action that cannot be undone (dropping or overwriting a queued change,
// revoking a token, no longer serving a category to KiCad) puts its question with "Confirm …"
// and "Cancel" in the control's place, and only the confirmation acts.
import { h, replace, notice, uid } from './dom.js';
import { guard } from './access.js';

// Puts `question` with "Confirm <verb>" and "Cancel" into `box` and focuses the confirmation.
// act: async, runs on confirmation (an ApiError it throws is shown in the box);
// cancel: restores the box (and the focus). hook: the confirmation's data-confirm value.
export function ask(box, { question, verb, act, cancel, hook = verb, danger = false }) {
  const id = uid('ask');
  const kind = danger ? 'danger' : '';
  const yes = h('button', { type: 'button', class: kind, 'data-confirm': hook, 'aria-describedby': id }, `Confirm ${verb}`);
  const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await act();
    } catch (error) {
      replace(box, notice('error', error.message));
    }
  });
  no.addEventListener('click', cancel);
  replace(box, h('span', { id, role: 'alert' }, question), ' ', yes, ' ', no);
  yes.focus();
}

// A button that asks first. label: the button's text; question: what the confirmation asks;
// needed: the scope it needs; act: as for ask(); attrs: extra attributes of the button (data-*
// hooks, aria-label); danger: red buttons.
export function confirmable({ label, question, needed, act, attrs = {}, danger = false }) {
  const box = h('span', { class: 'confirmable' });
  const button = h('button', { type: 'button', class: danger ? 'danger' : '', ...attrs }, label);
  const reset = () => replace(box, guard(button, needed));
  const verb = label.toLowerCase();
  button.addEventListener('click', () => ask(box, {
    question, verb, act, danger, hook: attrs['data-action'] || verb,
    cancel: () => { reset(); button.focus(); },
  }));
  reset();
  return box;
}

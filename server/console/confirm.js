// A button that asks first: clicking it puts the question with "Confirm …" and "Cancel" in its
// place, and only the confirmation acts. Used for every action that cannot be undone (dropping
// or overwriting a queued change, revoking a token).
import { h, replace, notice, uid } from './dom.js';
import { guard } from './access.js';

// label: the button's text; question: what the confirmation asks; needed: the scope it needs;
// act: async, runs on confirmation (an ApiError it throws is shown in the button's place);
// attrs: extra attributes of the button (data-* hooks, aria-label); danger: red buttons.
export function confirmable({ label, question, needed, act, attrs = {}, danger = false }) {
  const box = h('span', { class: 'confirmable' });
  const kind = danger ? 'danger' : '';
  const button = h('button', { type: 'button', class: kind, ...attrs }, label);
  const reset = () => replace(box, guard(button, needed));
  button.addEventListener('click', () => {
    const id = uid('ask');
    const verb = label.toLowerCase();
    const yes = h('button', { type: 'button', class: kind, 'data-confirm': attrs['data-action'] || verb, 'aria-describedby': id },
      `Confirm ${verb}`);
    const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await act();
      } catch (error) {
        replace(box, notice('error', error.message));
      }
    });
    no.addEventListener('click', () => { reset(); button.focus(); });
    replace(box, h('span', { id, role: 'alert' }, question), ' ', yes, ' ', no);
    yes.focus();
  });
  reset();
  return box;
}

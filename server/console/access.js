// What the signed-in token may do, learned from GET api/whoami. Scopes as in
// server/auth/token_auth.h: `read` every GET, `import` also netlist uploads, `admin` everything.
// A control the token may not use stays visible but disabled, with the reason next to it
// (aria-describedby) and as its tooltip.
import { h, uid } from './dom.js';

const RANK = { read: 0, import: 1, admin: 2 };

let principal = null;  // {name, scope}

export function setPrincipal(value) { principal = value; }
export function currentPrincipal() { return principal; }

// Whether the token's scope reaches `needed` ('read', 'import' or 'admin').
export function can(needed) {
  return principal !== null && RANK[principal.scope] >= RANK[needed];
}

// `control` (a button or input), disabled when the token's scope is below `needed` (that is the
// reason given) or else when `blocked` is a non-empty reason of the server's, e.g. no InvenTree
// to pull from. Returns the control followed by its reason text.
export function guard(control, needed, blocked = '') {
  const reason = reasonFor(needed) || blocked;
  if (!reason) return control;
  const id = uid('why');
  control.disabled = true;
  control.title = reason;
  control.setAttribute('aria-describedby', id);
  return h('span', { class: 'guarded' }, control, h('span', { id, class: 'reason' }, reason));
}

// Why the token may not do what needs `needed`; '' when it may.
export function reasonFor(needed) {
  if (can(needed)) return '';
  const who = principal ? `token '${principal.name}' has scope '${principal.scope}'` : 'not signed in';
  return `Needs an ${needed} token (${who}).`;
}

// One reason for many controls (a checkbox per table row): `note` is the reason's element
// (null when the token may) to show once, and guard(control) disables a control pointing to it.
export function sharedGuard(needed) {
  const reason = reasonFor(needed);
  if (!reason) return { note: null, guard: (control) => control };
  const id = uid('why');
  return {
    note: h('p', { id, class: 'reason' }, reason),
    guard(control) {
      control.disabled = true;
      control.title = reason;
      control.setAttribute('aria-describedby', id);
      return control;
    },
  };
}

// The console's shell: sign-in with a pasted token, the page navigation (location.hash, so
// every page is a plain link reachable with Tab and Enter and the server serves one page), and
// sign-out. Each page is a module exporting render(main) (async).
import { api, session, setUnauthorizedHandler } from './api.js';
import { h, replace, notice } from './dom.js';
import { setPrincipal, currentPrincipal } from './access.js';
import * as overview from './page_overview.js';
import * as library from './page_library.js';
import * as parts from './page_parts.js';
import * as imports from './page_imports.js';
import * as outbox from './page_outbox.js';
import * as settings from './page_settings.js';
import * as tokens from './page_tokens.js';

const PAGES = {
  overview: { title: 'Overview', module: overview },
  library: { title: 'Library', module: library },
  parts: { title: 'Parts', module: parts },
  imports: { title: 'Imports', module: imports },
  outbox: { title: 'Write-back queue', module: outbox },
  settings: { title: 'Settings', module: settings },
  tokens: { title: 'Tokens', module: tokens },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const sessionBox = document.getElementById('session');

function pageName() {
  const name = location.hash.replace(/^#/, '').split('/')[0];
  return PAGES[name] ? name : 'overview';
}

function showSignIn(message) {
  setPrincipal(null);
  nav.hidden = true;
  replace(sessionBox);
  document.title = 'Sign in · kibridge';
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help' });
  const form = h('form', { id: 'sign-in', class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    message ? notice('error', message) : null,
    h('label', { for: 'token' }, 'kibridge token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'Paste a token from `kibridge token create NAME --scope read|import|admin`. It is kept in this ',
      'browser tab only (sessionStorage) and sent with each request; closing the tab forgets it.'),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    try {
      const who = await api('api/whoami', { token });
      session.save(token);
      signedIn(who);
    } catch (error) {
      showSignIn(error.status === 401 ? 'That token is not valid here.' : error.message);
    }
  });
  replace(main, form);
  input.focus();
}

function signedIn(who) {
  setPrincipal(who);
  nav.hidden = false;
  const signOut = h('button', { type: 'button', id: 'sign-out', class: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => {
    session.clear();
    showSignIn();
  });
  replace(sessionBox, h('span', { id: 'whoami' }, `${who.name} · ${who.scope}`), ' ', signOut);
  render();
}

let rendering = 0;
async function render() {
  if (!currentPrincipal()) return;
  const name = pageName();
  const page = PAGES[name];
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${page.title} · kibridge`;
  const ticket = ++rendering;
  const area = h('div', { class: 'page', id: `page-${name}` });
  replace(main, h('h1', {}, page.title), area);
  try {
    await page.module.render(area, () => ticket === rendering);
  } catch (error) {
    if (ticket === rendering && error.status !== 401) area.appendChild(notice('error', error.message));
  }
}

setUnauthorizedHandler(() => {
  session.clear();
  showSignIn('The server no longer accepts this token; sign in again.');
});

window.addEventListener('hashchange', () => {
  render();
  main.focus();
});

async function start() {
  const token = session.token();
  if (!token) return showSignIn();
  try {
    signedIn(await api('api/whoami'));
  } catch (error) {
    if (error.status !== 401) showSignIn(error.message);
  }
}

start();

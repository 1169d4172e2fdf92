// The operator desk: login, available/paused, and the screen pop from the /desk namespace.
import { DESK_STRINGS } from '/desk-i18n.js';

const $ = (id) => document.getElementById(id);
let locale = localStorage.getItem('desk-locale') || (navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
// The session lives in the HttpOnly cookie only: no script (nor an injected one) can read it.
let loggedIn = false;
let socket;
let lastPop;
let lastState = 'offline';
let pbxUp = false;

const t = (key) => DESK_STRINGS[locale][key] ?? key;

function render() {
  document.documentElement.lang = locale;
  document.querySelectorAll('[data-i18n]').forEach((element) => { element.textContent = t(element.dataset.i18n); });
  $('pbx-state').textContent = pbxUp ? t('pbxUp') : t('pbxDown');
  $('agent-state').textContent = t(lastState);
  $('agent-state').dataset.state = lastState;
  if (lastPop) renderPop(lastPop);
}

function renderPop(pop) {
  $('idle').hidden = true;
  $('screen-pop').hidden = false;
  $('pop-caller').textContent = pop.caller;
  $('pop-lang').textContent = pop.lang === 'en' ? t('langEn') : t('langZh');
  $('pop-lang').dataset.lang = pop.lang;
  $('pop-queue').textContent = pop.queue;
  $('pop-waited').textContent = `${pop.waitedSeconds} ${t('seconds')}`;
  $('pop-case-number').textContent = pop.case ? pop.case.number : t('noDraft');
  $('pop-case-status').textContent = !pop.case ? '' : pop.case.status === 'draft' ? t('statusDraft') : pop.case.status;
  const list = $('pop-history');
  list.replaceChildren(...(pop.history.length === 0
    ? [Object.assign(document.createElement('li'), { textContent: t('noHistory') })]
    : pop.history.map((c) => Object.assign(document.createElement('li'), { textContent: `${c.number} · ${c.status} · ${c.createdAt.slice(0, 10)}` }))));
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw Object.assign(new Error(payload.message || response.statusText), { status: response.status });
  return payload;
}

function connect() {
  $('login-form').hidden = true;
  $('desk').hidden = false;
  $('logout').hidden = false;
  socket = io('/desk');
  socket.on('pbx-status', (status) => { pbxUp = status.ami.state === 'connected' && status.ari.state === 'connected'; render(); });
  socket.on('agent-state', (presence) => { lastState = presence.state; render(); });
  socket.on('screen-pop', (pop) => { lastPop = pop; renderPop(pop); });
  socket.on('connect_error', (error) => { if (/unauthorized/.test(error.message)) showLogin(); });
  socket.on('session-ended', () => showLogin());
}

function logout() {
  if (loggedIn) api('/api/auth/logout', {}).catch(() => {});
  showLogin();
}

function showLogin() {
  socket?.close();
  loggedIn = false;
  $('login-form').hidden = false;
  $('desk').hidden = true;
  $('logout').hidden = true;
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api('/api/auth/login', { username: form.get('username'), password: form.get('password') });
    loggedIn = true;
    $('login-error').hidden = true;
    connect();
  } catch {
    $('login-error').textContent = t('loginFailed');
    $('login-error').hidden = false;
  }
});

for (const state of ['available', 'paused']) {
  $(`go-${state}`).addEventListener('click', async () => {
    try {
      const presence = await api('/api/agent/state', state === 'paused' ? { state, reason: 'break' } : { state });
      lastState = presence.state;
      $('state-error').hidden = true;
      render();
    } catch (error) {
      $('state-error').textContent = `${t('stateChangeFailed')}: ${error.message}`;
      $('state-error').hidden = false;
    }
  });
}

$('logout').addEventListener('click', logout);
$('switch-language').addEventListener('click', () => {
  locale = locale === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('desk-locale', locale);
  render();
});

render();
// A session cookie from an earlier visit logs the desk straight in.
api('/api/me').then(() => { loggedIn = true; connect(); }, () => {});

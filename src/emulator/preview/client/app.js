// The preview page: fetches the rendered state, draws one element per message (newest first), redraws a message
// in place when it changes, and stays live on the emulator's Server-Sent Events, polling when they fail.
import './config.js';
import { createMessageElement, element, updateMessageElement } from './render.js';

// The components the page draws (index.html, render.js), not the package's 49: 108 requests per load instead of 175.
const COMPONENTS = (
  'messages message header bold italic underlined spoiler quote subscript code link mention time ' +
  'embed embed-description embed-fields embed-field embed-footer'
).split(' ');
const moduleOf = (name) => {
  const className = `Discord${name.replace(/(?:^|-)([a-z])/g, (_, letter) => letter.toUpperCase())}`;
  return `@skyra/discord-components-core/dist/components/discord-${name}/${className}.js`;
};
await Promise.all(COMPONENTS.map((name) => import(moduleOf(name))));

const STATE_URL = '/_preview/api/state';
const EVENTS_URL = '/_emulator/events';
const POLL_INTERVAL_MS = 2000;

const list = document.getElementById('preview-messages');
const tabs = document.getElementById('preview-tabs');
const empty = document.getElementById('preview-empty');
const status = document.getElementById('preview-status');

/** Message id -> its article element. */
const elements = new Map();
let state = { webhooks: [], messages: [] };

/** The webhook whose tab is selected (kept in the URL as `#webhook=<id>`), or 'all'. */
function selectedWebhook() {
  const match = /^#webhook=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : 'all';
}

/** A tab button (name, id, message count) and a link to its messages as JSON. */
function tab(id, label, detail, count) {
  const selected = String(selectedWebhook() === id);
  const attributes = {
    type: 'button',
    class: 'preview-tab',
    'data-webhook-id': id,
    role: 'tab',
    'aria-selected': selected,
  };
  const button = element('button', attributes, [
    element('span', { class: 'preview-tab-name' }, [label]),
    ...(detail ? [' ', element('code', {}, [detail])] : []),
    ' ',
    element('span', { class: 'preview-tab-count' }, [String(count)]),
  ]);
  button.addEventListener('click', () => {
    location.hash = id === 'all' ? '' : `webhook=${encodeURIComponent(id)}`;
    draw();
  });
  const json = id === 'all' ? '/_emulator/messages' : `/_emulator/messages?webhookId=${encodeURIComponent(id)}`;
  return element('span', { class: 'preview-tab-group' }, [
    button,
    element('a', { class: 'preview-tab-json', href: json }, ['JSON']),
  ]);
}

function draw() {
  const { webhooks, messages } = state;
  tabs.replaceChildren(
    tab('all', 'All webhooks', null, messages.length),
    ...webhooks.map((w) => tab(w.id, w.deleted ? `${w.name} (deleted)` : w.name, w.id, w.messageCount)),
  );
  const filter = selectedWebhook();
  const seen = new Set();
  messages.forEach((message, index) => {
    seen.add(message.id);
    let article = elements.get(message.id);
    if (!article) elements.set(message.id, (article = createMessageElement(message)));
    else if (article.dataset.version !== message.version) updateMessageElement(article, message);
    article.hidden = filter !== 'all' && message.webhookId !== filter;
    if (list.children[index] !== article) list.insertBefore(article, list.children[index] ?? null);
  });
  // Messages the emulator forgot (DELETE /_emulator/requests clears them) leave the page too.
  for (const [id, article] of elements) {
    if (!seen.has(id)) {
      article.remove();
      elements.delete(id);
    }
  }
  empty.hidden = messages.some((message) => filter === 'all' || message.webhookId === filter);
}

async function refresh() {
  const response = await fetch(STATE_URL, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${STATE_URL} answered ${response.status}`);
  state = await response.json();
  draw();
  document.body.dataset.ready = 'true';
}

// One refresh at a time; events that arrive meanwhile cause exactly one more, so the page never shows stale data.
let refreshing = false;
let again = false;
async function scheduleRefresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  do {
    again = false;
    await refresh().catch((error) => setStatus('offline', `offline: ${error.message}`));
  } while (again);
  refreshing = false;
}

function setStatus(transport, text) {
  status.dataset.transport = transport;
  status.textContent = text;
}

let pollTimer = null;
function startPolling() {
  pollTimer ??= setInterval(scheduleRefresh, POLL_INTERVAL_MS);
  setStatus('polling', `polling every ${POLL_INTERVAL_MS / 1000} s`);
}

function connect() {
  if (typeof EventSource !== 'function') return startPolling();
  const source = new EventSource(EVENTS_URL);
  source.addEventListener('open', () => {
    clearInterval(pollTimer);
    pollTimer = null;
    setStatus('live', 'live');
    // Catch up on anything sent between the first fetch and the stream opening.
    scheduleRefresh();
  });
  for (const type of ['message-created', 'message-updated', 'message-deleted']) {
    source.addEventListener(type, scheduleRefresh);
  }
  // EventSource retries by itself; poll until it is back (or for good, once it gives up).
  source.addEventListener('error', startPolling);
}

window.addEventListener('hashchange', draw);
scheduleRefresh();
connect();
console.info('Discord webhook emulator preview: state from', STATE_URL, 'live events from', EVENTS_URL);

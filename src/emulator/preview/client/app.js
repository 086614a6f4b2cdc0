/* global document, window, EventSource, setInterval, clearInterval, location */
// The preview page: fetches the rendered state, draws one element per message (newest first), redraws a message
// in place when it changes, and stays live on the emulator's Server-Sent Events, polling when they fail.
import './config.js';
import '@skyra/discord-components-core';
import { createMessageElement, updateMessageElement } from './render.js';

const STATE_URL = '/_preview/api/state';
const EVENTS_URL = '/_emulator/events';
const POLL_INTERVAL_MS = 2000;
const EVENT_TYPES = ['message-created', 'message-updated', 'message-deleted'];

const list = document.getElementById('preview-messages');
const tabs = document.getElementById('preview-tabs');
const empty = document.getElementById('preview-empty');
const status = document.getElementById('preview-status');

/** Message id -> its article element. */
const elements = new Map();
let webhooks = [];
let messages = [];

function selectedWebhook() {
  const match = /^#webhook=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : 'all';
}

function tab(id, label, detail, count) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'preview-tab';
  button.dataset.webhookId = id;
  button.setAttribute('role', 'tab');
  button.setAttribute('aria-selected', String(selectedWebhook() === id));
  const name = document.createElement('span');
  name.className = 'preview-tab-name';
  name.textContent = label;
  const counter = document.createElement('span');
  counter.className = 'preview-tab-count';
  counter.textContent = String(count);
  button.append(name);
  if (detail) {
    const code = document.createElement('code');
    code.textContent = detail;
    button.append(' ', code);
  }
  button.append(' ', counter);
  button.addEventListener('click', () => {
    location.hash = id === 'all' ? '' : `webhook=${encodeURIComponent(id)}`;
    draw();
  });
  const json = document.createElement('a');
  json.className = 'preview-tab-json';
  json.href = id === 'all' ? '/_emulator/messages' : `/_emulator/messages?webhookId=${encodeURIComponent(id)}`;
  json.textContent = 'JSON';
  const group = document.createElement('span');
  group.className = 'preview-tab-group';
  group.append(button, json);
  return group;
}

function drawTabs() {
  const buttons = [tab('all', 'All webhooks', null, messages.length)];
  for (const webhook of webhooks) {
    const label = webhook.deleted ? `${webhook.name} (deleted)` : webhook.name;
    buttons.push(tab(webhook.id, label, webhook.id, webhook.messageCount));
  }
  tabs.replaceChildren(...buttons);
}

function draw() {
  drawTabs();
  const filter = selectedWebhook();
  const seen = new Set();
  messages.forEach((message, index) => {
    seen.add(message.id);
    let article = elements.get(message.id);
    if (!article) {
      article = createMessageElement(message);
      elements.set(message.id, article);
    } else if (article.dataset.version !== message.version) {
      updateMessageElement(article, message);
    }
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
  const state = await response.json();
  webhooks = state.webhooks;
  messages = state.messages;
  draw();
  document.body.dataset.ready = 'true';
}

// One refresh at a time; events that arrive meanwhile cause exactly one more, so the page never shows stale data.
let running = null;
let pending = false;
function scheduleRefresh() {
  if (running) {
    pending = true;
    return;
  }
  running = refresh()
    .catch((error) => setStatus('offline', `offline: ${error.message}`))
    .finally(() => {
      running = null;
      if (pending) {
        pending = false;
        scheduleRefresh();
      }
    });
}

function setStatus(transport, text) {
  status.dataset.transport = transport;
  status.textContent = text;
}

let pollTimer = null;
function startPolling() {
  if (pollTimer === null) pollTimer = setInterval(scheduleRefresh, POLL_INTERVAL_MS);
  setStatus('polling', `polling every ${POLL_INTERVAL_MS / 1000} s`);
}
function stopPolling() {
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
}

function connect() {
  if (typeof EventSource !== 'function') {
    startPolling();
    return;
  }
  const source = new EventSource(EVENTS_URL);
  source.addEventListener('open', () => {
    stopPolling();
    setStatus('live', 'live');
    // Catch up on anything sent between the first fetch and the stream opening.
    scheduleRefresh();
  });
  for (const type of EVENT_TYPES) source.addEventListener(type, scheduleRefresh);
  // EventSource retries by itself; poll until it is back (or for good, once it gives up).
  source.addEventListener('error', () => startPolling());
}

window.addEventListener('hashchange', draw);
scheduleRefresh();
connect();
console.info('Discord webhook emulator preview: state from', STATE_URL, 'live events from', EVENTS_URL);

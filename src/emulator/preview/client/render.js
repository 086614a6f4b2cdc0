/* global document, Image */
// Builds the DOM of one message from the server's view model (src/emulator/preview/view-model.ts). Every string
// from a message goes into a text node or a fixed attribute: nothing is parsed as HTML, and only http(s) URLs
// become links or images.

export const DEFAULT_AVATAR = '/_preview/default-avatar.svg';

const WRAPPER_TAGS = {
  bold: 'discord-bold',
  italic: 'discord-italic',
  underline: 'discord-underlined',
  strike: 's',
  spoiler: 'discord-spoiler',
  quote: 'discord-quote',
  subtext: 'discord-subscript',
};

/** `discord-mention` types; @everyone and @here look like role pills, as on Discord. */
const MENTION_TYPES = {
  user: 'user',
  role: 'role',
  channel: 'channel',
  everyone: 'role',
  here: 'role',
  command: 'slash',
};

const isHttpUrl = (value) => typeof value === 'string' && /^https?:\/\//i.test(value);

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

/** Rendered markdown (RichNode[]) as DOM nodes. */
export function richNodes(nodes, inEmbed = false) {
  return nodes.map((node) => richNode(node, inEmbed));
}

function richNode(node, inEmbed) {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.text);
    case 'br':
      return element('br');
    case 'heading':
      return element('discord-header', { level: node.level }, richNodes(node.children, inEmbed));
    case 'code':
      return element('discord-code', { embed: inEmbed }, [node.text]);
    case 'codeBlock':
      return element('discord-code', { multiline: true, embed: inEmbed, 'data-language': node.language }, [node.text]);
    case 'link':
      if (!isHttpUrl(node.href)) return element('span', {}, richNodes(node.children, inEmbed));
      return element('discord-link', { href: node.href, target: '_blank', rel: 'noopener noreferrer' }, [
        ...richNodes(node.children, inEmbed),
      ]);
    case 'mention':
      return element('discord-mention', { type: MENTION_TYPES[node.kind] ?? 'user', 'data-mention': node.kind }, [
        node.label,
      ]);
    case 'timestamp':
      return element('discord-time', { title: node.iso, 'data-style': node.style }, [node.text]);
    default: {
      const tag = WRAPPER_TAGS[node.type];
      if (tag && Array.isArray(node.children)) return element(tag, {}, richNodes(node.children, inEmbed));
      return document.createTextNode('');
    }
  }
}

function embedElement(embed) {
  const fields = embed.fields.map((field) =>
    element(
      'discord-embed-field',
      { 'field-title': field.name, inline: field.inline, 'inline-index': field.inlineIndex },
      richNodes(field.value, true),
    ),
  );
  const footer = [];
  if (embed.footer) {
    const image = isHttpUrl(embed.footer.iconUrl) ? embed.footer.iconUrl : null;
    const attributes = { slot: 'footer', 'footer-image': image, timestamp: embed.timestamp?.text };
    footer.push(element('discord-embed-footer', attributes, [embed.footer.text]));
  } else if (embed.timestamp) {
    footer.push(element('span', { slot: 'footer', class: 'preview-embed-timestamp' }, [embed.timestamp.text]));
  }
  return element(
    'discord-embed',
    {
      slot: 'embeds',
      color: embed.color,
      'embed-title': embed.title,
      url: isHttpUrl(embed.url) ? embed.url : null,
      'author-name': embed.author?.name,
      'author-url': isHttpUrl(embed.author?.url) ? embed.author.url : null,
      'author-image': isHttpUrl(embed.author?.iconUrl) ? embed.author.iconUrl : null,
      image: isHttpUrl(embed.imageUrl) ? embed.imageUrl : null,
      thumbnail: isHttpUrl(embed.thumbnailUrl) ? embed.thumbnailUrl : null,
    },
    [
      ...(embed.description.length > 0
        ? [element('discord-embed-description', { slot: 'description' }, richNodes(embed.description, true))]
        : []),
      ...(fields.length > 0 ? [element('discord-embed-fields', { slot: 'fields' }, fields)] : []),
      ...footer,
    ],
  );
}

/** A remote avatar that fails to load (there may be no internet) falls back to the local default. */
function setAvatar(discordMessage, url) {
  if (!isHttpUrl(url)) {
    discordMessage.setAttribute('avatar', DEFAULT_AVATAR);
    return;
  }
  discordMessage.setAttribute('avatar', url);
  const probe = new Image();
  probe.addEventListener('error', () => {
    if (discordMessage.getAttribute('avatar') === url) discordMessage.setAttribute('avatar', DEFAULT_AVATAR);
  });
  probe.src = url;
}

function rawSection(label, kind, value) {
  return element('section', { class: 'preview-raw-part', 'data-raw': kind }, [
    element('h4', {}, [label]),
    element('pre', {}, [JSON.stringify(value, null, 2)]),
  ]);
}

function rawSections(message) {
  const sections = [rawSection('Message object', 'message', message.raw)];
  if (message.request !== null) sections.push(rawSection('Request body (POST)', 'request', message.request));
  if (message.lastEdit !== null) sections.push(rawSection('Last edit (PATCH)', 'edit', message.lastEdit));
  return sections;
}

/** A new, empty message element; {@link updateMessageElement} fills it. */
export function createMessageElement(message) {
  const article = element('article', { class: 'preview-message', 'data-message-id': message.id });
  const details = element('details', { class: 'preview-raw' }, [element('summary', {}, ['JSON'])]);
  article.append(element('discord-message', { bot: true }), element('div', { class: 'preview-meta' }), details);
  updateMessageElement(article, message);
  return article;
}

/** Redraws a message in place: the same article and `discord-message` element, new attributes and children. */
export function updateMessageElement(article, message) {
  article.dataset.webhookId = message.webhookId;
  article.dataset.version = message.version;
  article.toggleAttribute('data-deleted', message.deleted);
  article.toggleAttribute('data-edited', message.edited !== null);
  const discordMessage = article.querySelector(':scope > discord-message');
  discordMessage.setAttribute('author', message.username);
  discordMessage.setAttribute('timestamp', message.timestamp.text);
  discordMessage.setAttribute('title', message.timestamp.iso);
  discordMessage.toggleAttribute('edited', message.edited !== null);
  setAvatar(discordMessage, message.avatarUrl);
  const embeds = message.embedsSuppressed ? [] : message.embeds.map((embed) => embedElement(embed));
  discordMessage.replaceChildren(...richNodes(message.content), ...embeds);
  const meta = article.querySelector(':scope > .preview-meta');
  const parts = [`${message.webhookName} · webhook ${message.webhookId} · message ${message.id}`];
  if (message.threadId) parts.push(` · thread ${message.threadId}`);
  if (message.edited) parts.push(` · edited ${message.editCount}× (last ${message.edited.text})`);
  meta.replaceChildren(...parts);
  if (message.deleted) meta.prepend(element('span', { class: 'preview-deleted-tag' }, ['deleted']), ' ');
  const details = article.querySelector(':scope > details');
  details.replaceChildren(details.querySelector('summary'), ...rawSections(message));
}

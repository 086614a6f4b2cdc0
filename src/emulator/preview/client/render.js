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

const httpUrl = (value) => (typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null);

/** An element with attributes (`true` = present, `false`/null/undefined = absent) and children (nodes or text). */
export function element(tag, attributes = {}, children = []) {
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
    case 'codeBlock': {
      const block = node.type === 'codeBlock';
      return element('discord-code', { multiline: block, embed: inEmbed, 'data-language': node.language }, [node.text]);
    }
    case 'link': {
      const href = httpUrl(node.href);
      const attributes = { href, target: '_blank', rel: 'noopener noreferrer' };
      return href
        ? element('discord-link', attributes, richNodes(node.children, inEmbed))
        : element('span', {}, richNodes(node.children, inEmbed));
    }
    case 'mention':
      return element('discord-mention', { type: MENTION_TYPES[node.kind] ?? 'user', 'data-mention': node.kind }, [
        node.label,
      ]);
    case 'timestamp':
      return element('discord-time', { title: node.iso, 'data-style': node.style }, [node.text]);
    default: {
      const tag = WRAPPER_TAGS[node.type];
      return tag && Array.isArray(node.children)
        ? element(tag, {}, richNodes(node.children, inEmbed))
        : document.createTextNode('');
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
  const footer = embed.footer
    ? element(
        'discord-embed-footer',
        { slot: 'footer', 'footer-image': httpUrl(embed.footer.iconUrl), timestamp: embed.timestamp?.text },
        [embed.footer.text],
      )
    : embed.timestamp && element('span', { slot: 'footer', class: 'preview-embed-timestamp' }, [embed.timestamp.text]);
  const attributes = {
    slot: 'embeds',
    color: embed.color,
    'embed-title': embed.title,
    url: httpUrl(embed.url),
    'author-name': embed.author?.name,
    'author-url': httpUrl(embed.author?.url),
    'author-image': httpUrl(embed.author?.iconUrl),
    image: httpUrl(embed.imageUrl),
    thumbnail: httpUrl(embed.thumbnailUrl),
  };
  return element('discord-embed', attributes, [
    ...(embed.description.length > 0
      ? [element('discord-embed-description', { slot: 'description' }, richNodes(embed.description, true))]
      : []),
    ...(fields.length > 0 ? [element('discord-embed-fields', { slot: 'fields' }, fields)] : []),
    ...(footer ? [footer] : []),
  ]);
}

/** A remote avatar that fails to load (there may be no internet) falls back to the local default. */
function setAvatar(discordMessage, url) {
  discordMessage.setAttribute('avatar', httpUrl(url) ?? DEFAULT_AVATAR);
  if (!httpUrl(url)) return;
  const probe = new Image();
  probe.addEventListener('error', () => {
    if (discordMessage.getAttribute('avatar') === url) discordMessage.setAttribute('avatar', DEFAULT_AVATAR);
  });
  probe.src = url;
}

/** The raw JSON under a message: the message object, the request that created it and its last edit. */
function rawSections(message) {
  const parts = [
    ['Message object', 'message', message.raw],
    ['Request body (POST)', 'request', message.request],
    ['Last edit (PATCH)', 'edit', message.lastEdit],
  ];
  return parts
    .filter(([, , value]) => value !== null)
    .map(([label, kind, value]) =>
      element('section', { class: 'preview-raw-part', 'data-raw': kind }, [
        element('h4', {}, [label]),
        element('pre', {}, [JSON.stringify(value, null, 2)]),
      ]),
    );
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
  meta.replaceChildren(`${message.webhookName} · webhook ${message.webhookId} · message ${message.id}`);
  if (message.threadId) meta.append(` · thread ${message.threadId}`);
  if (message.edited) meta.append(` · edited ${message.editCount}× (last ${message.edited.text})`);
  if (message.deleted) meta.prepend(element('span', { class: 'preview-deleted-tag' }, ['deleted']), ' ');
  const details = article.querySelector(':scope > details');
  details.replaceChildren(details.querySelector('summary'), ...rawSections(message));
}

// Read by @skyra/discord-components-core when it loads, so this module is imported before it: the default avatar
// is served by the emulator (the library's default is on Discord's CDN, and the preview never needs internet).
globalThis.$discordMessage = {
  avatars: { default: '/_preview/default-avatar.svg' },
  defaultTheme: 'dark',
  defaultMode: 'cozy',
};

// Part of `npm run build`: copies the files tsc does not emit (the preview page's browser code) next to the
// compiled emulator, so lib/ is complete on its own (a published package ships no src/).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'src', 'emulator', 'preview', 'client');
const to = path.join(root, 'lib', 'emulator', 'preview', 'client');
fs.rmSync(to, { recursive: true, force: true });
fs.cpSync(from, to, { recursive: true });

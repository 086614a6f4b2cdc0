#!/usr/bin/env node
// `npx discord-notify <command>`: the project's CLI (lib/client.js) straight away, without npm run's start-up. In a
// checkout it builds first only when a source changed since the last build; in an installed package it never does.
'use strict';
const { ensureBuilt } = require('../scripts/build-state.js');

const built = ensureBuilt();
if (built !== 0) process.exit(built);
const { main } = require('../lib/client.js');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(1),
);

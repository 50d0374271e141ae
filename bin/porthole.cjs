#!/usr/bin/env node
// `porthole` launcher: runs the bundled CLI, or says how to build it.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'server', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error(
    'Porthole is not built yet (dist/server/cli.cjs is missing).\n' +
      'Run `npm run build` in the Porthole folder, then try again.',
  );
  process.exit(1);
}
require(cli);

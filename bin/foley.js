#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm run build:server` (run automatically by `npm ci` via "prepare").
require('../dist/bridge-server/cli/main.js').main(process.argv);

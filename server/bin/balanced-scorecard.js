#!/usr/bin/env node
'use strict';
// The service runs its TypeScript sources through tsx (a dependency), so there is no build step.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv);

#!/usr/bin/env node
'use strict';
// A larger young generation: requests allocate short-lived response objects while the tenant's
// records sit in the old generation; fewer scavenges means fewer long pauses (see README, bench:api).
require('node:v8').setFlagsFromString('--max-semi-space-size=64');
// The service runs its TypeScript sources through tsx (a dependency), so there is no build step.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv);

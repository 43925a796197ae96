/** The unit tests alone, for the quick mutation run (stryker.unit.config.mjs). */
const base = require('./jest.mutation.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/test/unit/**/*.test.ts'] };

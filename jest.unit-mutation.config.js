/**
 * The unit tests alone, for the quick mutation run (stryker.unit.config.mjs). Every mutant runs
 * every test that covered it, and loads every suite: MUTATION_TESTS narrows the suites to a folder
 * (e.g. test/unit/shared/engine for the engine's files), which makes a run of one folder's code
 * several times faster. Its score is then a floor of what the whole suite kills.
 */
const base = require('./jest.mutation.config.js');

const folder = process.env.MUTATION_TESTS?.replace(/\/+$/, '') ?? 'test/unit';

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: [`<rootDir>/${folder}/**/*.test.ts`] };

/**
 * The suite as mutation testing runs it (stryker.config.mjs): the same tests, minus the
 * browser and multi-process ones (they start child processes and a browser, which no mutant of
 * the mutated folders reaches alone), with more time per hook for instrumented code.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', 'never-blocked', 'replicas', 'postgres-processes', 'bounded-memory'],
  testTimeout: 120000,
};

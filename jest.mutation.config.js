/**
 * The suite as mutation testing runs it (stryker.config.mjs): the same tests, minus the
 * browser and multi-process ones (they start child processes and a browser, which no mutant of
 * the mutated folders reaches alone), with more time per hook for instrumented code. The route
 * fuzzing is left out for time, and api.test.ts because under instrumentation its HEAD request
 * answers 400 in the initial run (not understood yet; it passes in `npm test`).
 */
const base = require('./jest.config.js');

/**
 * Every mutant runs every test that covered it, and loads every suite: MUTATION_TESTS narrows the
 * suites to test folders or files, comma-separated (e.g. test/integration/sync for
 * server/src/sync), which makes a run of one folder's code several times faster. Its score is
 * then a floor of what the whole suite kills.
 */
function narrowedTestMatch() {
  const paths = (process.env.MUTATION_TESTS ?? '').split(',').map((p) => p.trim().replace(/\/+$/, '')).filter(Boolean);
  return paths.length === 0 ? null : paths.map((p) => (p.endsWith('.test.ts') ? `<rootDir>/${p}` : `<rootDir>/${p}/**/*.test.ts`));
}
const narrowed = narrowedTestMatch();

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', 'never-blocked', 'replicas', 'postgres-processes', 'bounded-memory', 'fuzz-routes', 'http/api.test'],
  testTimeout: 120000,
  ...(narrowed ? { testMatch: narrowed } : {}),
};

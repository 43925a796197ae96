// Mutation testing (npm run test:mutation): StrykerJS with its jest runner over the service's
// security-relevant code, and over the engine. Outside `npm test`: it runs the suite once per mutant and takes long.
// Needs the same services as the tests (TEST_DATABASE_URL, see scripts/test-services.sh).
// Narrow it with: npm run test:mutation -- --mutate 'server/src/auth/**/*.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Source files are outside jest's roots (test/), so related tests cannot be found by imports: the
  // initial run covers every test, and each mutant then runs the tests that covered it.
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  // The reference evaluator is the oracle the engine is tested against, not code to mutate.
  mutate: ['server/src/auth/**/*.ts', 'server/src/store/**/*.ts', 'server/src/sync/**/*.ts', 'server/src/connectors/**/*.ts', 'shared/src/engine/**/*.ts', '!shared/src/engine/reference-measures.ts', 'shared/src/insights/**/*.ts'],
  ignorePatterns: ['.data', 'test-output', 'reports', '.stryker-tmp'],
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
};

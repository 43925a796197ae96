/**
 * The unit tests alone, for the quick mutation run (stryker.unit.config.mjs); MUTATION_TESTS
 * narrows them to folders or files, as for the whole suite (jest.mutation.config.js).
 */
const base = require('./jest.mutation.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: process.env.MUTATION_TESTS?.trim() ? base.testMatch : ['<rootDir>/test/unit/**/*.test.ts'] };

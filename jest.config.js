/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/extensions/hubspot/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // The ESM of @hubspot/ui-extensions and its dependencies, turned into CommonJS for jest.
    '^.+/node_modules/.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.js',
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@hubspot/ui-extensions|@remote-ui|tinyspy)/)'],
  moduleNameMapper: {
    '^@balanced-scorecard/shared$': '<rootDir>/shared/src/index.ts',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
};

const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/** The LWC tests (sfdx-lwc-jest pins its own jest 29, so this package keeps its own config). */
module.exports = {
  ...jestConfig,
  roots: ['<rootDir>/force-app'],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
};

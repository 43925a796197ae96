// The quick mutation run (npm run test:mutation:unit): the unit tests only, without static
// mutants (module-level constants, which need the whole suite). Minutes instead of hours; its
// score is a floor of what the whole suite kills.
import base from './stryker.config.mjs';

export default { ...base, jest: { ...base.jest, configFile: 'jest.unit-mutation.config.js' }, ignoreStatic: true };

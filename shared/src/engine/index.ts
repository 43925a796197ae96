export * from './compute-scorecards';
export * from './periods';
export * from './scoring';
export * from './measures';
export * from './seller-index';
export * from './time-zone';
export * from './parse-instant';
export * from './seller-columns';

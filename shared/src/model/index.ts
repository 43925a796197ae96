export * from './records';
export * from './definition';
export * from './scorecard';
export * from './api';
export * from './text';

export * from './check-in-items';
export * from './default-definition';

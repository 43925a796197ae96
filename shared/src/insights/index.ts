export * from './will-guard-rail';

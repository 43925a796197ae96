export * from './will-guard-rail';
export * from './statistics';
export * from './top-sellers';
export * from './training-plan';
export * from './flags';
export * from './report';

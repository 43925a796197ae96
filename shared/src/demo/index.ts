export * from './random';
export * from './generate-demo-data';

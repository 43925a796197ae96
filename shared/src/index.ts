export * from './model';
export * from './engine';
export * from './templates';
export * from './demo';
export * from './insights';
export * from './format';

export * from './io/instances.ts';
export * from './model/index.ts';
export * from './validate/index.ts';

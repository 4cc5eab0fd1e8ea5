export * from './io/instances.ts';
export * from './model/index.ts';
export * from './validate/index.ts';
export * from './io/jssp-format.ts';
export * from './io/fjsp-format.ts';
export * from './jssp/index.ts';
export * from './dispatch/index.ts';
export * from './fjsp/index.ts';

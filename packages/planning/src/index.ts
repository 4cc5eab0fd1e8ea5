export * from './io/instances.ts';

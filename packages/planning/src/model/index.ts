export * from './problem.ts';
export * from './schedule.ts';
export * from './from-instances.ts';
export * from './check-problem.ts';

export * from './violation.ts';
export * from './validate-schedule.ts';
export * from './evaluate.ts';

export {};
export * from './io/csv.ts';
export * from './anomaly/index.ts';
export * from './spc/index.ts';
export * from './kpi/index.ts';

export {};
export * from './io/csv.ts';

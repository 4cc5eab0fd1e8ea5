export * from './shift-plan.ts';

export * from './shift-model.ts';
export * from './shift-plan.ts';
export * from './shift-check.ts';

export * from './events.ts';
export * from './stability.ts';
export * from './replan.ts';

// Analytika: condition monitoring, remaining life and SPC drift as a live agent (pure; the server feeds it).
export * from './analytika-agent.ts';
export * from './drift-monitor.ts';
export * from './frame-sampler.ts';
export * from './proposals.ts';
export * from './reference-recording.ts';
export * from './wear-monitor.ts';
export * from './wear-trend.ts';
export { rulUncertainty } from './texts.ts';

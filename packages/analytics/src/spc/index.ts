// Statistical process control: X/MR, EWMA, CUSUM, the eight Nelson rules, and the drift finder.
export * from './control-charts.ts';
export * from './drift-finder.ts';
export * from './nelson-rules.ts';
export * from './spc-report.ts';

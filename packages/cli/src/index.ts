// Terminal helpers shared by the CLI and the benchmark programs.
export * from './term/progress.ts';
export * from './term/table.ts';

// The job-shop engine's public surface (re-exported by the package index).
export { solveJobShop, dispatchJobShop } from './tabu-search.ts';
export type { SolveJobShopOptions, SolveJobShopResult, JobShopImprovement } from './tabu-search.ts';
export { jobShopLowerBound } from './schedule.ts';
export type { JobShopAssignment, JobShopSchedule } from './schedule.ts';

// Operations KPIs after ISO 22400-2: OEE and its factors, MTBF/MTTR, quality rate, energy per unit.
export * from './iso22400.ts';

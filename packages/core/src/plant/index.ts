// The plant model (ISA-95) and the plant file reader.
export type * from './types.ts';
export { parsePlantYaml, validatePlant, formatPath } from './validate-plant.ts';
export { parseQuantity, type Dimension, type QuantityResult } from './units.ts';
export { findCycle, topologicalOrder, type StepEdges } from './routing-graph.ts';

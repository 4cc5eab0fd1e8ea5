export { HnswVectorIndex, type HnswOptions } from './hnsw-index.ts';
export {
  UsearchVectorIndex,
  type UsearchOptions,
  type UsearchDtype,
  type UsearchRawMatches,
} from './usearch-index.ts';
export { usearchExactSearch } from './usearch-exact.ts';

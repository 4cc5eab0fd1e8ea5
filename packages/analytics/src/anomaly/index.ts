// Multivariate anomaly detection: PCA T²+Q, MSET, an ensemble; batch and streaming.
export * from './contributions.ts';
export * from './distributions.ts';
export * from './features.ts';
export * from './fit.ts';
export * from './metrics.ts';
export * from './model.ts';
export * from './mset.ts';
export * from './numeric-table.ts';
export * from './pca-t2q.ts';
export * from './scaler.ts';
export * from './streaming-detector.ts';
export * from './multi-scale.ts';

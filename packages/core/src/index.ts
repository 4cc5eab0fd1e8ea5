// The public surface of @aethercore/core. Other packages import only from here.
export * from './errors/aether-error.ts';
export * from './result.ts';
export * from './ports/clock.ts';
export * from './ports/random.ts';
export * from './ports/logger.ts';
export * from './ports/event-store.ts';
export * from './ports/memory-event-store.ts';
export * from './ports/telemetry-store.ts';
export * from './ports/memory-telemetry-store.ts';
export * from './telemetry/reading.ts';
export * from './telemetry/address-space.ts';
export * from './plant/index.ts';
export * from './ports/audit-store.ts';
export * from './ports/vector-index.ts';
export * from './ports/identity-store.ts';
// The schema library and YAML reader, re-exported so pure packages (governance policy files)
// validate with the same zod as core without depending on it themselves.
export { z as zod } from 'zod';
export { parse as parseYamlText } from 'yaml';

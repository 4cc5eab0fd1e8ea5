import { MemoryEventStore, MemoryTelemetryStore } from '../src/index.ts';
import { runEventStoreContract } from './contracts/event-store.contract.ts';
import { runTelemetryStoreContract } from './contracts/telemetry-store.contract.ts';

runEventStoreContract('MemoryEventStore', () => Promise.resolve(new MemoryEventStore()));
runTelemetryStoreContract('MemoryTelemetryStore', () => Promise.resolve(new MemoryTelemetryStore()));

// B8 "latency from sample to dashboard", first hop: OPC UA server (the twin's values) → subscription
// client → SQLite telemetry store. Measures server start, subscription set-up, delivered samples/s
// and the latency from a sample's source time to its durable commit.
import type { AddressSpaceSpec, EquipmentNodeSpec, Reading } from '@aethercore/core';
import { startOpcUaServer, subscribeOpcUa } from '@aethercore/adapter-opcua';
import { SqliteTelemetryStore } from '@aethercore/adapter-sqlite';
import { mean, quantile } from '../lib/stats.ts';

export interface OpcUaPathOptions {
  readonly file: string;
  readonly pkiDir: string;
  readonly stations: number;
  readonly seconds: number;
  readonly samplingMs: number;
}

export interface OpcUaPathResult {
  readonly series: number;
  readonly serverStartMs: number;
  readonly subscribeMs: number;
  readonly stored: number;
  readonly samplesPerS: number;
  readonly expectedPerS: number;
  readonly meanBatch: number;
  readonly latencyMsP50: number;
  readonly latencyMsP99: number;
}

const VARIABLES = ['temperatureC', 'vibrationRmsMmS', 'spindlePowerKw', 'currentA', 'cycleTimeS'] as const;

function lineSpec(stations: number): AddressSpaceSpec {
  const station = (i: number): EquipmentNodeSpec => {
    const id = `ST${String(i + 1).padStart(2, '0')}`;
    return {
      id,
      level: 'WorkCell',
      displayName: `Station ${i + 1}`,
      variables: VARIABLES.map((name) => ({
        name,
        seriesId: `${id}/${name}`,
        dataType: 'Double',
        unit: 'none',
        euRange: { low: 0, high: 100 },
        writable: false,
      })),
      children: [],
    };
  };
  return {
    namespaceUri: 'urn:aethercore:bench-ingest',
    root: {
      id: 'BENCH',
      level: 'Site',
      displayName: 'Bench site',
      variables: [],
      children: [
        {
          id: 'L1',
          level: 'Line',
          displayName: 'Line 1',
          variables: [],
          children: Array.from({ length: stations }, (_, i) => station(i)),
        },
      ],
    },
  };
}

export async function runOpcUaPath(o: OpcUaPathOptions): Promise<OpcUaPathResult> {
  const spec = lineSpec(o.stations);
  const series = o.stations * VARIABLES.length;
  let tick = 0;
  // Every sample is new: the source time is the moment the server samples the twin.
  const read = (seriesId: string): Reading => ({
    seriesId,
    value: 50 + 10 * Math.sin(tick++ / 50),
    quality: 'good',
    sourceTime: Date.now(),
  });
  const t0 = performance.now();
  const server = await startOpcUaServer({ port: 0, spec, read, pkiDir: o.pkiDir });
  const serverStartMs = performance.now() - t0;
  const store = new SqliteTelemetryStore({ file: o.file });
  const latencies: number[] = [];
  const batches: number[] = [];
  let stored = 0;
  let measuring = false;
  const writes = new Set<Promise<void>>();
  try {
    const t1 = performance.now();
    const sub = await subscribeOpcUa({
      endpointUrl: server.endpointUrl,
      pkiDir: `${o.pkiDir}/client`,
      samplingIntervalMs: o.samplingMs,
      reconnect: { maxRetry: 0 },
      onReadings: (rs) => {
        const p: Promise<void> = store.write(rs).then(() => {
          const now = Date.now();
          if (measuring) {
            for (const r of rs) latencies.push(now - r.sourceTime);
            stored += rs.length;
            batches.push(rs.length);
          }
          writes.delete(p);
        });
        writes.add(p);
      },
    });
    const subscribeMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 1000)); // warm-up: initial values, first publishes
    measuring = true;
    const t2 = performance.now();
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - t2) / 1000;
    await sub.stop();
    await Promise.all(writes);
    return {
      series,
      serverStartMs,
      subscribeMs,
      stored,
      samplesPerS: stored / elapsed,
      expectedPerS: (series * 1000) / o.samplingMs,
      meanBatch: mean(batches),
      latencyMsP50: quantile(latencies, 0.5),
      latencyMsP99: quantile(latencies, 0.99),
    };
  } finally {
    await store.close();
    await server.stop();
  }
}

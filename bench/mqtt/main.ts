// `npm run bench -- mqtt`: samples/s end to end on loopback through the MQTT sensor path
// (gateway → broker → subscriber → SQLite), median of rounds, aedes and mosquitto side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { intOption } from '../lib/options.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { median } from '../lib/stats.ts';
import { MOSQUITTO_BIN } from './mosquitto.ts';
import { runMqttPath, type BrokerKind, type MqttPathResult } from './mqtt-path.ts';

const HELP = `usage: npm run bench -- mqtt [options]

Publishes synthetic sensor samples from a sensor gateway (mqtt.js, QoS 1) through a broker on
loopback to the platform's subscriber, which stores them in a fresh SQLite telemetry store (NORMAL
sync). A run's figure is samples / seconds from the first publish to the last sample durable; every
sample is read back and counted. With both brokers the runs alternate (side by side).

  --samples <n>   samples per run (default 100000)
  --series <n>    signals on the gateway (default 100)
  --rounds <n>    runs per broker; medians are reported (default 3)
  --broker <b>    aedes, mosquitto or both (default both when mosquitto is installed, else aedes)
  --data <dir>    unused (synthetic data); accepted for uniformity (default ${DEFAULT_DATA_DIR})
  --out <file>    JSON result file (default bench/results/mqtt.json)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: '100000' },
      series: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      broker: { type: 'string' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const samples = intOption('samples', values.samples, 1);
  const series = intOption('series', values.series, 1);
  const rounds = intOption('rounds', values.rounds, 1);
  const choice = values.broker ?? (MOSQUITTO_BIN === undefined ? 'aedes' : 'both');
  const brokers: BrokerKind[] =
    choice === 'both' ? ['aedes', 'mosquitto'] : choice === 'aedes' || choice === 'mosquitto' ? [choice] : [];
  if (brokers.length === 0) {
    console.error(`error bench.option-invalid: --broker must be aedes, mosquitto or both, got '${choice}'`);
    process.exit(2);
  }
  if (brokers.includes('mosquitto') && MOSQUITTO_BIN === undefined) {
    console.error('error bench.option-invalid: mosquitto is not installed (apt-get install mosquitto)');
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-mqtt-bench-'));
  const runs: MqttPathResult[] = [];
  try {
    for (let round = 0; round < rounds; round++)
      for (const broker of brokers) {
        const bar = progress(`mqtt ${broker} round ${round + 1}/${rounds}`, samples);
        const r = await runMqttPath({
          broker,
          samples,
          series,
          file: path.join(dir, `mqtt-${broker}-${round}.db`),
          onProgress: (d) => bar.tick(d),
        });
        bar.done(`${Math.round(r.samplesPerS)} samples/s`);
        if (r.stored !== samples)
          throw new Error(`${broker}: read back ${r.stored} samples, published ${samples}`);
        runs.push(r);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = brokers.map((broker) => {
    const mine = runs.filter((r) => r.broker === broker);
    return {
      broker,
      samplesPerS: median(mine.map((r) => r.samplesPerS)),
      runs: mine.map((r) => Math.round(r.samplesPerS)),
      stored: mine.every((r) => r.stored === samples),
      duplicates: mine.reduce((a, r) => a + r.duplicates, 0),
      rejected: mine.reduce((a, r) => a + r.rejected, 0),
    };
  });
  const m = machineInfo();
  const load = os.loadavg().map((l) => Number(l.toFixed(1)));
  console.log(
    `\nMQTT sensor path: ${samples} samples over ${series} signals, QoS 1, ${rounds} round(s), median; ${m.cores} cores, load average ${load.join(' ')}`,
  );
  console.log(
    table(
      ['broker', 'samples/s (median)', 'runs', 'all stored', 'duplicates', 'refused'],
      summary.map((s) => [
        s.broker,
        Math.round(s.samplesPerS),
        s.runs.join(' / '),
        s.stored ? 'yes' : 'NO',
        s.duplicates,
        s.rejected,
      ]),
    ),
  );
  const file = writeResult(
    'mqtt',
    { samples, series, rounds, loadAverage: load, machine: m, summary, runs },
    values.out,
  );
  console.log(`\nwrote ${file}`);
}

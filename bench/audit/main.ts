// `npm run bench -- audit [--entries 1000000]`: the tamper-evident audit log at scale (RELIABILITY.md
// "inclusion and consistency proofs on 1,000,000 entries → 100% verify; any wrong proof rejected",
// "mutate 1,000 random entries/bytes → 100% detected").
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, table } from '@aethercore/cli';
import { machineInfo } from '../lib/machine.ts';
import { DEFAULT_DATA_DIR, writeResult } from '../lib/results.ts';
import { runAuditBench } from './measure.ts';
import { runMutationCampaign } from './mutations.ts';
import { intOption } from '../lib/options.ts';

const HELP = `usage: npm run bench -- audit [options]

  --entries <n>         entries in the in-memory log for append and proof timings (default 1000000)
  --proofs <n>          inclusion and consistency proofs generated, verified and tampered (default 1000)
  --sqlite-entries <n>  entries appended durably to SQLite and then fully verified (default 200000)
  --mutations <n>       random mutations of a signed SQLite store, each verified (default 1000; 0 = skip)
  --seed <n>            random seed (default 1)
  --data <dir>          data directory (unused: the log is generated; default ${DEFAULT_DATA_DIR})
  --out <file>          JSON result file (default bench/results/audit.json)
  --help`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      entries: { type: 'string', default: '1000000' },
      proofs: { type: 'string', default: '1000' },
      'sqlite-entries': { type: 'string', default: '200000' },
      mutations: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const entries = intOption('entries', values.entries, 2);
  const proofs = intOption('proofs', values.proofs, 1);
  const sqliteEntries = intOption('sqlite-entries', values['sqlite-entries'], 1);
  const mutations = intOption('mutations', values.mutations, 0);
  const seed = intOption('seed', values.seed, 0);
  const dir = mkdtempSync(path.join(tmpdir(), 'ac-bench-audit-'));
  const m = machineInfo();
  // These machines are shared: record how busy the CPU was, so figures from different runs can be compared.
  const loadBefore = loadavg()[0] ?? Number.NaN;
  try {
    const bars = new Map<string, ReturnType<typeof progress>>();
    const r = await runAuditBench({
      entries,
      proofs,
      sqliteEntries,
      dir,
      seed,
      onProgress: (phase, done, total) => {
        let bar = bars.get(phase);
        if (bar === undefined) bars.set(phase, (bar = progress(phase, total)));
        bar.tick(done);
      },
    });
    let campaign;
    if (mutations > 0) {
      const bar = progress('mutations', mutations);
      campaign = await runMutationCampaign(dir, {
        trials: mutations,
        entries: 120,
        seed,
        onTrial: (d) => bar.tick(d),
      });
      bar.done();
    }

    const loadAfter = loadavg()[0] ?? Number.NaN;
    console.log(
      `\naudit log: ${entries.toLocaleString('en')} entries, ${proofs} proofs of each kind, ${m.cores} cores (${m.cpu}), 1-min load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}\n`,
    );
    console.log(
      table(
        ['measure', 'value', 'unit'],
        [
          [
            'append (validate+JSON+SHA-256+store+tree), batches of 1000',
            Math.round(r.append.entriesPerS),
            'entries/s',
          ],
          [
            'append per tenth of the log, min / max',
            `${Math.round(Math.min(...r.append.entriesPerSByTenth))} / ${Math.round(Math.max(...r.append.entriesPerSByTenth))}`,
            'entries/s',
          ],
          ['tree append only (node hashes)', Math.round(r.treeOnly.leavesPerS), 'leaves/s'],
          ['reopen: rebuild tree from stored leaf hashes', r.reopen.seconds, 's'],
          [
            'heap / array buffers after append',
            `${r.memory.heapMiB.toFixed(0)} / ${r.memory.arrayBuffersMiB.toFixed(0)}`,
            'MiB',
          ],
          [
            'inclusion proof generate, median / p99',
            `${r.inclusion.generate.medianUs.toFixed(1)} / ${r.inclusion.generate.p99Us.toFixed(1)}`,
            'µs',
          ],
          [
            'inclusion proof verify, median / p99',
            `${r.inclusion.verify.medianUs.toFixed(1)} / ${r.inclusion.verify.p99Us.toFixed(1)}`,
            'µs',
          ],
          [
            'inclusion proofs verified / tampered rejected',
            `${r.inclusion.verified}/${proofs} / ${r.inclusion.tamperedRejected}/${proofs}`,
            '',
          ],
          [
            'consistency proof generate, median / p99',
            `${r.consistency.generate.medianUs.toFixed(1)} / ${r.consistency.generate.p99Us.toFixed(1)}`,
            'µs',
          ],
          [
            'consistency proof verify, median / p99',
            `${r.consistency.verify.medianUs.toFixed(1)} / ${r.consistency.verify.p99Us.toFixed(1)}`,
            'µs',
          ],
          [
            'consistency proofs verified / tampered rejected',
            `${r.consistency.verified}/${proofs} / ${r.consistency.tamperedRejected}/${proofs}`,
            '',
          ],
          [
            'mean path length inclusion / consistency',
            `${r.inclusion.meanPathLength.toFixed(1)} / ${r.consistency.meanPathLength.toFixed(1)}`,
            'hashes',
          ],
          [
            `SQLite durable append (${sqliteEntries} entries, synchronous=FULL)`,
            Math.round(r.sqlite.appendEntriesPerS),
            'entries/s',
          ],
          [
            'SQLite full verify (recompute all hashes + checkpoint)',
            Math.round(r.sqlite.verifyEntriesPerS),
            `entries/s (${r.sqlite.verifyOk ? 'ok' : 'FAILED'})`,
          ],
          ...(campaign === undefined
            ? []
            : [
                ['mutations detected, store only', `${campaign.detectedStoreOnly}/${campaign.trials}`, ''],
                [
                  'mutations detected, with remembered checkpoint',
                  `${campaign.detectedWithRemembered}/${campaign.trials}`,
                  '',
                ],
              ]),
        ],
      ),
    );
    if (campaign !== undefined) {
      console.log(
        `\n${table(
          ['mutation', 'trials', 'store only', 'with remembered cp'],
          Object.entries(campaign.byKind).map(([k, v]) => [k, v.trials, v.storeOnly, v.withRemembered]),
        )}`,
      );
      if (campaign.missed.length > 0) console.log(`missed: ${campaign.missed.join('; ')}`);
    }
    const file = writeResult(
      'audit',
      {
        ...r,
        mutations: campaign ?? null,
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? Number.NaN },
      },
      values.out,
    );
    console.log(`\nwrote ${file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore, MemoryTelemetryStore, silentLogger } from '@aethercore/core';
import { randomApiToken } from '@aethercore/adapter-sqlite';
import { hashRef } from '@aethercore/governance';
import { createApp, openLiveGovernance, type LiveGovernance } from '../src/index.ts';
import { closeServer, listen } from '../src/live/http-listen.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

/**
 * The live composition on disk (SQLite audit store, generated Ed25519 key, seeded identities) behind
 * a real HTTP socket on loopback, driven by the real CLI: `aethercore stop|resume`, then
 * `aethercore audit verify --store <dataDir>/audit.db` on the store the server wrote.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');
const PASSWORD = 'integration-pass-1';

function cli(args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'packages/cli/src/main.ts'), ...args],
      { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}

let tmp = '';
let live: LiveGovernance;
let server: Awaited<ReturnType<typeof listen>>;
let url = '';
let agentToken = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'aethercore-gov-'));
  live = await openLiveGovernance({
    dataDir: tmp,
    policyFile: path.join(REPO, 'policies/default.yaml'),
    clock: { now: () => Date.now() },
    logger: silentLogger,
    stateVersion: () => 0,
    demoPassword: PASSWORD,
  });
  const admin = live.governance.identities.get('admin');
  if (admin?.kind !== 'user') throw new Error('no admin seeded');
  agentToken = randomApiToken();
  await live.governance.identities.issueToken(admin, 'dexter', agentToken);
  const app = createApp({
    source: fixedLineSource({ simTime: 0 }),
    events: new MemoryEventStore(),
    telemetry: new MemoryTelemetryStore(),
    governance: live.governance,
  });
  server = await listen(app, '127.0.0.1', 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await closeServer(server);
  await live.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Sentinel on disk, driven by the CLI', () => {
  it('generates the log key 0600 and no password seeds are printed when the env gives one', () => {
    expect(statSync(live.files.key).mode & 0o777).toBe(0o600);
    expect(statSync(live.files.identities).mode & 0o777).toBe(0o600);
    expect(live.generatedPasswords.size).toBe(0);
  });

  it('aethercore stop / resume: an operator stops, an agent cannot resume, a supervisor can', async () => {
    const stop = await cli(['stop', '--url', url, '--user', 'operator', '--reason', 'smoke at ST05'], {
      AETHERCORE_PASSWORD: PASSWORD,
    });
    expect(stop.stderr).toBe('');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('ENGAGED by u:operator');
    expect(live.governance.sentinel.gate.stopped).toBe(true);

    const byAgent = await cli(['resume', '--url', url, '--token', agentToken, '--reason', 'all good']);
    expect(byAgent.code).toBe(2);
    expect(byAgent.stderr).toContain('access.forbidden');
    expect(live.governance.sentinel.gate.stopped).toBe(true);

    const noReason = await cli(['resume', '--url', url, '--token', agentToken]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('cli.reason-missing');

    const resume = await cli(
      ['resume', '--url', url, '--user', 'supervisor', '--reason', 'ST05 inspected', '--json'],
      {
        AETHERCORE_PASSWORD: PASSWORD,
      },
    );
    expect(resume.code).toBe(0);
    expect((JSON.parse(resume.stdout) as { engaged: boolean }).engaged).toBe(false);
    const status = await cli(['stop', '--status', '--url', url]);
    expect(status.stdout).toContain('released');
  }, 120_000);

  it('aethercore audit verify passes on the store the server wrote (with the vkey beside it and the one in keys/)', async () => {
    await live.governance.log.checkpoint();
    const ok = await cli(['audit', 'verify', '--store', live.files.store]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain('FIRST BAD ENTRY');
    // The CLI's trusted key can also be the one in keys/ (as an auditor would pass it out of band).
    const withKey = await cli(['audit', 'verify', '--store', live.files.store, '--vkey', live.files.vkey]);
    expect(withKey.code).toBe(0);
  }, 120_000);
});

describe('restart', () => {
  it('keeps the key, the identities and the approval inbox; a damaged inbox file is set aside', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aethercore-gov-restart-'));
    const open = () =>
      openLiveGovernance({
        dataDir: dir,
        policyFile: path.join(REPO, 'policies/default.yaml'),
        clock: { now: () => Date.now() },
        logger: silentLogger,
        stateVersion: () => 0,
      });
    try {
      const first = await open();
      expect(first.generatedPasswords.size).toBe(5); // random passwords, printed once by the live mode
      const password = first.generatedPasswords.get('supervisor')!;
      const change = { kind: 'batch-hold', params: { batch: 'B-1' } };
      const now = Date.now();
      const agent = first.governance.identities.get('dexter')!;
      const { route } = await first.governance.sentinel.review(
        {
          id: 'P-R1',
          proposer: 'dexter',
          tool: 'hold-batch',
          effect: 'actuate',
          actionClass: 'batch-hold',
          change,
          createdAt: now,
          evidence: {
            stateVersion: 0,
            simulatedAt: now,
            changeHash: hashRef(change),
            kpis: { scrapParts: { baseline: 5, withChange: 1 } },
            constraintsOk: true,
          },
          expectedKpiDeltas: { scrapParts: -4 },
        },
        agent,
        0,
      );
      expect(route).toBe('inbox');
      const vkey = readFileSync(first.files.vkey, 'utf8');
      await first.close();

      const second = await open();
      expect(second.generatedPasswords.size).toBe(0);
      expect(readFileSync(second.files.vkey, 'utf8')).toBe(vkey);
      expect(await second.governance.identities.authenticatePassword('supervisor', password)).toBeDefined();
      expect(second.governance.sentinel.inbox.get('P-R1')?.status).toBe('pending');
      await second.close();

      writeFileSync(second.files.inbox, '{"not":"events"}');
      const third = await open();
      expect(third.governance.sentinel.inbox.list({ status: 'all' })).toHaveLength(0);
      expect(existsSync(`${third.files.inbox}.bad`)).toBe(true);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

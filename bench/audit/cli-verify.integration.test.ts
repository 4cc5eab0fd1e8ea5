// `aethercore audit verify` end to end: a real CLI process on a real SQLite store, before and after
// tampering, must exit 0 then non-zero and name the first bad entry.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, createRandom } from '@aethercore/core';
import { Ed25519Signer, SqliteAuditStore } from '@aethercore/adapter-sqlite';
import { AuditLog, formatVerifierKey, verifierKeyOf } from '@aethercore/governance';
import { sampleEntry } from './mutations.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'ac-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'audit', ...args], {
      cwd: root,
    });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe('aethercore audit verify (CLI)', () => {
  it('passes on an intact store, fails with the first bad entry after tampering, and checks a remembered checkpoint', async () => {
    const file = path.join(dir, 'audit.db');
    const signer = Ed25519Signer.generate('aethercore.local/audit');
    const store = new SqliteAuditStore(file);
    const log = await AuditLog.open(store, { signer, clock: new ManualClock(0) });
    const rnd = createRandom(3);
    for (let i = 0; i < 40; i++) await log.append(sampleEntry(i, rnd));
    const remembered = await log.checkpoint();
    await store.close();
    writeFileSync(path.join(dir, 'audit-log.vkey'), formatVerifierKey(verifierKeyOf(signer)));
    writeFileSync(path.join(dir, 'cp.txt'), remembered);

    const ok = await cli('verify', '--store', file, '--checkpoint', path.join(dir, 'cp.txt'));
    expect(ok.out).toContain('OK: the audit log verifies');
    expect(ok.code).toBe(0);

    const prove = await cli('prove', '17', '--store', file, '--json');
    expect(prove.code).toBe(0);
    // Other commands' imports may print warnings after the JSON (node-opcua); take the JSON document.
    expect(JSON.parse(/^\{[\s\S]*?^\}/m.exec(prove.out)![0])).toMatchObject({
      index: 17,
      treeSize: 40,
      verified: true,
    });

    const db = new Database(file);
    const row = db.prepare('SELECT entry FROM audit_entries WHERE idx = 23').get() as { entry: Buffer };
    row.entry[10] = row.entry[10]! ^ 0x20;
    db.prepare('UPDATE audit_entries SET entry = ? WHERE idx = 23').run(row.entry);
    db.close();
    const bad = await cli('verify', '--store', file);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('FIRST BAD ENTRY: 23');

    const missing = await cli('verify', '--store', path.join(dir, 'nope.db'));
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('audit.store-missing');
  }, 120_000);
});

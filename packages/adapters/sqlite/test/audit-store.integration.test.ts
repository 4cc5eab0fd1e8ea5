import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAuditStoreContract } from '../../../core/test/contracts/audit-store.contract.ts';
import { SqliteAuditStore } from '../src/audit-store.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ac-audit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runAuditStoreContract('sqlite', () => new SqliteAuditStore(path.join(dir, `s${n++}.db`)));

describe('SqliteAuditStore', () => {
  it('keeps entries and checkpoints across reopen', async () => {
    const file = path.join(dir, 'reopen.db');
    const a = new SqliteAuditStore(file);
    await a.append([{ entry: Uint8Array.of(1, 2, 3), leafHash: new Uint8Array(32).fill(7) }], 0);
    await a.putCheckpoint({ treeSize: 1, note: 'x' });
    await a.close();
    const b = new SqliteAuditStore(file);
    expect(await b.size()).toBe(1);
    expect(Array.from((await b.read(0, 1))[0]!.entry)).toEqual([1, 2, 3]);
    expect(await b.checkpoints()).toEqual([{ treeSize: 1, note: 'x' }]);
    await b.close();
  });

  it('two handles on one file cannot both append at the same index', async () => {
    const file = path.join(dir, 'two.db');
    const a = new SqliteAuditStore(file);
    const b = new SqliteAuditStore(file);
    const rec = { entry: Uint8Array.of(1), leafHash: new Uint8Array(32) };
    await a.append([rec], 0);
    await expect(b.append([rec], 0)).rejects.toMatchObject({ code: 'audit.append-conflict' });
    expect(await b.size()).toBe(1);
    await a.close();
    await b.close();
  });

  it('reports an unreadable file with a coded error', () => {
    expect(() => new SqliteAuditStore(path.join(dir, 'missing', 'x.db'))).toThrow(
      /Cannot open the audit store/,
    );
  });
});

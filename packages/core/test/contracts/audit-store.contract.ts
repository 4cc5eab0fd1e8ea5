import { describe, expect, it } from 'vitest';
import type { AuditStore, NewAuditRecord } from '../../src/ports/audit-store.ts';

/**
 * The AuditStore contract: every adapter (memory, SQLite, later PostgreSQL) runs exactly this.
 * `make` returns a fresh, empty store each time.
 */
export function runAuditStoreContract(name: string, make: () => AuditStore | Promise<AuditStore>): void {
  const rec = (i: number, len = 8): NewAuditRecord => ({
    entry: Uint8Array.from({ length: len }, (_, j) => (i * 7 + j) & 0xff),
    leafHash: Uint8Array.from({ length: 32 }, (_, j) => (i + j * 3) & 0xff),
  });

  describe(`AuditStore contract: ${name}`, () => {
    it('starts empty', async () => {
      const s = await make();
      expect(await s.size()).toBe(0);
      expect(await s.read(0, 10)).toEqual([]);
      expect(await s.checkpoints()).toEqual([]);
      await s.close();
    });

    it('appends at the expected size and reads back bytes exactly, in index order', async () => {
      const s = await make();
      expect(await s.append([rec(0), rec(1, 0)], 0)).toBe(0);
      expect(await s.append([rec(2, 300)], 2)).toBe(2);
      expect(await s.size()).toBe(3);
      const all = await s.read(0, 3);
      expect(all.map((r) => r.index)).toEqual([0, 1, 2]);
      for (const r of all) {
        expect(Array.from(r.entry)).toEqual(
          Array.from(rec(r.index, r.index === 1 ? 0 : r.index === 2 ? 300 : 8).entry),
        );
        expect(Array.from(r.leafHash)).toEqual(Array.from(rec(r.index).leafHash));
      }
      expect((await s.read(1, 2)).map((r) => r.index)).toEqual([1]);
      expect((await s.read(2, 100)).map((r) => r.index)).toEqual([2]);
      expect((await s.leafHashes(0, 3)).map((h) => Array.from(h))).toEqual(
        all.map((r) => Array.from(r.leafHash)),
      );
      await s.close();
    });

    it('refuses an append at the wrong position and writes nothing', async () => {
      const s = await make();
      await s.append([rec(0)], 0);
      await expect(s.append([rec(1), rec(2)], 0)).rejects.toMatchObject({ code: 'audit.append-conflict' });
      await expect(s.append([rec(1)], 5)).rejects.toMatchObject({ code: 'audit.append-conflict' });
      expect(await s.size()).toBe(1);
      await s.close();
    });

    it('is all-or-none: a batch with one bad record writes nothing', async () => {
      const s = await make();
      const bad = { entry: new Uint8Array(3), leafHash: new Uint8Array(5) };
      await expect(s.append([rec(0), bad], 0)).rejects.toMatchObject({ code: 'audit.record-invalid' });
      expect(await s.size()).toBe(0);
      await s.close();
    });

    it('lets exactly one of two racing writers win the same position', async () => {
      const s = await make();
      const results = await Promise.allSettled([s.append([rec(0)], 0), s.append([rec(9)], 0)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await s.size()).toBe(1);
      await s.close();
    });

    it('stores checkpoints oldest first', async () => {
      const s = await make();
      await s.append([rec(0), rec(1)], 0);
      await s.putCheckpoint({ treeSize: 1, note: 'a\n1\nx\n\n— k sig\n' });
      await s.putCheckpoint({ treeSize: 2, note: 'a\n2\ny\n\n— k sig\n' });
      expect(await s.checkpoints()).toEqual([
        { treeSize: 1, note: 'a\n1\nx\n\n— k sig\n' },
        { treeSize: 2, note: 'a\n2\ny\n\n— k sig\n' },
      ]);
      await s.close();
    });

    it('does not let callers mutate stored bytes through the arrays they passed in', async () => {
      const s = await make();
      const r = rec(0);
      await s.append([r], 0);
      r.entry[0] = 0xee;
      r.leafHash[0] = 0xee;
      const [back] = await s.read(0, 1);
      expect(back!.entry[0]).toBe(rec(0).entry[0]);
      expect(back!.leafHash[0]).toBe(rec(0).leafHash[0]);
      await s.close();
    });
  });
}

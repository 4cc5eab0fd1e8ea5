/**
 * The EventStore contract: every adapter (memory, SQLite, later PostgreSQL) runs this suite unchanged.
 * Usage in an adapter's test file:
 *
 *   runEventStoreContract('SqliteEventStore', () => Promise.resolve(new SqliteEventStore({ file })), {
 *     durable: async () => { const file = …; return () => Promise.resolve(new SqliteEventStore({ file })); },
 *   });
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isAetherError, type EventStore, type NewEvent, type StoredEvent } from '../../src/index.ts';

export interface EventStoreContractOptions {
  /**
   * For durable stores: prepare a fresh storage location and return an opener that can be called
   * more than once on it (close, then open again: the events must still be there).
   */
  readonly durable?: () => Promise<() => Promise<EventStore>>;
}

const ev = (
  i: number,
  stream = `station/ST${i % 3}`,
  type = i % 2 === 0 ? 'StationStarted' : 'StationStopped',
): NewEvent => ({
  type,
  stream,
  time: 1_700_000_000_000 + i * 1000,
  data: { i, note: `event ${i}`, nested: { list: [i, i + 1], flag: i % 2 === 0 } },
});

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeDefined();
  expect(isAetherError(caught) ? caught.code : String(caught)).toBe(code);
}

/** The plain fields of a stored event, to compare with what was appended. */
const plain = (e: StoredEvent | NewEvent): NewEvent => ({
  type: e.type,
  stream: e.stream,
  time: e.time,
  data: e.data,
});

export function runEventStoreContract(
  name: string,
  make: () => Promise<EventStore>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const open: EventStore[] = [];
    const fresh = async (): Promise<EventStore> => {
      const s = await make();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('starts empty', async () => {
      const s = await fresh();
      expect(await s.lastSeq()).toBe(0);
      expect(await s.read()).toEqual([]);
    });

    it('numbers appended events 1, 2, 3, … without gaps, across batches, and keeps their fields', async () => {
      const s = await fresh();
      const a = await s.append([ev(0), ev(1), ev(2)]);
      const b = await s.append([ev(3)]);
      const c = await s.append([ev(4), ev(5)]);
      expect([...a, ...b, ...c].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await s.lastSeq()).toBe(6);
      const all = await s.read();
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(all.map(plain)).toEqual([0, 1, 2, 3, 4, 5].map((i) => plain(ev(i))));
      expect(all).toEqual([...a, ...b, ...c]);
    });

    it('treats an empty batch as a no-op', async () => {
      const s = await fresh();
      await s.append([ev(0)]);
      expect(await s.append([])).toEqual([]);
      expect(await s.lastSeq()).toBe(1);
    });

    it('filters by stream, types, afterSeq and limit, in seq order', async () => {
      const s = await fresh();
      await s.append(Array.from({ length: 30 }, (_, i) => ev(i)));
      const st1 = await s.read({ stream: 'station/ST1' });
      expect(st1.map((e) => e.seq)).toEqual([2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
      const stopped = await s.read({ types: ['StationStopped'] });
      expect(stopped.every((e) => e.type === 'StationStopped')).toBe(true);
      expect(stopped).toHaveLength(15);
      expect(await s.read({ types: [] })).toEqual([]);
      expect((await s.read({ types: ['StationStopped', 'StationStarted'] })).length).toBe(30);
      const manyTypes = [...Array.from({ length: 40_000 }, (_, i) => `Other${i}`), 'StationStopped'];
      expect((await s.read({ types: manyTypes })).length).toBe(15);
      expect((await s.read({ afterSeq: 25 })).map((e) => e.seq)).toEqual([26, 27, 28, 29, 30]);
      expect((await s.read({ afterSeq: 30 })).length).toBe(0);
      expect((await s.read({ afterSeq: 999 })).length).toBe(0);
      expect((await s.read({ limit: 3 })).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await s.read({ limit: 0 })).toEqual([]);
      const combined = await s.read({
        stream: 'station/ST1',
        types: ['StationStarted'],
        afterSeq: 5,
        limit: 2,
      });
      expect(combined.map((e) => e.seq)).toEqual([11, 17]);
    });

    it('pages through the log with afterSeq + limit without losing or repeating an event', async () => {
      const s = await fresh();
      await s.append(Array.from({ length: 47 }, (_, i) => ev(i)));
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await s.read({ afterSeq: after, limit: 10 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.seq));
        after = page.at(-1)!.seq;
      }
      expect(seen).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    });

    it('appends a batch atomically: one bad event rejects the whole batch and the store stays usable', async () => {
      const s = await fresh();
      await s.append([ev(0)]);
      const bad: unknown[] = [
        { ...ev(1), type: '' },
        { ...ev(1), stream: 42 },
        { ...ev(1), time: Number.NaN },
        { ...ev(1), time: Number.POSITIVE_INFINITY },
        { ...ev(1), data: null },
        { ...ev(1), data: [1, 2] },
        { ...ev(1), data: { big: 10n } },
        null,
        'StationStarted',
      ];
      for (const b of bad) {
        await expectCode(s.append([ev(1), ev(2), b as NewEvent, ev(3)]), 'events.invalid');
        expect(await s.lastSeq()).toBe(1);
      }
      await expectCode(s.append('nope' as unknown as NewEvent[]), 'events.invalid');
      expect((await s.read()).map((e) => e.seq)).toEqual([1]);
      const next = await s.append([ev(9)]);
      expect(next.map((e) => e.seq)).toEqual([2]);
    });

    it('rejects a malformed query with a coded error', async () => {
      const s = await fresh();
      await expectCode(s.read({ afterSeq: -1 }), 'events.query-invalid');
      await expectCode(s.read({ limit: 1.5 }), 'events.query-invalid');
      await expectCode(s.read({ limit: Number.NaN }), 'events.query-invalid');
    });

    it('stores a copy: mutating the appended object afterwards changes nothing', async () => {
      const s = await fresh();
      const data: Record<string, unknown> = { a: 1 };
      await s.append([{ type: 'T', stream: 's', time: 1, data }]);
      data['a'] = 2;
      expect((await s.read())[0]?.data).toEqual({ a: 1 });
    });

    it('keeps each concurrent batch contiguous and the log gap-free', async () => {
      const s = await fresh();
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 5 }, (_, i) => ev(b * 5 + i, `batch/${b}`)),
      );
      const results = await Promise.all(batches.map((batch) => s.append(batch)));
      for (const r of results) {
        const seqs = r.map((e) => e.seq);
        expect(seqs).toEqual(Array.from({ length: 5 }, (_, i) => seqs[0]! + i));
      }
      const all = await s.read();
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('appends a large batch (20,000 events) in one call', async () => {
      const s = await fresh();
      await s.append([ev(0)]);
      const big = Array.from({ length: 20_000 }, (_, i) => ev(i + 1));
      const stored = await s.append(big);
      expect(stored.length).toBe(20_000);
      expect(stored[0]?.seq).toBe(2);
      expect(stored.at(-1)?.seq).toBe(20_001);
      expect(await s.lastSeq()).toBe(20_001);
      const tail = await s.read({ afterSeq: 19_990 });
      expect(tail.map(plain)).toEqual(big.slice(19_989).map(plain));
    });

    it('answers filtered reads like a plain filter over the log (property)', async () => {
      const event = fc.record({
        type: fc.constantFrom('A', 'B', 'C'),
        stream: fc.constantFrom('s/1', 's/2', 'x'),
        time: fc.integer({ min: 0, max: 1e12 }),
        data: fc.dictionary(
          fc.string({ maxLength: 4 }),
          fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean()),
        ),
      });
      const query = fc.record(
        {
          stream: fc.constantFrom('s/1', 's/2', 'x', 'none'),
          types: fc.subarray(['A', 'B', 'C', 'D']),
          afterSeq: fc.nat({ max: 40 }),
          limit: fc.nat({ max: 40 }),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(event, { maxLength: 10 }), { maxLength: 5 }),
          query,
          async (batches, q) => {
            const s = await make();
            try {
              const log: StoredEvent[] = [];
              for (const b of batches) log.push(...(await s.append(b)));
              expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
              const expected = log
                .filter((e) => e.seq > (q.afterSeq ?? 0))
                .filter((e) => q.stream === undefined || e.stream === q.stream)
                .filter((e) => q.types === undefined || q.types.includes(e.type))
                .slice(0, q.limit ?? Number.POSITIVE_INFINITY);
              expect(await s.read(q)).toEqual(expected);
            } finally {
              await s.close();
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    it('rejects use after close with a coded error', async () => {
      const s = await make();
      await s.close();
      await expectCode(s.append([ev(0)]), 'events.closed');
      await expectCode(s.read(), 'events.closed');
      await expectCode(s.lastSeq(), 'events.closed');
    });

    const durable = options.durable;
    it.runIf(durable !== undefined)(
      'keeps events across close and reopen, and continues the sequence',
      async () => {
        const openAgain = await durable!();
        const first = await openAgain();
        await first.append([ev(0), ev(1)]);
        await first.append([ev(2)]);
        await first.close();
        const second = await openAgain();
        try {
          expect(await second.lastSeq()).toBe(3);
          expect((await second.read()).map(plain)).toEqual([0, 1, 2].map((i) => plain(ev(i))));
          expect((await second.append([ev(3)])).map((e) => e.seq)).toEqual([4]);
          await expectCode(second.append([ev(4), { ...ev(5), time: Number.NaN }]), 'events.invalid');
        } finally {
          await second.close();
        }
        const third = await openAgain();
        try {
          expect(await third.lastSeq()).toBe(4);
        } finally {
          await third.close();
        }
      },
    );
  });
}

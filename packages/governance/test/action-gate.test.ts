import { ManualClock, MemoryAuditStore, createRandom, type AuditStore } from '@aethercore/core';
import { describe, expect, it } from 'vitest';
import { ActionGate, AuditLog } from '../src/index.ts';
import { agent, auditLog, human } from './helpers.ts';

const dexter = agent('dexter');
const olga = human('olga', 'operator');
const sam = human('sam', 'supervisor');

/** Yield to the event loop `n` times (microtasks only: deterministic interleavings from the seed). */
async function yieldTimes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe('stop-all switch and action gate', () => {
  it('stop during concurrent activity, 100 times: 0 actions start after the stop', async () => {
    let startedAfterStop = 0;
    let totalStarted = 0;
    let totalRefused = 0;
    for (let trial = 0; trial < 100; trial++) {
      const rnd = createRandom(trial);
      const { log } = await auditLog();
      const gate = new ActionGate({ audit: log, clock: new ManualClock(0) });
      let seq = 0;
      let stopSeq = Number.POSITIVE_INFINITY;
      const starts: number[] = [];
      const actions = Array.from({ length: 40 }, async (_, i) => {
        await yieldTimes(rnd.int(0, 60));
        try {
          await gate.run({ actor: dexter, action: 'setpoint.write', subject: `ST07#${i}` }, async () => {
            starts.push(++seq);
            await yieldTimes(rnd.int(0, 5));
          });
        } catch (e) {
          if ((e as { code?: string }).code !== 'gate.stopped') throw e;
          totalRefused++;
        }
      });
      const stopper = (async () => {
        await yieldTimes(rnd.int(0, 60));
        const p = gate.engage(olga, 'smoke near ST07');
        stopSeq = ++seq; // engage is effective synchronously, before its first await
        await p;
      })();
      await Promise.all([...actions, stopper]);
      startedAfterStop += starts.filter((s) => s > stopSeq).length;
      totalStarted += starts.length;
      expect(gate.stopped).toBe(true);
    }
    expect(startedAfterStop).toBe(0);
    // The trials really interleaved: some actions ran before their stop and some were refused.
    expect(totalStarted).toBeGreaterThan(0);
    expect(totalRefused).toBeGreaterThan(0);
  });

  it('any one person (or an agent) can stop; only an authorised human can resume, and it is audited', async () => {
    const { log } = await auditLog();
    const gate = new ActionGate({ audit: log, clock: new ManualClock(5) });
    await gate.engage(dexter, 'vibration alarm on R7');
    await expect(gate.run({ actor: dexter, action: 'setpoint.write' }, () => 1)).rejects.toMatchObject({
      code: 'gate.stopped',
    });
    await expect(gate.resume(olga, 'looks fine')).rejects.toMatchObject({ code: 'access.forbidden' });
    await expect(gate.resume(dexter as unknown as typeof sam, 'resume myself')).rejects.toMatchObject({
      code: 'access.forbidden',
    });
    expect(gate.stopped).toBe(true);
    await gate.resume(sam, 'R7 inspected');
    expect(gate.stopped).toBe(false);
    expect(await gate.run({ actor: dexter, action: 'setpoint.write' }, () => 7)).toBe(7);
    const es = (await log.entries(0, log.size)).map(
      (e) => `${e.entry!.actor} ${e.entry!.action} ${e.entry!.outcome}`,
    );
    expect(es).toEqual([
      'agent:dexter stop.engaged done',
      'agent:dexter setpoint.write refused',
      'u:olga stop.resume denied',
      'agent:dexter stop.resume denied',
      'u:sam stop.resume done',
      'agent:dexter setpoint.write started',
      'agent:dexter setpoint.write succeeded',
    ]);
  });

  it('a stop works even when the audit store is down; actions do not (no unlogged actions)', async () => {
    const down: AuditStore = {
      append: () => Promise.reject(new Error('disk gone')),
      read: () => Promise.resolve([]),
      leafHashes: () => Promise.resolve([]),
      size: () => Promise.resolve(0),
      putCheckpoint: () => Promise.reject(new Error('disk gone')),
      checkpoints: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    const gate = new ActionGate({
      audit: await AuditLog.open(down, { clock: new ManualClock(0) }),
      clock: new ManualClock(0),
    });
    let ran = 0;
    await expect(gate.run({ actor: dexter, action: 'setpoint.write' }, () => ++ran)).rejects.toMatchObject({
      code: 'audit.unavailable',
    });
    expect(ran).toBe(0);
    expect(await gate.engage(olga, 'emergency')).toEqual({ audited: false });
    expect(gate.stopped).toBe(true);
  });

  it('in-flight count returns to zero, also when actions fail', async () => {
    const gate = new ActionGate({
      audit: await AuditLog.open(new MemoryAuditStore(), { clock: new ManualClock(0) }),
      clock: new ManualClock(0),
    });
    await expect(
      gate.run({ actor: dexter, action: 'x' }, () => Promise.reject(new Error('plc timeout'))),
    ).rejects.toThrow(/plc timeout/);
    await expect(
      gate.run({ actor: dexter, action: 'x' }, () => {
        throw new Error('sync fail');
      }),
    ).rejects.toThrow(/sync fail/);
    expect(gate.inFlight).toBe(0);
  });
});

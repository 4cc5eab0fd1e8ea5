// RELIABILITY.md "an action whose audit append fails → the action does not run", with the real SQLite
// adapter failing underneath (the connection is gone), not a stub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@aethercore/core';
import { SqliteAuditStore } from '@aethercore/adapter-sqlite';
import { ActionGate, AuditLog, type AgentPrincipal } from '@aethercore/governance';

const dir = mkdtempSync(path.join(tmpdir(), 'ac-audit-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dexter: AgentPrincipal = { kind: 'agent', id: 'dexter', displayName: 'Dexter', roles: ['agent'] };

describe('no unlogged actions on a failing SQLite audit store', () => {
  it('0 of 100 gated actions run once the store cannot append; the log stays verifiable up to the failure', async () => {
    const store = new SqliteAuditStore(path.join(dir, 'audit.db'));
    const clock = new ManualClock(1_795_000_000_000);
    const log = await AuditLog.open(store, { clock });
    const gate = new ActionGate({ audit: log, clock });
    let ran = 0;
    for (let i = 0; i < 10; i++)
      await gate.run({ actor: dexter, action: 'setpoint.write', subject: `W-${i}` }, () => ++ran);
    expect(ran).toBe(10);
    expect(log.size).toBe(20); // intent + outcome per action

    await store.close();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        gate.run({ actor: dexter, action: 'setpoint.write', subject: `X-${i}` }, () => ++ran),
      ),
    );
    expect(ran).toBe(10);
    expect(
      results.every(
        (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'audit.unavailable',
      ),
    ).toBe(true);
    expect(log.size).toBe(20);
  });
});

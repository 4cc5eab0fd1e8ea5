import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IdentityDirectory,
  TOKEN_USE_WRITE_MS,
  hashApiToken,
  type IdentitySnapshot,
  type PasswordHasher,
} from '../src/index.ts';
import { auditLog } from './helpers.ts';

const hasher: PasswordHasher = {
  hash: (pw) => Promise.resolve(`plain$${pw}`),
  verify: (pw, enc) => Promise.resolve(enc === `plain$${pw}`),
};
const TOKEN = (c: string) => `act_${c.repeat(43)}`;

async function setup(record: (hash: string, at: number) => void | Promise<void>) {
  const { log, clock } = await auditLog();
  const options = { hasher, clock, audit: log, recordTokenUse: record };
  const dir = new IdentityDirectory(options);
  const admin = await dir.addUser('bootstrap', {
    id: 'root',
    displayName: 'Root',
    roles: ['admin'],
    password: 'correct horse battery',
  });
  await dir.addUser(admin, {
    id: 'eva',
    displayName: 'Eva',
    roles: ['engineer'],
    password: 'eva-long-passphrase',
  });
  await dir.addAgent(admin, { id: 'dexter', displayName: 'Dexter' });
  return { dir, admin, clock, options };
}

describe("an API token's last use", () => {
  it('is shown at every use, written at most once a minute per token, never for a refused token', async () => {
    const writes: [string, number][] = [];
    const { dir, admin, clock } = await setup((h, at) => void writes.push([h, at]));
    const info = await dir.issueToken(admin, 'dexter', TOKEN('a'), { expiresAt: clock.now() + 3_600_000 });
    await dir.issueToken(admin, 'eva', TOKEN('b'));
    expect(dir.tokens().every((t) => t.lastUsedAt === undefined)).toBe(true);
    expect(info.lastUsedAt).toBeUndefined();

    const t0 = clock.now();
    expect(dir.authenticateToken(TOKEN('a'))?.id).toBe('dexter');
    expect(writes).toEqual([[hashApiToken(TOKEN('a')), t0]]);
    clock.advance(TOKEN_USE_WRITE_MS - 1);
    dir.authenticateToken(TOKEN('a'));
    // Shown at the latest use, but not written again within the minute.
    expect(dir.tokens().find((t) => t.id === info.id)?.lastUsedAt).toBe(t0 + TOKEN_USE_WRITE_MS - 1);
    expect(writes).toHaveLength(1);
    // Another token has its own throttle.
    dir.authenticateToken(TOKEN('b'));
    expect(writes.map((w) => w[0])).toEqual([hashApiToken(TOKEN('a')), hashApiToken(TOKEN('b'))]);
    clock.advance(1);
    dir.authenticateToken(TOKEN('a'));
    expect(writes).toHaveLength(3);
    expect(writes[2]).toEqual([hashApiToken(TOKEN('a')), t0 + TOKEN_USE_WRITE_MS]);

    // Unknown, expired and revoked tokens record nothing.
    dir.authenticateToken(TOKEN('z'));
    clock.advance(3_600_000);
    expect(dir.authenticateToken(TOKEN('a'))).toBeUndefined();
    await dir.revokeTokenById(admin, dir.tokens().find((t) => t.subject === 'eva')?.id ?? '');
    expect(dir.authenticateToken(TOKEN('b'))).toBeUndefined();
    expect(writes).toHaveLength(3);
  });

  it('a failed write refuses nothing and is retried at the next use; the snapshot carries the time', async () => {
    let fail = true;
    const writes: number[] = [];
    const { dir, admin, clock, options } = await setup((_h, at) => {
      if (fail) throw new Error('disk full');
      writes.push(at);
    });
    await dir.issueToken(admin, 'dexter', TOKEN('a'));
    expect(dir.authenticateToken(TOKEN('a'))?.id).toBe('dexter');
    fail = false;
    clock.advance(1000);
    dir.authenticateToken(TOKEN('a'));
    expect(writes).toEqual([clock.now()]);
    const snap: IdentitySnapshot = dir.snapshot();
    expect(snap.tokens[0]?.lastUsedAt).toBe(clock.now());
    // Restored: the stored time counts as written, so a use within the minute writes nothing.
    const back = IdentityDirectory.fromSnapshot(JSON.parse(JSON.stringify(snap)), options);
    expect(back.tokens()[0]?.lastUsedAt).toBe(clock.now());
    clock.advance(1000);
    back.authenticateToken(TOKEN('a'));
    expect(writes).toHaveLength(1);
    expect(back.tokens()[0]?.lastUsedAt).toBe(clock.now());
  });

  it('a rejected asynchronous write is retried at the next use', async () => {
    let calls = 0;
    const { dir, admin } = await setup(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('unavailable')) : Promise.resolve();
    });
    await dir.issueToken(admin, 'dexter', TOKEN('a'));
    dir.authenticateToken(TOKEN('a'));
    await new Promise((r) => setTimeout(r, 0));
    dir.authenticateToken(TOKEN('a'));
    expect(calls).toBe(2);
  });

  it('writes per token never come closer than the throttle, whatever the request times (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 90_000 }), fc.constantFrom('a', 'b')), { maxLength: 40 }),
        async (steps) => {
          const writes = new Map<string, number[]>();
          const { dir, admin, clock } = await setup(
            (h, at) => void writes.set(h, [...(writes.get(h) ?? []), at]),
          );
          await dir.issueToken(admin, 'dexter', TOKEN('a'));
          await dir.issueToken(admin, 'dexter', TOKEN('b'));
          const uses = new Map<string, number>();
          for (const [dt, c] of steps) {
            clock.advance(dt);
            dir.authenticateToken(TOKEN(c));
            uses.set(c, clock.now());
          }
          for (const [c, at] of uses) {
            const w = writes.get(hashApiToken(TOKEN(c))) ?? [];
            // The first use is always written, and no two writes are closer than the throttle.
            expect(w.length).toBeGreaterThan(0);
            for (let i = 1; i < w.length; i++)
              expect((w[i] ?? 0) - (w[i - 1] ?? 0)).toBeGreaterThanOrEqual(TOKEN_USE_WRITE_MS);
            // What is shown is the latest use; what is stored lags it by less than the throttle.
            const shown = dir.tokens().find((t) => t.subject === 'dexter' && t.lastUsedAt === at);
            expect(shown).toBeDefined();
            expect(at - (w.at(-1) ?? 0)).toBeLessThan(TOKEN_USE_WRITE_MS);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

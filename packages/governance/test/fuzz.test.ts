import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActionLedger,
  decodeEntry,
  evaluatePolicy,
  openCheckpoint,
  parseVerifierKey,
  routeOf,
  verifierKeyOf,
  verifyAuditBundle,
  verifyProposal,
  type PolicyRequest,
} from '../src/index.ts';
import { MONDAY_10, policy } from './helpers.ts';
import { testSigner, testVerifier } from './test-signer.ts';

/** Bad input must never crash a process: every parser and verifier returns a value for any input. */
describe('hostile input never throws', () => {
  const key = verifierKeyOf(testSigner('aethercore.test/log'));

  it('decodeEntry on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        expect(typeof decodeEntry(b).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('openCheckpoint, parseVerifierKey and routeOf on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => {
        expect(openCheckpoint(t, { logKey: key }, testVerifier).ok).toBe(false);
        expect(openCheckpoint(`o\n1\n${t}\n\n— ${t}\n`, { logKey: key }, testVerifier).ok).toBe(false);
        parseVerifierKey(t);
        routeOf('GET', t);
      }),
      { numRuns: 1000 },
    );
  });

  it('verifyAuditBundle and verifyProposal on arbitrary values', () => {
    const ctx = { policy: policy(), now: MONDAY_10, stateVersion: 1, ledger: new ActionLedger() };
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(verifyAuditBundle(v, { logKey: key }, testVerifier).ok).toBe(false);
        expect(verifyProposal(v, ctx).pass).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('evaluatePolicy on arbitrary numbers and names returns a grade', () => {
    const p = policy();
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('read', 'simulate', 'actuate') as fc.Arbitrary<'read'>,
        fc.double(),
        fc.double(),
        (tool, effect, value, u) => {
          const req: PolicyRequest = {
            tool,
            effect,
            setpoint: { target: 'ST07/spindleSpeed', value },
            uncertainty: u,
            time: MONDAY_10,
          };
          expect(typeof evaluatePolicy(p, req, { ledger: new ActionLedger() }).grade).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });
});

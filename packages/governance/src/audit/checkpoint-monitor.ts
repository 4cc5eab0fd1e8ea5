import type { SignatureVerifier, Signer } from '@aethercore/core';
import { bytesEqual } from '../crypto/bytes.ts';
import { cosignNote, openCheckpoint, type Checkpoint, type OpenCheckpointOptions } from './checkpoint.ts';
import { verifyConsistency } from './merkle-proof.ts';

export type CheckpointVerdict =
  | { readonly ok: true; readonly checkpoint: Checkpoint }
  | { readonly ok: false; readonly reason: 'invalid' | 'rollback' | 'fork'; readonly message: string };

/**
 * A client that remembers the last checkpoint it accepted (an auditor, a dashboard, a witness).
 * At the next checkpoint it demands a consistency proof (RFC 9162 §2.1.4) from the remembered size:
 * a smaller size is a **rollback**, a proof that fails is a **fork** (the log rewrote history).
 */
export class CheckpointMonitor {
  #last: Checkpoint | undefined;
  readonly #options: OpenCheckpointOptions;
  readonly #verifier: SignatureVerifier;

  constructor(options: OpenCheckpointOptions, verifier: SignatureVerifier, remembered?: Checkpoint) {
    this.#options = options;
    this.#verifier = verifier;
    this.#last = remembered;
  }

  get last(): Checkpoint | undefined {
    return this.#last;
  }

  /** Checks a new signed checkpoint against the remembered one; remembers it only if it is consistent. */
  observe(note: string, consistencyProof: readonly Uint8Array[]): CheckpointVerdict {
    const opened = openCheckpoint(note, this.#options, this.#verifier);
    if (!opened.ok) return { ok: false, reason: 'invalid', message: opened.reason };
    const next = opened.checkpoint;
    const last = this.#last;
    if (last !== undefined) {
      if (next.treeSize < last.treeSize) {
        return {
          ok: false,
          reason: 'rollback',
          message: `size went back from ${last.treeSize} to ${next.treeSize}`,
        };
      }
      const same = next.treeSize === last.treeSize;
      const consistent = same
        ? bytesEqual(next.rootHash, last.rootHash)
        : verifyConsistency(last.treeSize, next.treeSize, last.rootHash, next.rootHash, consistencyProof);
      if (!consistent) {
        return {
          ok: false,
          reason: 'fork',
          message: `checkpoint ${next.treeSize} does not extend the remembered ${last.treeSize}`,
        };
      }
    }
    this.#last = next;
    return { ok: true, checkpoint: next };
  }
}

/**
 * An independent witness: it cosigns a checkpoint only if it is consistent with everything it
 * cosigned before, so a log cannot show different histories to different clients without a witness
 * signature giving it away.
 */
export class Witness {
  readonly #monitor: CheckpointMonitor;
  readonly #signer: Signer;

  constructor(
    signer: Signer,
    logOptions: OpenCheckpointOptions,
    verifier: SignatureVerifier,
    remembered?: Checkpoint,
  ) {
    this.#signer = signer;
    this.#monitor = new CheckpointMonitor({ ...logOptions, minWitnesses: 0 }, verifier, remembered);
  }

  get last(): Checkpoint | undefined {
    return this.#monitor.last;
  }

  /**
   * The note with the witness's cosignature/v1 added (timestamped with `timeMs` from the witness's
   * Clock), or the reason it refuses.
   */
  cosign(
    note: string,
    consistencyProof: readonly Uint8Array[],
    timeMs: number,
  ): { ok: true; note: string } | { ok: false; reason: string; message: string } {
    const v = this.#monitor.observe(note, consistencyProof);
    if (!v.ok) return { ok: false, reason: v.reason, message: v.message };
    return { ok: true, note: cosignNote(note, this.#signer, Math.floor(timeMs / 1000)) };
  }
}

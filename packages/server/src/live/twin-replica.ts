import { AetherError, type Plant } from '@aethercore/core';
import { canonicalJson, createTwin, fnv1a64, type Twin } from '@aethercore/twin';
import type { TwinRecipe } from './strategos-plan-job.ts';

/** A hash of the twin's whole state: equal hashes, equal replicas. */
export const snapshotHash = (twin: Twin): string => fnv1a64(canonicalJson(twin.snapshot()));

/** How the replica was brought to the recipe's state. */
export type ReplicaSync = 'kept' | 'advanced' | 'rebuilt';

/**
 * A copy of the running twin on another thread, brought to the state a `TwinRecipe` describes. The
 * twin is deterministic, so plant + scenario + seed + the commands applied, each at its time, replayed
 * to `nowMs`, give the same state; the snapshot hash proves it. The replica is kept between requests
 * and only advanced while the recipe extends it (same replay, later time, more commands); otherwise it
 * is rebuilt by replay. Used by Strategos' planning job (`PlanJobRunner`) and the evidence-refresh
 * worker, each with its own coded error for a replay that does not reproduce the running twin.
 */
export class TwinReplica {
  readonly #plant: Plant;
  readonly #diverged: (r: TwinRecipe) => AetherError;
  #cur: { loop: number; seed: number; twin: Twin; applied: number } | undefined;

  constructor(plant: Plant, diverged: (r: TwinRecipe) => AetherError = evidenceReplicaDiverged) {
    this.#plant = plant;
    this.#diverged = diverged;
  }

  /** The replica at the recipe's state; the owner's coded error when a replay does not reproduce it. */
  sync(r: TwinRecipe): { readonly twin: Twin; readonly how: ReplicaSync } {
    const cur = this.#cur;
    if (cur !== undefined && cur.loop === r.loop && cur.seed === r.seed && cur.twin.now() <= r.nowMs) {
      const kept = cur.twin.now() === r.nowMs && cur.applied === r.commands.length;
      const more = r.commands.slice(cur.applied);
      if (more.every((c) => c.atMs >= cur.twin.now())) {
        for (const c of more) {
          cur.twin.advanceTo(c.atMs);
          cur.twin.apply(c.command);
        }
        cur.twin.advanceTo(r.nowMs);
        cur.applied = r.commands.length;
        if (snapshotHash(cur.twin) === r.snapshotHash)
          return { twin: cur.twin, how: kept ? 'kept' : 'advanced' };
      }
    }
    const twin = createTwin({ plant: this.#plant, scenario: r.scenario, seed: r.seed });
    for (const c of r.commands) {
      twin.advanceTo(c.atMs);
      twin.apply(c.command);
    }
    // A twin not advanced yet sits at its start with the start's events pending (`advanceTo` is
    // inclusive): try it as it is first, then advanced onto `nowMs`.
    if (twin.now() < r.nowMs) twin.advanceTo(r.nowMs);
    if (snapshotHash(twin) !== r.snapshotHash) twin.advanceTo(r.nowMs);
    this.#cur = { loop: r.loop, seed: r.seed, twin, applied: r.commands.length };
    if (snapshotHash(twin) !== r.snapshotHash) {
      this.#cur = undefined;
      throw this.#diverged(r);
    }
    return { twin, how: 'rebuilt' };
  }
}

/** The evidence-refresh worker's error when its replay does not reproduce the running twin. */
const evidenceReplicaDiverged = (r: TwinRecipe): AetherError =>
  new AetherError({
    code: 'evidence.replica-diverged',
    message: `the refresh worker's replay of the twin (loop ${r.loop}, seed ${r.seed}) does not match the running twin at plant time ${r.nowMs}`,
    hint: "a command reached the twin without leaving its event in the log, or the seed is not the twin's; nothing was simulated",
    category: 'system',
  });

// The public surface of @aethercore/governance (Sentinel). See docs/governance.md.

// Hashing (pure SHA-256) and byte helpers.
export { sha256, sha256Concat } from './crypto/sha256.ts';
export { toHex, fromHex, toBase64, fromBase64, utf8, bytesEqual } from './crypto/bytes.ts';

// Audit log: RFC 9162 Merkle tree, proofs, entries, checkpoints, verification, export.
export { HASH_SIZE, EMPTY_ROOT, hashLeaf, hashChildren, rootFromLeafHashes } from './audit/merkle-hash.ts';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './audit/merkle-proof.ts';
export { MerkleTree } from './audit/merkle-tree.ts';
export { canonicalJson } from './audit/canonical-json.ts';
export { encodeEntry, decodeEntry, hashRef, type AuditEntry, type AuditEntryInput, type ActorKind } from './audit/audit-entry.ts';
export {
  checkpointBody,
  signCheckpoint,
  cosignNote,
  openCheckpoint,
  keyIdOf,
  verifierKeyOf,
  formatVerifierKey,
  parseVerifierKey,
  type Checkpoint,
  type VerifierKey,
  type OpenCheckpointOptions,
  type OpenedCheckpoint,
} from './audit/checkpoint.ts';
export { AuditLog, type AuditLogOptions, type AppendedEntry } from './audit/audit-log.ts';
export { auditedAction, type AuditedResult } from './audit/audited-action.ts';
export { verifyAuditStore, type VerifyOptions, type VerifyReport, type AuditProblem, type AuditProblemCode } from './audit/verify-log.ts';
export { CheckpointMonitor, Witness, type CheckpointVerdict } from './audit/checkpoint-monitor.ts';
export { exportAuditBundle, verifyAuditBundle, type AuditBundle, type BundleVerdict } from './audit/audit-bundle.ts';

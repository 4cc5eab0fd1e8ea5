// The public surface of @aethercore/governance (Sentinel). See docs/governance.md.

// Hashing (pure SHA-256) and byte helpers.
export { sha256, sha256Concat } from './crypto/sha256.ts';
export { toHex, fromHex, toBase64, fromBase64, utf8, bytesEqual } from './crypto/bytes.ts';

// Audit log: RFC 9162 Merkle tree, proofs, entries, checkpoints, verification, export.
export { HASH_SIZE, EMPTY_ROOT, hashLeaf, hashChildren, rootFromLeafHashes } from './audit/merkle-hash.ts';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './audit/merkle-proof.ts';
export { MerkleTree } from './audit/merkle-tree.ts';
export { canonicalJson } from './audit/canonical-json.ts';
export {
  encodeEntry,
  decodeEntry,
  hashRef,
  type AuditEntry,
  type AuditEntryInput,
  type ActorKind,
} from './audit/audit-entry.ts';
export {
  checkpointBody,
  signCheckpoint,
  cosignNote,
  openCheckpoint,
  keyIdOf,
  verifierKeyOf,
  formatVerifierKey,
  parseVerifierKey,
  SIG_ED25519,
  SIG_COSIGNATURE_V1,
  type SignatureType,
  type Checkpoint,
  type VerifierKey,
  type OpenCheckpointOptions,
  type OpenedCheckpoint,
} from './audit/checkpoint.ts';
export { AuditLog, type AuditLogOptions, type AppendedEntry } from './audit/audit-log.ts';
export { auditedAction, type AuditedResult } from './audit/audited-action.ts';
export {
  verifyAuditStore,
  type VerifyOptions,
  type VerifyReport,
  type AuditProblem,
  type AuditProblemCode,
} from './audit/verify-log.ts';
export { CheckpointMonitor, Witness, type CheckpointVerdict } from './audit/checkpoint-monitor.ts';
export {
  exportAuditBundle,
  verifyAuditBundle,
  type AuditBundle,
  type BundleVerdict,
} from './audit/audit-bundle.ts';

// Policies, limits and graded autonomy.
export {
  TOOL_EFFECTS,
  AUTONOMY_GRADES,
  gradeRank,
  stricter,
  raiseGrade,
  runsWithoutApproval,
  approvalsRequired,
  type ToolEffect,
  type AutonomyGrade,
} from './policy/autonomy.ts';
export {
  policyDocumentSchema,
  type PolicyDocument,
  type ActionClassPolicy,
  type Limits,
  type SetpointLimit,
} from './policy/policy-schema.ts';
export { parsePolicy, parsePolicyText } from './policy/policy-file.ts';
export { ActionLedger, localDayStart, localClock, type LedgerEntry } from './policy/action-ledger.ts';
export {
  evaluatePolicy,
  type PolicyRequest,
  type PolicyContext,
  type PolicyDecision,
  type PolicyFinding,
} from './policy/evaluate-policy.ts';
export {
  PolicyRegistry,
  type PolicyVersionRecord,
  type PolicyRegistryOptions,
} from './policy/policy-registry.ts';
export { readPolicyHistory } from './policy/policy-history.ts';

// Roles, identities and the authorization matrix.
export {
  ROLES,
  HUMAN_ROLES,
  PERMISSIONS,
  AUTHORIZATION_MATRIX,
  roleAllows,
  isRole,
  isPermission,
  type Role,
  type Permission,
} from './access/roles.ts';
export {
  actorId,
  can,
  isHuman,
  type Principal,
  type HumanPrincipal,
  type AgentPrincipal,
} from './access/principal.ts';
export { ENDPOINT_PERMISSIONS, routeOf, authorizeEndpoint } from './access/endpoints.ts';
export {
  IdentityDirectory,
  hashApiToken,
  apiTokenId,
  type PasswordHasher,
  type IdentitySnapshot,
  type IdentityDirectoryOptions,
  type IssueTokenOptions,
  type TokenInfo,
} from './access/identity-directory.ts';
export { IDENTITY_REFUSAL_CODES, type IdentityRefusalCode } from './access/access-codes.ts';
export { TOKEN_USE_WRITE_MS } from './access/api-tokens.ts';
export {
  IDENTITY_ID,
  TOKEN_ID,
  identitySnapshotSchema,
  parseIdentitySnapshot,
} from './access/identity-snapshot.ts';

// The independent verifier.
export {
  actionProposalSchema,
  twinEvidenceSchema,
  type ActionProposal,
  type ParsedProposal,
  type TwinEvidence,
} from './verifier/action-proposal.ts';
export {
  verifyProposal,
  verifyAndAudit,
  evidenceAgeReasons,
  type EvidenceAgeContext,
  type Verdict,
  type VerdictReason,
  type VerifyContext,
  type DomainInvariantChecker,
  type CheckName,
} from './verifier/verify-proposal.ts';

// Approvals (two-person rule, expiry, escalation).
export { decide as decideApproval, evolve as evolveApproval } from './approvals/approval-machine.ts';
export { ApprovalInbox } from './approvals/approval-inbox.ts';
export {
  DEFAULT_APPROVAL_CONFIG,
  type ApprovalConfig,
  type ApprovalCommand,
  type ApprovalEvent,
  type InboxItem,
  type InboxState,
  type InboxStatus,
  type Refusal,
  type RefusalCode,
  type Decision as ApprovalDecision,
} from './approvals/approval-model.ts';

// Stop-all switch and the action gate.
export { ActionGate, type GatedAction, type StopState } from './oversight/action-gate.ts';

// The one door for actuations: review (verify + route) and execute (re-verify, approvals, gate, ledger).
export { Sentinel, type SentinelOptions, type ReviewRoute } from './sentinel/sentinel.ts';

import type { SignatureVerifier, Signer } from '@aethercore/core';
import { bytesEqual, fromBase64, toBase64, toHex, utf8 } from '../crypto/bytes.ts';
import { sha256Concat } from '../crypto/sha256.ts';
import { HASH_SIZE } from './merkle-hash.ts';

/**
 * Checkpoints (signed tree heads) in the C2SP `tlog-checkpoint` format inside a C2SP `signed-note`,
 * the format of Go's sumdb, Sigstore and transparency-dev witnesses:
 *
 *     <origin>\n<tree size>\n<base64 root hash>\n
 *     \n
 *     — <key name> <base64(key id ‖ Ed25519 signature)>\n      (one line per signer)
 *
 * The log signs (signature type 0x01, plain Ed25519 over the body); independent witnesses add
 * C2SP `tlog-cosignature` v1 lines (type 0x04: a timestamped Ed25519 signature over
 * "cosignature/v1\ntime <t>\n" ‖ body), so the log operator alone cannot show two different
 * histories (fork) or roll the log back unnoticed.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

/** Signature types of C2SP signed-note: 0x01 Ed25519 (the log), 0x04 Ed25519 cosignature/v1 (witnesses). */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;
export type SignatureType = typeof SIG_ED25519 | typeof SIG_COSIGNATURE_V1;

/** A public key a client trusts: C2SP vkey `<name>+<hex key id>+<base64(type ‖ key)>`. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly type: SignatureType;
}

/** Key id = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[0:4] (C2SP signed-note, tlog-cosignature). */
export function keyIdOf(name: string, publicKey: Uint8Array, type: SignatureType = SIG_ED25519): Uint8Array {
  return sha256Concat([utf8(name), 0x0a, type, publicKey]).subarray(0, 4);
}

/** The verifier key of a signer: type 0x01 for a log, `SIG_COSIGNATURE_V1` for a witness. */
export function verifierKeyOf(
  signer: Pick<Signer, 'keyName' | 'publicKey'>,
  type: SignatureType = SIG_ED25519,
): VerifierKey {
  return {
    name: signer.keyName,
    keyId: keyIdOf(signer.keyName, signer.publicKey, type),
    publicKey: signer.publicKey,
    type,
  };
}

export function formatVerifierKey(k: VerifierKey): string {
  return `${k.name}+${toHex(k.keyId)}+${toBase64(Uint8Array.of(k.type, ...k.publicKey))}`;
}

export function parseVerifierKey(text: string): VerifierKey | undefined {
  // The base64 key data may itself contain '+', so split only at the first two.
  const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+(\S+)$/.exec(text.trim());
  if (m === null) return undefined;
  const [, name, idHex, b64] = m as unknown as [string, string, string, string];
  const raw = fromBase64(b64);
  if (
    !validKeyName(name) ||
    raw === undefined ||
    raw.length !== 33 ||
    (raw[0] !== SIG_ED25519 && raw[0] !== SIG_COSIGNATURE_V1)
  )
    return undefined;
  const type: SignatureType = raw[0] === SIG_COSIGNATURE_V1 ? SIG_COSIGNATURE_V1 : SIG_ED25519;
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey, type);
  return toHex(keyId) === idHex.toLowerCase() ? { name, keyId, publicKey, type } : undefined;
}

function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/.test(name);
}

/** The note body a checkpoint signs. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.treeSize}\n${toBase64(c.rootHash)}\n`;
}

function signatureLine(signer: Signer, body: string): string {
  const sig = signer.sign(utf8(body));
  return `— ${signer.keyName} ${toBase64(Uint8Array.of(...keyIdOf(signer.keyName, signer.publicKey, SIG_ED25519), ...sig))}\n`;
}

/** Signs a checkpoint: the full signed note text. */
export function signCheckpoint(c: Checkpoint, signer: Signer): string {
  const body = checkpointBody(c);
  return `${body}\n${signatureLine(signer, body)}`;
}

/** The message a cosignature/v1 signs: "cosignature/v1\ntime <seconds>\n" ‖ note body. */
function cosignedMessage(body: string, timeS: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timeS}\n${body}`);
}

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  let v = n;
  for (let i = 7; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/**
 * Adds a witness cosignature (C2SP tlog-cosignature v1) to a signed note. `timeS` is the witness's
 * clock in POSIX seconds. Returns the note unchanged if it is not a signed note.
 */
export function cosignNote(note: string, witness: Signer, timeS: number): string {
  const parsed = splitNote(note);
  if (parsed === undefined || !Number.isSafeInteger(timeS) || timeS < 0) return note;
  const sig = witness.sign(cosignedMessage(parsed.body, timeS));
  const keyId = keyIdOf(witness.keyName, witness.publicKey, SIG_COSIGNATURE_V1);
  return `${note}— ${witness.keyName} ${toBase64(Uint8Array.of(...keyId, ...u64be(timeS), ...sig))}\n`;
}

interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

function splitNote(note: string): { body: string; signatures: NoteSignature[] } | undefined {
  const cut = note.indexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) return undefined;
  const body = note.slice(0, cut + 1);
  const lines = note.slice(cut + 2, -1).split('\n');
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = /^— (\S+) (\S+)$/.exec(line);
    if (m === null) return undefined;
    const raw = fromBase64(m[2]!);
    if (raw === undefined || raw.length < 5) return undefined;
    signatures.push({ name: m[1]!, keyId: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return signatures.length > 0 ? { body, signatures } : undefined;
}

function parseBody(body: string): Checkpoint | undefined {
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return undefined;
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0 || !/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) return undefined;
  const treeSize = Number(sizeText);
  const rootHash = fromBase64(rootText);
  if (!Number.isSafeInteger(treeSize) || rootHash === undefined || rootHash.length !== HASH_SIZE)
    return undefined;
  return { origin, treeSize, rootHash };
}

export interface OpenCheckpointOptions {
  /** The log's key; its valid signature is required. */
  readonly logKey: VerifierKey;
  /** Expected origin line (defaults to the log key's name). */
  readonly origin?: string;
  /** Witness keys whose cosignatures are checked when present. */
  readonly witnessKeys?: readonly VerifierKey[];
  /** How many distinct trusted witnesses must have cosigned (default 0). */
  readonly minWitnesses?: number;
}

export type OpenedCheckpoint =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly witnesses: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses a signed checkpoint and checks its signatures. Unknown signers are ignored (C2SP);
 * a signature line that names a trusted key but does not verify makes the whole note invalid.
 */
export function openCheckpoint(
  note: string,
  options: OpenCheckpointOptions,
  verifier: SignatureVerifier,
): OpenedCheckpoint {
  const split = splitNote(note);
  if (split === undefined) return { ok: false, reason: 'not a signed note' };
  const checkpoint = parseBody(split.body);
  if (checkpoint === undefined)
    return { ok: false, reason: 'note body is not a checkpoint (origin, size, root)' };
  const origin = options.origin ?? options.logKey.name;
  if (checkpoint.origin !== origin)
    return { ok: false, reason: `origin is '${checkpoint.origin}', expected '${origin}'` };
  const message = utf8(split.body);
  const trusted = [options.logKey, ...(options.witnessKeys ?? [])];
  let logSigned = false;
  const witnesses = new Set<string>();
  for (const s of split.signatures) {
    const key = trusted.find((k) => k.name === s.name && bytesEqual(k.keyId, s.keyId));
    if (key === undefined) continue;
    let ok: boolean;
    if (key.type === SIG_COSIGNATURE_V1) {
      // timestamped_signature: u64 big-endian POSIX seconds ‖ Ed25519 signature.
      if (s.signature.length !== 8 + 64)
        return { ok: false, reason: `cosignature by ${s.name} is malformed` };
      let timeS = 0;
      for (let i = 0; i < 8; i++) timeS = timeS * 256 + s.signature[i]!;
      ok =
        Number.isSafeInteger(timeS) &&
        verifier.verify(key.publicKey, cosignedMessage(split.body, timeS), s.signature.subarray(8));
    } else {
      ok = verifier.verify(key.publicKey, message, s.signature);
    }
    if (!ok) return { ok: false, reason: `signature by ${s.name} does not verify` };
    if (key === options.logKey && key.type === SIG_ED25519) logSigned = true;
    else if (key !== options.logKey) witnesses.add(key.name);
  }
  if (!logSigned) return { ok: false, reason: `no valid signature by the log key ${options.logKey.name}` };
  if (witnesses.size < (options.minWitnesses ?? 0)) {
    return {
      ok: false,
      reason: `${witnesses.size} witness cosignature(s), ${options.minWitnesses ?? 0} required`,
    };
  }
  return { ok: true, checkpoint, witnesses: [...witnesses] };
}

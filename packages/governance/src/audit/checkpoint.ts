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
 * The log signs; independent witnesses cosign the same body with their own keys, so the log
 * operator alone cannot show two different histories (fork) or roll the log back unnoticed.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

/** A public key a client trusts: C2SP vkey `<name>+<hex key id>+<base64(0x01 ‖ key)>`. */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

const ED25519 = 0x01;

/** Key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4] (C2SP signed-note). */
export function keyIdOf(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256Concat([utf8(name), 0x0a, ED25519, publicKey]).subarray(0, 4);
}

export function verifierKeyOf(signer: Pick<Signer, 'keyName' | 'publicKey'>): VerifierKey {
  return { name: signer.keyName, keyId: keyIdOf(signer.keyName, signer.publicKey), publicKey: signer.publicKey };
}

export function formatVerifierKey(k: VerifierKey): string {
  return `${k.name}+${toHex(k.keyId)}+${toBase64(Uint8Array.of(ED25519, ...k.publicKey))}`;
}

export function parseVerifierKey(text: string): VerifierKey | undefined {
  // The base64 key data may itself contain '+', so split only at the first two.
  const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+(\S+)$/.exec(text.trim());
  if (m === null) return undefined;
  const [, name, idHex, b64] = m as unknown as [string, string, string, string];
  const raw = fromBase64(b64);
  if (!validKeyName(name) || raw === undefined || raw.length !== 33 || raw[0] !== ED25519) return undefined;
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey);
  return toHex(keyId) === idHex.toLowerCase() ? { name, keyId, publicKey } : undefined;
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
  return `— ${signer.keyName} ${toBase64(Uint8Array.of(...keyIdOf(signer.keyName, signer.publicKey), ...sig))}\n`;
}

/** Signs a checkpoint: the full signed note text. */
export function signCheckpoint(c: Checkpoint, signer: Signer): string {
  const body = checkpointBody(c);
  return `${body}\n${signatureLine(signer, body)}`;
}

/** Adds a cosignature (a witness) to an already signed note. */
export function cosignNote(note: string, witness: Signer): string {
  const parsed = splitNote(note);
  if (parsed === undefined) return note;
  return `${note}${signatureLine(witness, parsed.body)}`;
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
  if (!Number.isSafeInteger(treeSize) || rootHash === undefined || rootHash.length !== HASH_SIZE) return undefined;
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
export function openCheckpoint(note: string, options: OpenCheckpointOptions, verifier: SignatureVerifier): OpenedCheckpoint {
  const split = splitNote(note);
  if (split === undefined) return { ok: false, reason: 'not a signed note' };
  const checkpoint = parseBody(split.body);
  if (checkpoint === undefined) return { ok: false, reason: 'note body is not a checkpoint (origin, size, root)' };
  const origin = options.origin ?? options.logKey.name;
  if (checkpoint.origin !== origin) return { ok: false, reason: `origin is '${checkpoint.origin}', expected '${origin}'` };
  const message = utf8(split.body);
  const trusted = [options.logKey, ...(options.witnessKeys ?? [])];
  let logSigned = false;
  const witnesses = new Set<string>();
  for (const s of split.signatures) {
    const key = trusted.find((k) => k.name === s.name && bytesEqual(k.keyId, s.keyId));
    if (key === undefined) continue;
    if (!verifier.verify(key.publicKey, message, s.signature)) return { ok: false, reason: `signature by ${s.name} does not verify` };
    if (key === options.logKey) logSigned = true;
    else witnesses.add(key.name);
  }
  if (!logSigned) return { ok: false, reason: `no valid signature by the log key ${options.logKey.name}` };
  if (witnesses.size < (options.minWitnesses ?? 0)) {
    return { ok: false, reason: `${witnesses.size} witness cosignature(s), ${options.minWitnesses ?? 0} required` };
  }
  return { ok: true, checkpoint, witnesses: [...witnesses] };
}

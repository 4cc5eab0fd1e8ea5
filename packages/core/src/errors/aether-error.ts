/**
 * Coded errors, as in Eclipse Ditto: every error a user can meet carries a stable `code`
 * (`plant.station-unknown`), a message, a hint that says what to do, and a category.
 * The HTTP status is derived from `kind` in exactly one place (the server's error mapper).
 *
 * Expected outcomes (an infeasible schedule, a bad reading) are values, not exceptions;
 * throw an AetherError for invalid input and outages, and plain Errors only for bugs.
 */
export type ErrorCategory = 'user' | 'system' | 'third-party';

/** What went wrong, coarse enough to map to a protocol status (HTTP, OPC UA, exit code). */
export type ErrorKind =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

export interface AetherErrorInit {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly category?: ErrorCategory;
  readonly kind?: ErrorKind;
  /** Where in the input: a JSON path (`stations[3].cycleTimeS`), a line number, a row/column. */
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class AetherError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly category: ErrorCategory;
  readonly kind: ErrorKind;
  readonly path: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(init: AetherErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AetherError';
    this.code = init.code;
    this.hint = init.hint;
    this.category = init.category ?? 'user';
    this.kind = init.kind ?? (this.category === 'user' ? 'invalid' : 'internal');
    this.path = init.path;
    this.details = init.details;
  }

  /** A plain, serialisable view (API bodies, CLI `--json`, audit entries). */
  toJSON(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      category: this.category,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly category: ErrorCategory;
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function isAetherError(e: unknown): e is AetherError {
  return e instanceof AetherError;
}

/** One line for a terminal: `plant.station-unknown at routings[0].steps[2]: … (hint: …)`. */
export function formatError(e: AetherError | ErrorBody): string {
  const where = e.path === undefined ? '' : ` at ${e.path}`;
  const hint = e.hint === undefined ? '' : `\n  hint: ${e.hint}`;
  return `error ${e.code}${where}: ${e.message}${hint}`;
}

/**
 * A short, never-throwing description of an untrusted value for an error message.
 * `String(v)` throws on objects with a hostile `toString` (fuzzing found one); this does not.
 */
export function describeValue(v: unknown, maxLength = 60): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'undefined')
    s = String(v);
  else if (typeof v === 'bigint') s = `${v.toString()}n`;
  else if (typeof v === 'symbol' || typeof v === 'function') s = typeof v;
  else {
    try {
      s = JSON.stringify(v) ?? Object.prototype.toString.call(v);
    } catch {
      s = Object.prototype.toString.call(v);
    }
  }
  return s.length > maxLength ? `${s.slice(0, maxLength - 1)}…` : s;
}

import { readFileSync } from 'node:fs';
import { AetherError } from '@aethercore/core';

/** A bad command-line option: exit 2 with the message and a hint (main.ts prints it). */
export function badOption(message: string, hint: string): AetherError {
  return new AetherError({ code: 'cli.bad-option', message, hint, kind: 'invalid' });
}

/** Reads a file the user named; a missing or unreadable file is a coded error, never a stack trace. */
export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AetherError({
      code: missing ? 'cli.file-not-found' : 'cli.file-unreadable',
      message: missing
        ? `${what} ${file} does not exist`
        : `cannot read ${what} ${file}: ${(e as Error).message}`,
      hint: missing ? 'Check the path.' : 'Check that it is a readable file, not a folder.',
      kind: missing ? 'not-found' : 'invalid',
      path: file,
    });
  }
}

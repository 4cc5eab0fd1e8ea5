/**
 * `aethercore stop` / `aethercore resume`: the stop-all switch of a running server from the shell
 * (EU AI Act Art. 14: a person can stop the system). Stopping needs any signed-in person (one is
 * enough); resuming needs a supervisor, production manager or admin. Both are audited by the server.
 *
 *   aethercore stop   --url http://127.0.0.1:8080 --token <bearer> --reason "smoke at ST05"
 *   aethercore resume --url http://127.0.0.1:8080 --user supervisor --reason "ST05 inspected"   # password from AETHERCORE_PASSWORD
 *   aethercore stop --status
 */
import type { Command } from 'commander';
import { AetherError } from '@aethercore/core';

interface SwitchOptions {
  url: string;
  token?: string;
  user?: string;
  reason?: string;
  status?: boolean;
  json?: boolean;
}

interface StopState {
  engaged: boolean;
  epoch: number;
  by?: string;
  at?: number;
  reason?: string;
  audited?: boolean;
}

const DEFAULT_URL = 'http://127.0.0.1:8080';

async function call(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new AetherError({
      code: 'cli.server-unreachable',
      message: `Cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}.`,
      hint: 'Is `aethercore start` running? Pass its address with --url.',
      kind: 'unavailable',
      cause: e,
    });
  }
  const body = (await res.json().catch(() => undefined)) as
    { code?: string; message?: string; hint?: string } | undefined;
  if (!res.ok) {
    throw new AetherError({
      code: body?.code ?? 'cli.http-error',
      message: body?.message ?? `HTTP ${res.status}`,
      hint: body?.hint ?? 'See the server log.',
      kind: res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : 'invalid',
    });
  }
  return body;
}

/** A bearer token: --token / AETHERCORE_TOKEN, or a login with --user and AETHERCORE_PASSWORD. */
async function bearer(o: SwitchOptions): Promise<string> {
  const token = o.token ?? process.env['AETHERCORE_TOKEN'];
  if (token !== undefined && token !== '') return token;
  const password = process.env['AETHERCORE_PASSWORD'];
  if (o.user === undefined || password === undefined || password === '') {
    throw new AetherError({
      code: 'cli.credentials-missing',
      message: 'The stop switch needs a signed-in person.',
      hint: 'Pass --token <bearer> (or AETHERCORE_TOKEN), or --user <id> with the password in AETHERCORE_PASSWORD.',
      kind: 'unauthenticated',
    });
  }
  const r = (await call(`${base(o.url)}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: o.user, password }),
  })) as { token: string };
  return r.token;
}

const base = (url: string): string => url.replace(/\/+$/, '');

function print(s: StopState, json: boolean | undefined): void {
  if (json === true) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  if (!s.engaged) {
    console.log(`stop-all: released (epoch ${s.epoch})`);
    return;
  }
  const at = s.at === undefined ? '' : ` at ${new Date(s.at).toISOString()}`;
  console.log(`stop-all: ENGAGED by ${s.by ?? '?'}${at} (epoch ${s.epoch}): ${s.reason ?? ''}`);
  if (s.audited === false)
    console.log('warning: the audit log did not accept the stop entry (the stop holds)');
}

function options(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'server address', process.env['AETHERCORE_URL'] ?? DEFAULT_URL)
    .option('--token <bearer>', 'bearer token (default: AETHERCORE_TOKEN)')
    .option('--user <id>', 'sign in as this user; the password is read from AETHERCORE_PASSWORD')
    .option('--reason <text>', 'why (required, recorded in the audit log)')
    .option('--json', 'print the switch state as JSON');
}

function needReason(o: SwitchOptions): string {
  if (o.reason === undefined || o.reason.trim().length < 3) {
    throw new AetherError({
      code: 'cli.reason-missing',
      message: 'A reason is required (at least 3 characters); it goes into the audit log.',
      hint: 'Add --reason "…".',
      path: 'reason',
    });
  }
  return o.reason;
}

export function register(program: Command): void {
  options(
    program
      .command('stop')
      .description('Engage the stop-all switch of a running server (no agent action starts until a resume).')
      .option('--status', 'only print the current state (no sign-in needed)'),
  ).action(async (o: SwitchOptions) => {
    if (o.status === true) {
      print((await call(`${base(o.url)}/api/stop`, {})) as StopState, o.json);
      return;
    }
    const reason = needReason(o);
    const token = await bearer(o);
    const s = (await call(`${base(o.url)}/api/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ reason }),
    })) as StopState;
    print(s, o.json);
  });
  options(
    program
      .command('resume')
      .description('Release the stop-all switch (supervisor, production manager or admin; audited).'),
  ).action(async (o: SwitchOptions) => {
    const reason = needReason(o);
    const token = await bearer(o);
    const s = (await call(`${base(o.url)}/api/resume`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ reason }),
    })) as StopState;
    print(s, o.json);
  });
}

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AetherError } from '@aethercore/core';

/**
 * A throwaway PostgreSQL server from the Debian binaries, on loopback: integration tests and the
 * ingest benchmark start one, use it, and drop it. Never for production data (the data directory is
 * a temp dir and is deleted on stop).
 *
 * PostgreSQL refuses to run as root, so under uid 0 `initdb` and the server run as the `postgres`
 * system user (`runuser -u postgres --`) and the temp dir is handed to that user.
 */
export interface LocalPostgresOptions {
  /** `fsync = off` speeds up tests that do not test durability (default true: fsync on). */
  readonly fsync?: boolean;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string | number>>;
}

export interface LocalPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  readonly connectionString: string;
  readonly port: number;
  readonly version: string;
  /** A connection string for another database on the same server (create it first). */
  urlFor(database: string): string;
  /** Stops the server (fast shutdown) but keeps its data: `start()` brings it back on the same port. */
  stop(): void;
  start(): void;
  /** Stops the server and deletes its data directory. */
  drop(): void;
}

const INSTALL_HINT =
  'install the server: apt-get install postgresql (Debian 12: PostgreSQL 15); or set AETHER_PG_BIN to the directory holding initdb and pg_ctl';

/** The directory with `initdb` and `pg_ctl`: $AETHER_PG_BIN, else the newest /usr/lib/postgresql/<ver>/bin. */
export function findPostgresBin(): string {
  const fromEnv = process.env['AETHER_PG_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
    throw new AetherError({
      code: 'postgres.not-installed',
      message: `AETHER_PG_BIN=${fromEnv} holds no initdb`,
      hint: INSTALL_HINT,
      category: 'system',
      kind: 'unavailable',
    });
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new AetherError({
      code: 'postgres.not-installed',
      message: `no PostgreSQL server binaries under ${root}/<version>/bin`,
      hint: INSTALL_HINT,
      category: 'system',
      kind: 'unavailable',
    });
  }
  return path.join(root, newest, 'bin');
}

/** A free TCP port on loopback (the OS picks it; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Creates a cluster in a temp dir and starts it on a free loopback port; resolves when it accepts connections. */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  // Under root, every command runs as the postgres system user, which must own the temp dir.
  const run = (exe: string, args: readonly string[]): void => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, exe), ...args]]
      : [path.join(bin, exe), [...args]];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new AetherError({
        code: 'postgres.local-server-failed',
        message: `${exe} ${args.join(' ')} failed (${r.error?.message ?? `exit ${String(r.status)}`}): ${(r.stderr || r.stdout).trim()}${log === '' ? '' : `\n--- server log ---\n${log}`}`,
        hint: asRoot
          ? 'the postgres system user must exist (it comes with apt-get install postgresql)'
          : INSTALL_HINT,
        category: 'system',
        kind: 'unavailable',
      });
    }
  };
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: 100,
    fsync: options.fsync === false ? 'off' : 'on',
    ...options.settings,
  };
  const serverArgs = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${String(v)}`)].join(
    ' ',
  );
  let running = false;
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-l', logFile, '-o', serverArgs, '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = (): void => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  // A test run that dies must not leave a server behind.
  const onExit = (): void => {
    if (running)
      spawnSync(
        asRoot ? 'runuser' : path.join(bin, 'pg_ctl'),
        asRoot
          ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']
          : ['-D', data, '-m', 'immediate', 'stop'],
      );
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    start();
  } catch (e) {
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const version = path.basename(path.dirname(bin));
  const urlFor = (database: string): string =>
    `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    connectionString: urlFor('postgres'),
    port,
    version,
    urlFor,
    stop,
    start,
    drop: () => {
      try {
        stop();
      } finally {
        process.removeListener('exit', onExit);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AetherError } from '@aethercore/core';
import { dashboardIsStale, ensureDashboardBuilt } from '../src/index.ts';

/** A fake packages/web in a temp dir: where Vite cannot be resolved, so no real build runs here. */
function fakeWeb(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aethercore-web-'));
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fake-web","type":"module"}');
  writeFileSync(path.join(dir, 'src', 'main.tsx'), 'export {};');
  return dir;
}

function age(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dashboard build check', () => {
  it('is stale without dist, fresh when dist is newer than every source, stale again after an edit', () => {
    const web = fakeWeb();
    dirs.push(web);
    expect(dashboardIsStale(web)).toBe(true);
    mkdirSync(path.join(web, 'dist'));
    writeFileSync(path.join(web, 'dist', 'index.html'), '<html></html>');
    for (const f of ['package.json', 'src/main.tsx']) age(path.join(web, f), 60);
    age(path.join(web, 'dist', 'index.html'), 30);
    expect(dashboardIsStale(web)).toBe(false);
    writeFileSync(path.join(web, 'src', 'new-component.tsx'), 'export {};');
    expect(dashboardIsStale(web)).toBe(true);
  });

  it('keeps serving an older build when a rebuild is impossible, and is a coded error without any build', async () => {
    const web = fakeWeb();
    dirs.push(web);
    await expect(ensureDashboardBuilt(undefined, web)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof AetherError &&
        e.code === 'dashboard.build-failed' &&
        (e.hint ?? '').includes('npm install'),
    );
    mkdirSync(path.join(web, 'dist'));
    writeFileSync(path.join(web, 'dist', 'index.html'), '<html></html>');
    age(path.join(web, 'dist', 'index.html'), 120);
    expect(dashboardIsStale(web)).toBe(true);
    expect(await ensureDashboardBuilt(undefined, web)).toBe(path.join(web, 'dist'));
  });
});

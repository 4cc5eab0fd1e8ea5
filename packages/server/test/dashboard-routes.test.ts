import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore, MemoryTelemetryStore } from '@aethercore/core';
import { createApp } from '../src/index.ts';
import { fixedLineSource } from './support/fixed-line-source.ts';

describe('the dashboard at /', () => {
  let dir: string;
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'aethercore-static-'));
    mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>AetherCore</title>');
    writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside dist');
    app = createApp({
      source: fixedLineSource(),
      events: new MemoryEventStore(),
      telemetry: new MemoryTelemetryStore(),
      staticDir: path.join(dir, 'dist'),
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html revalidated and hashed assets cached for good', async () => {
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>AetherCore</title>');
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers missing files and path tricks with a coded 404, never a file outside dist', async () => {
    for (const url of [
      '/assets/nope.js',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      expect(((await res.json()) as { code: string }).code, url).toBe('http.route-unknown');
    }
    // The API still wins over static files.
    expect((await app.request('/api/line')).status).toBe(200);
  });
});

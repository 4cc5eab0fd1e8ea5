import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The product end to end: `aethercore start` as a child process (live mode on ephemeral ports,
 * temp data dir, fast clock), Debian Chromium through playwright-core against the served dashboard.
 * Writes docs/dashboard.png (1440×900).
 */
const REPO = path.resolve(import.meta.dirname, '../../..');
const CHROMIUM = process.env['AETHERCORE_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO, 'docs', 'dashboard.png');
/**
 * Sentinel's `hashRef` (sha256 of canonical JSON, sorted keys), re-implemented here because the
 * dashboard's tests may only import the server's types; a mismatch would fail the verifier.
 */
function hashRef(value: unknown): string {
  const canon = (v: unknown): string =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : Array.isArray(v)
        ? `[${v.map(canon).join(',')}]`
        : JSON.stringify(v);
  return `sha256:${createHash('sha256').update(canon(value)).digest('hex')}`;
}
/** Seeds every demo user with this password at the first start of the temp data dir. */
const DEMO_PASSWORD = 'e2e-demo-password';

let product: ChildProcess | undefined;
let url = '';
let output = '';
let tmp = '';
let context: BrowserContext | undefined;
let page: Page;

async function startProduct(dataDir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'start',
      '--port',
      '0',
      '--opcua-port',
      '0',
      '--speed',
      '300',
      '--start-at',
      '11:30',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AETHERCORE_LOG_LEVEL: 'warn', AETHERCORE_DEMO_PASSWORD: DEMO_PASSWORD },
    },
  );
  product = child;
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`aethercore start did not print its URL within 180 s:\n${output}`)),
      180_000,
    );
    const check = (): void => {
      const m = /dashboard\s+(http:\/\/[^\s/]+)\//.exec(output);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aethercore start exited with ${code}:\n${output}`));
    });
  });
}

async function stopProduct(): Promise<number | null> {
  const child = product;
  if (child === undefined || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000));
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error(`aethercore start did not stop within 20 s of SIGTERM:\n${output.slice(-3_000)}`);
  }
  return result;
}

/** Poll `read` until `ok` holds (bounded), returning the last value. */
async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
    v = await read();
  }
  return v;
}

describe('dashboard in Chromium (e2e)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set AETHERCORE_CHROMIUM; CI installs it.`,
      );
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), 'aethercore-e2e-'));
    url = await startProduct(path.join(tmp, 'data'));
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1440, height: 900 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    const code = await stopProduct();
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
    // Graceful shutdown on SIGTERM: exit code 0.
    expect(code, output.slice(-3_000)).toBe(0);
  }, 60_000);

  it('shows the line, live values, KPIs, and switches DE/EN', async () => {
    await page.goto(`${url}/`);
    // The line view: every station of Werkhalle 4, in flow order.
    await page.waitForSelector('[data-testid="station"]', { timeout: 30_000 });
    const ids = await page.locator('[data-testid="station"] .station-id').allTextContents();
    expect(ids.length).toBe(20);
    expect(ids[0]).toBe('ST01');
    // The stations come from the first fetch; the stream connects right after.
    await until(
      () => page.getByTestId('connection').getAttribute('class'),
      (c) => c !== null && c.includes('conn-live'),
      15_000,
      'the SSE connection (Live)',
    );

    // A live value changes: the R7 vibration readout (it arrives through OPC UA) and the sim clock.
    const vib = page.getByTestId('trend-vibration').getByTestId('trend-latest');
    const first = await until(
      () => vib.textContent(),
      (t) => t !== null && /\d/.test(t),
      30_000,
      'a first vibration reading',
    );
    await until(
      () => vib.textContent(),
      (t) => t !== first,
      15_000,
      'the vibration reading to change',
    );
    const clock1 = await page.getByTestId('sim-clock').textContent();
    await until(
      () => page.getByTestId('sim-clock').textContent(),
      (t) => t !== clock1,
      10_000,
      'the sim clock to move',
    );

    expect(await page.getByTestId('speed').textContent()).toBe('×300');

    // KPI tiles carry numbers.
    const kpiValues = await until(
      () => page.locator('[data-testid="kpis"] [data-testid="kpi-value"]').allTextContents(),
      (vs) => vs.length === 8 && vs.every((v) => /\d/.test(v)),
      30_000,
      'eight KPI tiles with numbers',
    );
    expect(kpiValues).toHaveLength(8);

    // The DE/EN switch changes visible labels, and the choice is remembered across a reload.
    await page.getByTestId('lang-de').click();
    await expect.poll(() => page.locator('.line-view h2').textContent()).toBe('Linienübersicht');
    const deLabels = await page.locator('[data-testid="kpi-label"]').allTextContents();
    expect(deLabels).toContain('Verfügbarkeit');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('.line-view h2').textContent()).toBe('Line overview');
    expect(await page.locator('[data-testid="kpi-label"]').allTextContents()).toContain('Availability');
    await page.reload();
    await page.waitForSelector('[data-testid="station"]');
    expect(await page.locator('.line-view h2').textContent()).toBe('Line overview');

    // Let the trends fill, then keep a screenshot for the docs.
    await until(
      () => page.locator('[data-testid="trend-latest"]').allTextContents(),
      (vs) => vs.length >= 3 && vs.every((v) => /\d/.test(v)),
      30_000,
      'all trends to have values',
    );
    await page.waitForTimeout(12_000);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 150_000);

  it('stops everything from the header button (supervisor signs in), shows it, audits it, and resumes', async () => {
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="station"]');
    // Signed out: the panels say so, and the stop button is there anyway.
    await expect.poll(() => page.getByTestId('inbox').textContent()).toContain('Sign in');
    const button = page.getByTestId('stop-button');
    expect(await button.textContent()).toBe('Stop all');
    await button.click();
    await page.getByTestId('login-user').fill('supervisor');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    // The stop follows the sign-in at once: banner in the page, state in the API.
    await page.waitForSelector('[data-testid="stop-banner"]', { timeout: 15_000 });
    expect(await page.getByTestId('stop-banner').textContent()).toContain('u:supervisor');
    const state = (await (await fetch(`${url}/api/stop`)).json()) as { engaged: boolean; by: string };
    expect(state).toMatchObject({ engaged: true, by: 'u:supervisor' });
    // The audit panel shows the stop entry under a verified checkpoint; the inbox has its empty state.
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('stop.engaged')]));
    await expect
      .poll(() => page.getByTestId('audit-checkpoint').textContent(), { timeout: 15_000 })
      .toContain('verified');
    // The live inbox source: R7 runs above its vibration limit from 11:30, so Sentinel has verified
    // a maintenance work order with twin what-if evidence (no proposal is made up by the test).
    const wo = page.getByTestId('proposal').filter({ hasText: 'WO-ST05' });
    await wo.waitFor({ timeout: 20_000 });
    expect(await wo.textContent()).toContain('maintenance-work-order');
    expect(await wo.textContent()).toMatch(/Evidence \(twin\): .*downtimeS/);
    // German label of the same button.
    await page.getByTestId('lang-de').click();
    expect(await button.textContent()).toBe('Alles stoppen');
    await page.getByTestId('lang-en').click();
    // A supervisor may resume (with a reason).
    await page.getByTestId('resume-reason').fill('checked the cell, all clear');
    await page.getByTestId('resume-button').click();
    await page.waitForSelector('[data-testid="stop-banner"]', { state: 'detached', timeout: 15_000 });
    const after = (await (await fetch(`${url}/api/stop`)).json()) as { engaged: boolean };
    expect(after.engaged).toBe(false);
  }, 90_000);

  it('shows Analytika’s findings in the agent panel, with the evidence on click, and marks them on the R7 trend', async () => {
    await page.goto(`${url}/`);
    // Started at 11:30, R7 is already wearing: the detector fires within minutes (no test data).
    const finding = page
      .locator('[data-testid="finding"][data-agent="analytika"][data-kind="anomaly"]')
      .first();
    await finding.waitFor({ timeout: 60_000 });
    await finding.getByRole('button').click();
    const evidence = await finding.getByTestId('finding-evidence').textContent();
    expect(evidence).toContain('score');
    expect(evidence).toContain('ST05/vibrationRmsMmS');
    expect(await finding.textContent()).toContain('WO-ST05');
    const stored = (await (await fetch(`${url}/api/events?types=AgentFindingRecorded&limit=50`)).json()) as {
      events: { data: { agent: string; kind: string; subject: string } }[];
    };
    expect(
      stored.events.some(
        (e) => e.data.agent === 'analytika' && e.data.kind === 'anomaly' && e.data.subject === 'ST05',
      ),
    ).toBe(true);
    // The R7 trend gets the finding as a marker (drawn while it is inside the 2-h window; by now the
    // run is hours past it, so the count of markers handed to the chart is checked).
    await expect
      .poll(() => page.getByTestId('trend-vibration').getAttribute('data-findings'), { timeout: 15_000 })
      .not.toBe('0');
    await page.getByTestId('lang-de').click();
    expect(await page.getByTestId('agent-panel').textContent()).toContain('Agenten-Aktivität');
    await page.getByTestId('lang-en').click();
    expect(await page.getByTestId('agent-panel').textContent()).toContain('Agent activity');
  }, 90_000);

  it('lists a verified proposal in the inbox with its evidence, and a supervisor approves it there', async () => {
    // An engineer submits a purchase order through the API (the route agents use); it is built by
    // hand here, with twin evidence for exactly this change, and verified by Sentinel on arrival.
    const login = async (user: string): Promise<string> => {
      const r = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password: DEMO_PASSWORD }),
      });
      return ((await r.json()) as { token: string }).token;
    };
    const engineer = await login('engineer');
    const now = Date.now();
    const change = {
      kind: 'purchase-order',
      money: { amount: 1200, currency: 'EUR' },
      params: { part: 'R7 axis-4 bearing' },
    };
    const submitted = await fetch(`${url}/api/proposals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engineer}` },
      body: JSON.stringify({
        id: 'PO-E2E-1',
        proposer: 'engineer',
        tool: 'place-purchase-order',
        effect: 'actuate',
        actionClass: 'purchase-order',
        change,
        createdAt: now - 1000,
        uncertainty: 0.1,
        evidence: {
          stateVersion: 0,
          simulatedAt: now - 5000,
          changeHash: hashRef(change),
          kpis: { downtimeMin: { baseline: 90, withChange: 25 } },
          constraintsOk: true,
        },
        expectedKpiDeltas: { downtimeMin: -65 },
        explanation: 'Order the bearing now so the R7 repair is not waiting for parts.',
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);

    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="proposal"]', { timeout: 15_000 });
    const item = page.getByTestId('proposal').filter({ hasText: 'PO-E2E-1' });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('PO-E2E-1');
    expect(await item.textContent()).toContain('downtimeMin 90 → 25');
    expect(await item.textContent()).toContain('R7 repair');
    await item.getByTestId('proposal-reason').fill('bearing is on the critical path');
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('approved');
    const api = (await (
      await fetch(`${url}/api/proposals/PO-E2E-1`, { headers: { authorization: `Bearer ${engineer}` } })
    ).json()) as { status: string; approvals: { by: string }[] };
    expect(api.status).toBe('approved');
    expect(api.approvals.map((a) => a.by)).toEqual(['u:supervisor']);
    // The signed-in view (inbox, audit trail with its verified checkpoint) for docs/governance-api.md.
    await page.waitForSelector('[data-testid="audit-checkpoint"]');
    await page.screenshot({ path: path.join(REPO, 'docs', 'dashboard-governance.png'), fullPage: false });
  }, 90_000);
});

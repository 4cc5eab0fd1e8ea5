import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, REPO, login, until, useE2eRig } from './support/e2e-rig.ts';

/**
 * The product end to end: `aethercore start` as a child process (live mode on ephemeral ports,
 * temp data dir, fast clock), Debian Chromium through playwright-core against the served dashboard.
 * Writes docs/dashboard.png (1440×900).
 */
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

describe('dashboard in Chromium (e2e)', () => {
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-e2e-',
    // ×300 from 11:30: R7 already runs above its vibration limit, so Analytika and Sentinel have work.
    startArgs: ['--speed', '300', '--start-at', '11:30'],
    locale: 'de-DE',
  });

  it('shows the line, live values, KPIs, and switches DE/EN', async () => {
    const { page, url } = rig();
    await page.goto(`${url}/`);
    // The line view: every station of Werkhalle 4, in flow order.
    await page.waitForSelector('[data-testid="station"]', { timeout: 120_000 });
    const ids = await page.locator('[data-testid="station"] .station-id').allTextContents();
    expect(ids.length).toBe(20);
    expect(ids[0]).toBe('ST01');
    // The stations come from the first fetch; the stream connects right after.
    await until(
      () => page.getByTestId('connection').getAttribute('class'),
      (c) => c !== null && c.includes('conn-live'),
      60_000,
      'the SSE connection (Live)',
    );

    // A live value changes: the R7 vibration readout (it arrives through OPC UA) and the sim clock.
    const vib = page.getByTestId('trend-vibration').getByTestId('trend-latest');
    const first = await until(
      () => vib.textContent(),
      (t) => t !== null && /\d/.test(t),
      90_000,
      'a first vibration reading',
    );
    await until(
      () => vib.textContent(),
      (t) => t !== first,
      90_000,
      'the vibration reading to change',
    );
    const clock1 = await page.getByTestId('sim-clock').textContent();
    await until(
      () => page.getByTestId('sim-clock').textContent(),
      (t) => t !== clock1,
      60_000,
      'the sim clock to move',
    );

    expect(await page.getByTestId('speed').textContent()).toBe('×300');

    // KPI tiles carry numbers.
    const kpiValues = await until(
      () => page.locator('[data-testid="kpis"] [data-testid="kpi-value"]').allTextContents(),
      (vs) => vs.length === 8 && vs.every((v) => /\d/.test(v)),
      90_000,
      'eight KPI tiles with numbers',
    );
    expect(kpiValues).toHaveLength(8);

    // The DE/EN switch changes visible labels, and the choice is remembered across a reload.
    await page.getByTestId('lang-de').click();
    await expect
      .poll(() => page.locator('.line-view h2').textContent(), { timeout: 30_000 })
      .toBe('Linienübersicht');
    const deLabels = await page.locator('[data-testid="kpi-label"]').allTextContents();
    expect(deLabels).toContain('Verfügbarkeit');
    await page.getByTestId('lang-en').click();
    await expect
      .poll(() => page.locator('.line-view h2').textContent(), { timeout: 30_000 })
      .toBe('Line overview');
    await expect
      .poll(() => page.locator('[data-testid="kpi-label"]').allTextContents(), { timeout: 30_000 })
      .toContain('Availability');
    await page.reload();
    await page.waitForSelector('[data-testid="station"]');
    await expect
      .poll(() => page.locator('.line-view h2').textContent(), { timeout: 30_000 })
      .toBe('Line overview');

    // Let the trends fill, then keep a screenshot for the docs.
    await until(
      () => page.locator('[data-testid="trend-latest"]').allTextContents(),
      (vs) => vs.length >= 3 && vs.every((v) => /\d/.test(v)),
      90_000,
      'all trends to have values',
    );
    // Not a wait for a condition: only lets the trend lines grow longer for the docs' screenshot.
    await page.waitForTimeout(12_000);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 600_000);

  it('stops everything from the header button (supervisor signs in), shows it, audits it, and resumes', async () => {
    const { page, url } = rig();
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="station"]');
    // Signed out: the panels say so, and the stop button is there anyway.
    await expect
      .poll(() => page.getByTestId('inbox').textContent(), { timeout: 60_000 })
      .toContain('Sign in');
    const button = page.getByTestId('stop-button');
    await expect.poll(() => button.textContent(), { timeout: 30_000 }).toBe('Stop all');
    await button.click();
    await page.getByTestId('login-user').fill('supervisor');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    // The stop follows the sign-in at once: banner in the page, state in the API.
    await page.waitForSelector('[data-testid="stop-banner"]', { timeout: 90_000 });
    expect(await page.getByTestId('stop-banner').textContent()).toContain('u:supervisor');
    const state = (await (await fetch(`${url}/api/stop`)).json()) as { engaged: boolean; by: string };
    expect(state).toMatchObject({ engaged: true, by: 'u:supervisor' });
    // The audit panel shows the stop entry under a verified checkpoint; the inbox has its empty state.
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 90_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('stop.engaged')]));
    await expect
      .poll(() => page.getByTestId('audit-checkpoint').textContent(), { timeout: 90_000 })
      .toContain('verified');
    // The live inbox source: R7 runs above its vibration limit from 11:30, so Sentinel has verified
    // a maintenance work order with twin what-if evidence (no proposal is made up by the test).
    const wo = page.getByTestId('proposal').filter({ hasText: 'WO-ST05' });
    await wo.waitFor({ timeout: 120_000 });
    expect(await wo.textContent()).toContain('maintenance-work-order');
    expect(await wo.textContent()).toMatch(/Evidence \(twin\): .*downtimeS/);
    // German label of the same button.
    await page.getByTestId('lang-de').click();
    await expect.poll(() => button.textContent(), { timeout: 30_000 }).toBe('Alles stoppen');
    await page.getByTestId('lang-en').click();
    // A supervisor may resume (with a reason).
    await page.getByTestId('resume-reason').fill('checked the cell, all clear');
    await page.getByTestId('resume-button').click();
    await page.waitForSelector('[data-testid="stop-banner"]', { state: 'detached', timeout: 90_000 });
    const after = (await (await fetch(`${url}/api/stop`)).json()) as { engaged: boolean };
    expect(after.engaged).toBe(false);
  }, 600_000);

  it('shows Analytika’s findings in the agent panel, with the evidence on click, and marks them on the R7 trend', async () => {
    const { page, url } = rig();
    await page.goto(`${url}/`);
    // Started at 11:30, R7 is already wearing: the detector fires within minutes (no test data).
    const finding = page
      .locator('[data-testid="finding"][data-agent="analytika"][data-kind="anomaly"]')
      .first();
    await finding.waitFor({ timeout: 180_000 });
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
      .poll(() => page.getByTestId('trend-vibration').getAttribute('data-findings'), { timeout: 90_000 })
      .not.toBe('0');
    await page.getByTestId('lang-de').click();
    await expect
      .poll(() => page.getByTestId('agent-panel').textContent(), { timeout: 30_000 })
      .toContain('Agenten-Aktivität');
    await page.getByTestId('lang-en').click();
    await expect
      .poll(() => page.getByTestId('agent-panel').textContent(), { timeout: 30_000 })
      .toContain('Agent activity');
  }, 600_000);

  it('lists a verified proposal in the inbox with its evidence, and a supervisor approves it there', async () => {
    const { page, url } = rig();
    // An engineer submits a purchase order through the API (the route agents use); it is built by
    // hand here, with twin evidence for exactly this change, and verified by Sentinel on arrival.
    const engineer = (await login(url, 'engineer')).token;
    const change = {
      kind: 'purchase-order',
      money: { amount: 1200, currency: 'EUR' },
      params: { part: 'R7 axis-4 bearing' },
    };
    // Evidence names the plant state it was simulated from: the live twin replays its day in a loop
    // (the state version is the replay count), and at ×300 a day lasts under five wall minutes, so on
    // a slow machine this test may run in a later day. A client that simulated from a stale state is
    // told the current version in the coded verdict; the engineer then submits from that state.
    const submit = async (id: string, stateVersion: number): Promise<Response> => {
      const now = Date.now();
      return fetch(`${url}/api/proposals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${engineer}` },
        body: JSON.stringify({
          id,
          proposer: 'engineer',
          tool: 'place-purchase-order',
          effect: 'actuate',
          actionClass: 'purchase-order',
          change,
          createdAt: now - 1000,
          uncertainty: 0.1,
          evidence: {
            stateVersion,
            simulatedAt: now - 5000,
            changeHash: hashRef(change),
            kpis: { downtimeMin: { baseline: 90, withChange: 25 } },
            constraintsOk: true,
          },
          expectedKpiDeltas: { downtimeMin: -65 },
          explanation: 'Order the bearing now so the R7 repair is not waiting for parts.',
        }),
      });
    };
    let stateVersion = 0;
    let proposalId = 'PO-E2E-1';
    let submitted = await submit(proposalId, stateVersion);
    for (let attempt = 2; submitted.status !== 201 && attempt <= 4; attempt++) {
      const body = (await submitted.clone().json()) as {
        verdict?: { reasons?: { code: string; message: string }[] };
      };
      const stale = body.verdict?.reasons?.find((r) => r.code === 'evidence.stale-state');
      const current = /the plant is at v(\d+)/.exec(stale?.message ?? '');
      if (current?.[1] === undefined) break;
      stateVersion = Number(current[1]);
      proposalId = `PO-E2E-${attempt}`;
      submitted = await submit(proposalId, stateVersion);
    }
    expect(submitted.status, await submitted.clone().text()).toBe(201);

    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="proposal"]', { timeout: 90_000 });
    const item = page.getByTestId('proposal').filter({ hasText: proposalId });
    await item.waitFor({ timeout: 90_000 });
    expect(await item.textContent()).toContain(proposalId);
    expect(await item.textContent()).toContain('downtimeMin 90 → 25');
    expect(await item.textContent()).toContain('R7 repair');
    await item.getByTestId('proposal-reason').fill('bearing is on the critical path');
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('approved');
    const api = (await (
      await fetch(`${url}/api/proposals/${proposalId}`, { headers: { authorization: `Bearer ${engineer}` } })
    ).json()) as { status: string; approvals: { by: string }[] };
    expect(api.status).toBe('approved');
    expect(api.approvals.map((a) => a.by)).toEqual(['u:supervisor']);
    // The signed-in view (inbox, audit trail with its verified checkpoint) for docs/governance-api.md.
    await page.waitForSelector('[data-testid="audit-checkpoint"]');
    await page.screenshot({ path: path.join(REPO, 'docs', 'dashboard-governance.png'), fullPage: false });
  }, 600_000);
});

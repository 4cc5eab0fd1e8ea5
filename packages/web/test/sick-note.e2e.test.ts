import { describe, expect, it } from 'vitest';
import type { CrewResponse, PlanResponse, StrategosPlanResponse } from '@aethercore/server';
import { getJson, login, until, useE2eRig } from './support/e2e-rig.ts';

/**
 * A shift lead reports a sick note on the running product: `aethercore start` from 09:25 of the seed
 * day at ×60 (the 09:30 PCB re-plan first), the supervisor signed in, the plan panel's form reports
 * Lotte (W038, the night shift's only solderer, ST09) sick; the twin logs WorkerReportedSick and
 * Strategos answers with the shift plan: the who-works-when rows appear in the browser.
 */
describe('sick note from the dashboard (e2e)', () => {
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-sick-e2e-',
    startArgs: ['--speed', '60', '--start-at', '09:25'],
    locale: 'de-DE',
    viewport: { width: 1440, height: 1400 },
  });

  it('reports the night solderer sick and shows the shift plan with who works when', async () => {
    const { page, url, output } = rig();
    await until(
      () => getJson<PlanResponse>(`${url}/api/plan`),
      (p) => p.lastReplan !== null,
      240_000,
      'the re-plan after the 09:30 delay',
    );
    const crew = await getJson<CrewResponse>(`${url}/api/crew`);
    const lotte = crew.workers.find((w) => w.id === 'W038');
    expect(lotte).toMatchObject({
      name: 'Lotte',
      shift: 'night',
      qualifications: ['soldering'],
      sickUntil: null,
    });

    const supervisor = await login(url, 'supervisor');
    await page.addInitScript(
      (s) => window.sessionStorage.setItem('aethercore.session', s),
      JSON.stringify(supervisor),
    );
    await page.goto(`${url}/`);
    const form = page.getByTestId('sick-note-form');
    await form.waitFor({ state: 'attached', timeout: 120_000 }).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${output().slice(-2_000)}`);
    });
    await form.scrollIntoViewIfNeeded();
    const select = form.getByTestId('sick-note-worker');
    // The crew list arrives after the form: wait for Lotte's option, then choose her.
    await expect.poll(() => select.locator('option[value="W038"]').count(), { timeout: 60_000 }).toBe(1);
    await select.selectOption('W038');
    await form.getByTestId('sick-note-submit').click();
    await until(
      () => form.getByTestId('sick-note-status').textContent(),
      (t) => t !== null && t.includes('Lotte (W038) ist krank gemeldet'),
      60_000,
      'the German confirmation of the sick note',
    );

    // The server side: the note is on the crew list, and Strategos re-planned the shifts for the absence.
    // (The crew list reads the event log, which the live loop writes on its next turn: wait for it.)
    const after = await until(
      () => getJson<CrewResponse>(`${url}/api/crew`),
      (c) => typeof c.workers.find((w) => w.id === 'W038')?.sickUntil === 'number',
      60_000,
      'the sick note on the crew list',
    );
    expect(after.workers.find((w) => w.id === 'W038')?.sickUntil).toBeGreaterThan(after.now);
    const plan = await until(
      () => getJson<StrategosPlanResponse>(`${url}/api/plan`),
      (p) => p.lastReplan?.shifts?.absent.includes('W038') === true,
      240_000,
      'the shift plan for the absence of W038',
    );
    expect(plan.lastReplan?.shifts?.reason).toBe('absence');
    expect(plan.lastReplan?.triggers.map((x) => x.type)).toContain('WorkerReportedSick');

    // The browser: the shift table with the who-works-when rows (ST09 in the night is needed).
    const panel = page.getByTestId('plan-panel');
    await expect
      .poll(() => panel.getByTestId('plan-shift-row').count(), { timeout: 120_000 })
      .toBeGreaterThan(0);
    const rows = (await panel.getByTestId('plan-shift-row').allTextContents()).join('\n');
    expect(rows).toContain('ST09');

    // The confirmation follows the language switch.
    await page.getByTestId('lang-en').click();
    await until(
      () => form.getByTestId('sick-note-status').textContent(),
      (t) => t !== null && t.includes('Lotte (W038) is reported sick until'),
      60_000,
      'the English confirmation',
    );
  }, 900_000);
});

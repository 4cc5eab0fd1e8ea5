import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '@aethercore/server';
import { REPO, getJson, until, useE2eRig } from './support/e2e-rig.ts';

/**
 * Strategos on the running product: `aethercore start` from 09:25 of the seed day at ×60, so the
 * 09:30 PCB delay arrives five seconds after the start; Chromium shows the plan panel's Gantt chart and
 * the re-plan. The product and the browser come from `support/e2e-rig.ts`. Writes docs/plan-panel.png.
 */
const SCREENSHOT = path.join(REPO, 'docs', 'plan-panel.png');

describe('plan panel in Chromium (e2e)', () => {
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-plan-e2e-',
    startArgs: ['--speed', '60', '--start-at', '09:25'],
    locale: 'de-DE',
    viewport: { width: 1440, height: 1400 },
  });

  it('re-plans after the 09:30 PCB delay and draws the plan as a Gantt chart', async () => {
    const { page, url, output } = rig();
    // The API first: the live runner re-planned on the stored delay event and proposed O-1003 first.
    const plan = await until(
      () => getJson<PlanResponse>(`${url}/api/plan`),
      (p) => p.lastReplan !== null,
      240_000,
      'the re-plan after the 09:30 delay',
    );
    expect(plan.lastReplan?.triggers.map((x) => x.type)).toContain('SupplierDeliveryDelayed');
    expect(plan.lastReplan?.outcome).toBe('proposed');
    expect(plan.lastReplan?.route).toBe('inbox');
    expect(plan.plan?.valid).toBe(true);
    expect(plan.latency.count).toBeGreaterThanOrEqual(1);

    await page.goto(`${url}/`);
    const gantt = page.getByTestId('plan-gantt');
    // Attached, not "visible": the panel sits below the fold of the fixed-height layout until scrolled to.
    await gantt.waitFor({ state: 'attached', timeout: 120_000 }).catch(async (e: unknown) => {
      const html = await page.content();
      const i = Math.max(0, html.indexOf('plan-panel') - 100);
      throw new Error(`${String(e)}\n${output().slice(-2_000)}\n${html.slice(i, i + 1500)}`);
    });
    await gantt.scrollIntoViewIfNeeded();
    await until(
      () => gantt.getAttribute('data-bars'),
      (n) => n !== null && Number(n) > 20,
      90_000,
      'Gantt bars in the next 8 h',
    );
    // echarts drew on its canvas: some pixels are not background (polled: echarts animates its first
    // frames, and a starved renderer may paint late).
    const paintedPixels = (): Promise<number> =>
      gantt
        .locator('canvas')
        .first()
        .evaluate((c: HTMLCanvasElement) => {
          const ctx = c.getContext('2d');
          if (ctx === null) return 0;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4 * 7) if ((d[i] ?? 0) > 0) n++;
          return n;
        });
    await until(paintedPixels, (n) => n > 500, 60_000, 'the Gantt chart painted on its canvas');
    const panel = page.getByTestId('plan-panel');
    await until(
      () => panel.getByTestId('plan-replan').textContent(),
      (t) => t !== null && t.includes('Vorschlag an Sentinel'),
      90_000,
      'the re-plan line (German)',
    );
    await expect
      .poll(() => panel.getByTestId('plan-sequence').textContent(), { timeout: 60_000 })
      .toContain('O-1003');
    await page.getByTestId('lang-en').click();
    await until(
      () => panel.getByTestId('plan-replan').textContent(),
      (t) => t !== null && t.includes('proposal to Sentinel'),
      60_000,
      'the re-plan line (English)',
    );
    await panel.screenshot({ path: SCREENSHOT });
  }, 600_000);
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PolicyHistoryResponse, PolicyResponse } from '@aethercore/server';
import { DEMO_PASSWORD, REPO, useE2eRig } from './support/e2e-rig.ts';

/**
 * Policy authorship on the running product: `aethercore start` (temp data dir, demo password),
 * Chromium signs in as the process engineer (the matrix gives `policy.change` to engineers and
 * production managers, not to admins), changes a purchase-order limit in the editor — first with
 * a mistake the server names by field path — and the version, the history and the audit trail
 * show the change. An admin then sees the users list; sign-out ends the session on the server.
 * The product and the browser come from `support/e2e-rig.ts`. Writes docs/dashboard-policy.png.
 */
const SCREENSHOT = path.join(REPO, 'docs', 'dashboard-policy.png');

async function signIn(page: Page, user: string): Promise<void> {
  await page.getByTestId('login-button').click();
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout-button').waitFor({ timeout: 90_000 });
}

async function api<T>(url: string, p: string, token: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
}

describe('policy screen in Chromium (e2e)', () => {
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-policy-e2e-',
    startArgs: ['--speed', '60'],
    locale: 'en-GB',
  });

  it('an engineer changes a limit: a mistake names its field, then the version increments, the history and the audit trail show it', async () => {
    const { page, url } = rig();
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="station"]', { timeout: 120_000 });
    await page.getByTestId('lang-en').click();
    const screen = page.getByTestId('admin-screen');
    await expect.poll(() => screen.textContent(), { timeout: 60_000 }).toContain('Sign in to see the policy');

    await signIn(page, 'engineer');
    await expect
      .poll(() => page.getByTestId('policy-version').textContent(), { timeout: 90_000 })
      .toContain('Version 1');
    const po = page.getByTestId('policy-class').filter({ hasText: 'purchase-order' });
    await expect
      .poll(() => po.getByTestId('policy-limits').textContent(), { timeout: 60_000 })
      .toContain('≤ 5,000 EUR per order');
    await expect
      .poll(() => po.getByTestId('policy-grade').textContent(), { timeout: 60_000 })
      .toBe('Needs approval');
    expect(await page.getByTestId('policy-class').count()).toBeGreaterThanOrEqual(6);

    await page.getByTestId('policy-edit').click();
    const editor = page.getByTestId('policy-text');
    const text = await editor.inputValue();
    expect(text).toMatch(/^version: 2$/m);
    expect(text).toContain('maxPerOrder: 5000');
    // A mistake first: a negative limit is refused with the field path, nothing changes.
    await editor.fill(text.replace('maxPerOrder: 5000', 'maxPerOrder: -4000'));
    await page.getByTestId('policy-reason').fill('supplier alert: smaller orders');
    await page.getByTestId('policy-save').click();
    await expect
      .poll(() => page.getByTestId('policy-error').textContent(), { timeout: 90_000 })
      .toContain('actionClasses.purchase-order.limits.money.maxPerOrder');
    expect(await page.getByTestId('policy-error').textContent()).toContain('policy.invalid');
    // Fixed: saved, in force at once.
    await editor.fill(text.replace('maxPerOrder: 5000', 'maxPerOrder: 4000'));
    await page.getByTestId('policy-save').click();
    await expect
      .poll(() => page.getByTestId('policy-saved').textContent(), { timeout: 90_000 })
      .toContain('Version 2 is in force now');
    await expect
      .poll(() => page.getByTestId('policy-version').textContent(), { timeout: 60_000 })
      .toContain('Version 2');
    await expect
      .poll(() => po.getByTestId('policy-limits').textContent(), { timeout: 60_000 })
      .toContain('≤ 4,000 EUR per order');
    // The history is fetched again after the save: wait for its newest entry.
    await expect
      .poll(async () => (await page.getByTestId('policy-history-entry').allTextContents())[0], {
        timeout: 60_000,
      })
      .toMatch(/^v2 u:engineer .*supplier alert: smaller orders/);
    const history = await page.getByTestId('policy-history-entry').allTextContents();
    expect(history.at(-1)).toMatch(/^v1 system:startup/);

    // The API agrees, and the audit trail panel shows the change (polled every 5 s).
    const token = await page.evaluate(
      () =>
        (JSON.parse(window.sessionStorage.getItem('aethercore.session') ?? '{}') as { token?: string })
          .token ?? '',
    );
    const policy = await api<PolicyResponse>(url, '/api/policy', token);
    expect(policy.body.version).toBe(2);
    expect(policy.body.current).toMatchObject({
      changedBy: 'u:engineer',
      reason: 'supplier alert: smaller orders',
    });
    const h = await api<PolicyHistoryResponse>(url, '/api/policy/history', token);
    expect(h.body.versions.map((v) => v.version)).toEqual([1, 2]);
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 90_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/policy\.changed u:engineer done/)]));
    await expect
      .poll(() => page.locator('[data-testid="audit-entry"]').allTextContents(), { timeout: 90_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/policy\.change u:engineer denied/)]));

    // German labels of the same screen.
    await page.getByTestId('lang-de').click();
    await expect
      .poll(() => screen.locator('h2').first().textContent(), { timeout: 30_000 })
      .toBe('Richtlinie & Verwaltung');
    await expect
      .poll(() => po.getByTestId('policy-grade').textContent(), { timeout: 30_000 })
      .toBe('Freigabe nötig');
    await expect
      .poll(() => po.getByTestId('policy-limits').textContent(), { timeout: 30_000 })
      .toContain('≤ 4.000 EUR je Bestellung');
    await page.getByTestId('lang-en').click();
    await screen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Sign-out ends the session on the server too (the stored hash is deleted).
    await page.getByTestId('logout-button').click();
    await expect
      .poll(async () => (await api<unknown>(url, '/api/auth/me', token)).status, { timeout: 60_000 })
      .toBe(401);
  }, 600_000);

  it('an admin sees the users list but no editor (the matrix keeps policy changes with engineers and managers)', async () => {
    const { page } = rig();
    await signIn(page, 'admin');
    const rows = page.getByTestId('user-row');
    await rows.first().waitFor({ timeout: 90_000 });
    const ids = await rows.locator('td:first-child').allTextContents();
    expect(ids).toEqual(
      expect.arrayContaining(['admin', 'operator', 'supervisor', 'engineer', 'manager', 'dexter']),
    );
    expect(await page.getByTestId('policy-edit').count()).toBe(0);
    expect(await page.getByTestId('admin-screen').textContent()).toContain(
      'Only engineers and production managers change the policy.',
    );
    await page.getByTestId('logout-button').click();
  }, 300_000);
});

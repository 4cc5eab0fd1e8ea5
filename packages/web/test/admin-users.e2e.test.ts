import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TokensResponse } from '@aethercore/server';
import { DEMO_PASSWORD, REPO, getJson, useE2eRig } from './support/e2e-rig.ts';

/**
 * Users and API tokens on the running product: `aethercore start` (temp data dir, demo password),
 * Chromium signs in as the admin (German dashboard) and, in the screen only, adds a colleague (a
 * client-side check and a server refusal naming the field first), who can then sign in over the API;
 * disables them (their sign-in and their session are refused), enables them again and narrows their
 * roles; issues an API token whose secret is shown once, copies it and uses it against the API; and
 * revokes it, after which the same call is 401. The token's "last used" column reads "nie" before and
 * "gerade eben" after its first request. Server refusals appear in German with their code (a taken
 * id at the id field; an admin's own disabling, `access.self-change`, in the row). A supervisor does
 * not see the screen.
 * Writes docs/dashboard-users.png (and a copy under AETHERCORE_SCREENSHOT_DIR when set).
 */
const SCREENSHOT = path.join(REPO, 'docs', 'dashboard-users.png');
const NEW_ID = 'k.lehmann';
const NEW_PASSWORD = 'katrin-initial-passphrase';

async function signIn(page: Page, user: string): Promise<void> {
  await page.getByTestId('login-button').click();
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout-button').waitFor({ timeout: 90_000 });
}

/** `POST /api/auth/login` with a given password: the status and, on success, the session token. */
async function loginAs(
  url: string,
  user: string,
  password: string,
): Promise<{ status: number; token?: string }> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  const body = (await r.json()) as { token?: string };
  return r.status === 200 && body.token !== undefined
    ? { status: 200, token: body.token }
    : { status: r.status };
}

async function me(
  url: string,
  token: string,
): Promise<{ status: number; body: { id?: string; roles?: string[] } }> {
  const r = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as { id?: string; roles?: string[] } };
}

describe('users and API tokens screen in Chromium (e2e)', () => {
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-users-e2e-',
    startArgs: ['--speed', '60'],
    locale: 'de-DE',
  });

  it('an admin adds a user, disables and enables them, changes roles, issues a token shown once and revokes it', async () => {
    const { page, url, context } = rig();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-testid="station"]', { timeout: 120_000 });
    await page.getByTestId('lang-de').click();
    expect(await page.getByTestId('identity-admin').count()).toBe(0);

    await signIn(page, 'admin');
    const admin = page.getByTestId('identity-admin');
    await admin.waitFor({ timeout: 90_000 });
    await expect
      .poll(() => admin.locator('h3').first().textContent(), { timeout: 60_000 })
      .toBe('Benutzer & API-Token');
    const row = (id: string) => page.locator(`[data-testid="user-row"][data-user="${id}"]`);
    await row('operator').waitFor({ timeout: 90_000 });

    // 1. Client-side checks name the fields before any request.
    await page.getByTestId('user-add-role-operator').uncheck();
    await page.getByTestId('user-add-id').fill('K Lehmann');
    await page.getByTestId('user-add-password').fill('short');
    await page.getByTestId('user-add-submit').click();
    await expect
      .poll(() => page.getByTestId('user-add-error-id').textContent(), { timeout: 30_000 })
      .toContain('Kleinbuchstaben');
    expect(await page.getByTestId('user-add-error-displayName').textContent()).toBe(
      'Bitte einen Namen angeben.',
    );
    expect(await page.getByTestId('user-add-error-roles').textContent()).toBe(
      'Mindestens eine Rolle wählen.',
    );
    expect(await page.getByTestId('user-add-error-password').textContent()).toBe('Mindestens 12 Zeichen.');

    // 2. A taken id passes the client's format check; the server's coded refusal appears at the id
    //    field, in German (the server answers in English; the dashboard translates by code).
    await page.getByTestId('user-add-id').fill('operator');
    await page.getByTestId('user-add-name').fill('Katrin Lehmann');
    await page.getByTestId('user-add-role-operator').check();
    await page.getByTestId('user-add-role-supervisor').check();
    await page.getByTestId('user-add-password').fill(NEW_PASSWORD);
    await page.getByTestId('user-add-submit').click();
    await expect
      .poll(() => page.getByTestId('user-add-error-id').textContent(), { timeout: 60_000 })
      .toBe('Diese Kennung ist ungültig oder schon vergeben. (access.user-id-invalid)');
    expect(await page.getByTestId('user-add-error-password').count()).toBe(0);

    // 3. Added; the new colleague can sign in (API).
    await page.getByTestId('user-add-id').fill(NEW_ID);
    await page.getByTestId('user-add-submit').click();
    await expect
      .poll(() => page.getByTestId('users-notice').textContent(), { timeout: 60_000 })
      .toBe(`Benutzer ${NEW_ID} angelegt.`);
    await row(NEW_ID).waitFor({ timeout: 60_000 });
    expect(await row(NEW_ID).textContent()).toContain('Schichtleiter');
    expect(await page.getByTestId('user-add-id').inputValue()).toBe('');
    const first = await loginAs(url, NEW_ID, NEW_PASSWORD);
    expect(first.status).toBe(200);
    const session = first.token ?? '';
    expect((await me(url, session)).body).toMatchObject({ id: NEW_ID, roles: ['operator', 'supervisor'] });

    // 4. Nobody disables themselves: the server's refusal is shown in the admin's row.
    await row('admin').getByTestId('user-disable').click();
    await row('admin').getByTestId('user-confirm').click();
    await expect
      .poll(() => page.getByTestId('user-row-error').textContent(), { timeout: 60_000 })
      .toContain('Niemand darf die eigenen Rollen ändern oder sich selbst sperren.');
    expect(await page.getByTestId('user-row-error').textContent()).toContain('(access.self-change)');
    expect(await row('admin').getByTestId('user-status').textContent()).toBe('aktiv');

    // 5. Disable (with the confirm step; Cancel first changes nothing): sign-in and session refused.
    await row(NEW_ID).getByTestId('user-disable').click();
    await row(NEW_ID).getByRole('button', { name: 'Abbrechen' }).click();
    expect(await row(NEW_ID).getByTestId('user-status').textContent()).toBe('aktiv');
    await row(NEW_ID).getByTestId('user-disable').click();
    await expect.poll(() => row(NEW_ID).textContent(), { timeout: 30_000 }).toContain(`${NEW_ID} sperren?`);
    await row(NEW_ID).getByTestId('user-confirm').click();
    await expect
      .poll(() => row(NEW_ID).getByTestId('user-status').textContent(), { timeout: 60_000 })
      .toBe('gesperrt');
    expect((await loginAs(url, NEW_ID, NEW_PASSWORD)).status).toBe(401);
    expect((await me(url, session)).status).toBe(401);

    // 6. Enable again (keyboard: the confirm button has the focus), then narrow the roles to operator.
    await row(NEW_ID).getByTestId('user-enable').click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('user-confirm');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => row(NEW_ID).getByTestId('user-status').textContent(), { timeout: 60_000 })
      .toBe('aktiv');
    expect((await loginAs(url, NEW_ID, NEW_PASSWORD)).status).toBe(200);
    await row(NEW_ID).getByTestId('user-edit').click();
    await page.getByTestId('user-change-role-supervisor').uncheck();
    await page.getByTestId('user-change-save').click();
    await expect
      .poll(() => page.getByTestId('users-notice').textContent(), { timeout: 60_000 })
      .toBe(`${NEW_ID} geändert.`);
    await expect.poll(() => row(NEW_ID).textContent(), { timeout: 60_000 }).not.toContain('Schichtleiter');

    // 7. Issue a token: the owner's roles are offered without admin; the secret is shown once.
    await page.getByTestId('token-issue-owner').selectOption('admin');
    await page.getByTestId('token-issue-submit').click();
    await expect
      .poll(() => page.getByTestId('token-issue-error-roles').textContent(), { timeout: 30_000 })
      .toContain('Administrator-Rolle');
    await page.getByTestId('token-issue-owner').selectOption(NEW_ID);
    expect(await page.getByTestId('token-issue-role-operator').isChecked()).toBe(true);
    expect(await page.getByTestId('token-issue-role-admin').count()).toBe(0);
    await page.getByTestId('token-issue-days').fill('400');
    await page.getByTestId('token-issue-submit').click();
    await expect
      .poll(() => page.getByTestId('token-issue-error-expiresInDays').textContent(), { timeout: 30_000 })
      .toBe('Eine ganze Zahl von 1 bis 365 Tagen.');
    await page.getByTestId('token-issue-days').fill('30');
    await page.getByTestId('token-issue-label').fill('Wandbildschirm Halle 4');
    await page.getByTestId('token-issue-submit').click();
    const secretBox = page.getByTestId('token-secret-box');
    await secretBox.waitFor({ timeout: 60_000 });
    expect(await secretBox.textContent()).toContain('Wird nur jetzt angezeigt');
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret).toMatch(/^act_/);
    await page.getByTestId('token-copy').click();
    await expect
      .poll(() => page.getByTestId('token-copy').textContent(), { timeout: 30_000 })
      .toBe('Kopiert');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const adminToken = await page.evaluate(
      () =>
        (JSON.parse(window.sessionStorage.getItem('aethercore.session') ?? '{}') as { token?: string })
          .token ?? '',
    );
    const listToken = async () =>
      (await getJson<TokensResponse>(`${url}/api/tokens`, adminToken)).tokens.find(
        (k) => k.label === 'Wandbildschirm Halle 4',
      );
    const listed = await listToken();
    expect(listed).toMatchObject({
      subject: NEW_ID,
      roles: ['operator'],
      createdBy: 'u:admin',
      expired: false,
    });
    expect(listed?.lastUsedAt).toBeUndefined();
    const id = listed?.id ?? '';
    const tokenRow = page.locator(`[data-testid="token-row"][data-token="${id}"]`);
    await tokenRow.waitFor({ timeout: 60_000 });
    expect(await tokenRow.textContent()).toContain('noch 30 Tage');
    expect(await tokenRow.getByTestId('token-last-used').textContent()).toBe('nie');

    // The token works against the API, as its owner with the chosen roles; the server records the use
    // and the table shows it at its next reload (every 15 s): "gerade eben" and the exact time.
    const asToken = await me(url, secret);
    expect(asToken.status).toBe(200);
    expect(asToken.body).toMatchObject({ id: NEW_ID, roles: ['operator'] });
    const usedAt = (await listToken())?.lastUsedAt;
    expect(typeof usedAt).toBe('number');
    expect(usedAt ?? 0).toBeGreaterThanOrEqual(listed?.createdAt ?? Infinity);
    await expect
      .poll(() => tokenRow.getByTestId('token-last-used').getAttribute('data-last-used'), { timeout: 90_000 })
      .toBe(String(usedAt));
    // Relative to the server's time of the list: "gerade eben" in the first minute; a very slow machine
    // may reload the list only after it, hence "vor 1 Minute" is accepted too.
    expect(await tokenRow.getByTestId('token-last-used').textContent()).toMatch(
      /^(gerade eben|vor \d+ Minuten?)/,
    );
    expect(await tokenRow.getByTestId('token-last-used').locator('time').getAttribute('datetime')).toBe(
      new Date(usedAt ?? 0).toISOString(),
    );
    expect(await page.getByTestId('tokens-table').textContent()).not.toContain(secret);

    await secretBox.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: SCREENSHOT });
    const dir = process.env['AETHERCORE_SCREENSHOT_DIR'];
    if (dir !== undefined && dir !== '') {
      mkdirSync(dir, { recursive: true });
      copyFileSync(SCREENSHOT, path.join(dir, 'admin-users-de.png'));
    }

    // Done hides it for good: nothing on the page holds the secret any more.
    await page.getByTestId('token-secret-done').click();
    await expect.poll(() => page.getByTestId('token-secret-box').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // 8. Revoke with confirm: the same call is now 401.
    await tokenRow.getByTestId('token-revoke').click();
    await tokenRow.getByTestId('token-confirm').click();
    await expect
      .poll(() => page.getByTestId('tokens-notice').textContent(), { timeout: 60_000 })
      .toBe(`Token ${id} widerrufen.`);
    expect((await me(url, secret)).status).toBe(401);
    await expect.poll(() => tokenRow.count(), { timeout: 60_000 }).toBe(0);

    // 9. Only admins see the screen.
    await page.getByTestId('logout-button').click();
    await signIn(page, 'supervisor');
    await expect
      .poll(() => page.getByTestId('policy-version').textContent(), { timeout: 90_000 })
      .toContain('Version 1');
    expect(await page.getByTestId('identity-admin').count()).toBe(0);
    await page.getByTestId('logout-button').click();
  }, 900_000);
});

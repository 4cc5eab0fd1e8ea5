import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, getJson, login, until, useE2eRig } from './support/e2e-rig.ts';

/**
 * Dexter end to end: `aethercore start` as a child process (live mode, temp data dir), Debian
 * Chromium against the served dashboard. The R7 maintenance work order that the live source
 * proposes (identity analytika, verified by Sentinel) is approved in the browser by a supervisor;
 * Dexter then calls the twin's OPC UA Method ST05.PerformMaintenance, reads the effect back, and the
 * dashboard shows ST05 in maintenance, the MaintenanceStarted event and the audit trail
 * intent → executed → verified. Writes docs/actuation.png. (Product and browser: `support/e2e-rig.ts`.)
 */
const SCREENSHOT = path.join(REPO, 'docs', 'actuation.png');

interface LineBody {
  stations: { id: string; state: string; reason?: string }[];
}

describe('approving the R7 work order puts ST05 into maintenance (Chromium, e2e)', () => {
  // Speed 300, as in dashboard.e2e.test.ts: Analytika's detector fires on R7 within a few minutes of
  // wall time; the 45-min maintenance then lasts 9 s of wall time, so the page watches ST05's tile
  // from before the approval (a MutationObserver keeps every state it showed).
  const rig = useE2eRig({
    tmpPrefix: 'aethercore-actuation-e2e-',
    startArgs: ['--speed', '300', '--start-at', '11:30'],
    locale: 'en-GB',
  });

  it('supervisor approves the R7 work order → Dexter executes over OPC UA → ST05 in maintenance, event and audit trail on the dashboard', async () => {
    const { page, url } = rig();
    const supervisor = await login(url, 'supervisor');
    const auth = { authorization: `Bearer ${supervisor.token}` };
    const line = (): Promise<LineBody> => getJson<LineBody>(`${url}/api/line`);
    const st05 = async () => (await line()).stations.find((s) => s.id === 'ST05');

    // Analytika's live work order (not made up by the test), verified by Sentinel, waiting in the inbox.
    const pending = await until(
      async () =>
        (
          (await (await fetch(`${url}/api/proposals?status=pending`, { headers: auth })).json()) as {
            proposals: { id: string; proposal: { actionClass?: string } }[];
          }
        ).proposals,
      (ps) => ps.some((p) => p.id.startsWith('WO-ST05-')),
      240_000,
      'the R7 work order in the inbox',
    );
    const woId = pending.find((p) => p.id.startsWith('WO-ST05-'))?.id ?? '';
    expect(pending.find((p) => p.id === woId)?.proposal.actionClass).toBe('maintenance-work-order');
    expect((await st05())?.reason).not.toBe('maintenance');

    // The dashboard, signed in as the supervisor (the session the sign-in dialog would store), shows it.
    await page.addInitScript(
      (s) => window.sessionStorage.setItem('aethercore.session', s),
      JSON.stringify(supervisor),
    );
    await page.goto(`${url}/`);
    const wo = page.getByTestId('proposal').filter({ hasText: woId });
    await expect.poll(() => wo.count(), { timeout: 120_000 }).toBe(1);
    expect(await wo.textContent()).toContain('maintenance-work-order');

    // Watch the ST05 tile in the page from now on (the stop lasts 9 s at ×300; a starved renderer may be slow to answer).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { st05Seen: string[] }).st05Seen = seen;
      const look = (): void => {
        const tile = [...document.querySelectorAll('[data-testid="station"]')].find((e) =>
          e.textContent?.includes('ST05'),
        );
        const title = tile?.querySelector('[data-testid="station-state"]')?.getAttribute('title');
        if (tile?.getAttribute('data-state') === 'failed' && title != null) seen.push(title);
      };
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });

    // The supervisor approves (the inbox button posts exactly this; clicking it in the browser is
    // covered by dashboard.e2e.test.ts, and is too slow to drive at ×300 on a loaded machine).
    const approved = await fetch(`${url}/api/proposals/${woId}/approve`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'take the stop now, bearing noise' }),
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    // Above its uncertainty threshold the work order needs two people (policy): a production manager confirms.
    const item = ((await approved.json()) as { item?: { status: string; requiredApprovals: number } }).item;
    if (item?.status === 'pending' && item.requiredApprovals === 2) {
      const manager = await login(url, 'manager');
      const second = await fetch(`${url}/api/proposals/${woId}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'agreed, second person' }),
      });
      expect(second.status, await second.clone().text()).toBe(200);
    }

    // Dexter acts within about a second: intent, the plant's Good, and the read-back (ST05/inMaintenance = true).
    type Entry = { actor: string; action: string; outcome: string; subject?: string; reason?: string };
    const dexterTrail = async (): Promise<Entry[]> =>
      (
        (await (await fetch(`${url}/api/audit?limit=1000`, { headers: auth })).json()) as {
          entries: { entry: Entry }[];
        }
      ).entries
        .map((e) => e.entry)
        .filter((e) => e.subject === woId && e.actor === 'agent:dexter');
    const trail = await until(
      dexterTrail,
      (es) =>
        es.some(
          (e) => e.action.startsWith('actuation.') || e.outcome === 'failed' || e.outcome === 'refused',
        ),
      120_000,
      'Dexter to act',
    );
    expect(
      trail.map(
        (e) =>
          `${e.action} ${e.outcome}${e.outcome === 'done' || e.outcome === 'started' || e.outcome === 'succeeded' ? '' : ` (${e.reason ?? ''})`}`,
      ),
    ).toEqual([
      'action.create-work-order started',
      'action.create-work-order succeeded',
      'actuation.verified done',
    ]);
    // The twin (behind OPC UA) ran the maintenance: the event log keeps it, the dashboard showed it.
    // (The driver stores the twin's events on its next tick, so poll; read the newest, not the first 50.)
    await until(
      async () =>
        (
          (await (await fetch(`${url}/api/events?types=MaintenanceStarted&tail=50`)).json()) as {
            events: { data: { station?: string } }[];
          }
        ).events,
      (es) => es.some((e) => e.data.station === 'ST05'),
      120_000,
      'MaintenanceStarted ST05 in the event log',
    );
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { st05Seen: string[] }).st05Seen), {
        timeout: 120_000,
      })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^(maintenance|Wartung)$/)]));
    await expect.poll(() => wo.textContent(), { timeout: 120_000 }).toMatch(/approved|freigegeben/i);
    await expect
      .poll(() => page.locator('[data-testid="event"]').allTextContents(), { timeout: 120_000 })
      // MaintenanceStarted, or (when the stream's two publishers interleave and the client drops the
      // start, see docs/actuation.md) the end of exactly this 45-min stop.
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /(Maintenance started|Wartung begonnen).*ST05|(Station repaired|instand gesetzt)ST05 · 45 min/,
          ),
        ]),
      );
    await expect
      .poll(async () => (await page.locator('[data-testid="audit-entry"]').allTextContents()).join('\n'), {
        timeout: 120_000,
      })
      .toMatch(/actuation\.verified agent:dexter done/);
    // For docs/actuation.md (best effort: a screenshot needs rendered frames, which a starved renderer may not give in time).
    await page.screenshot({ path: SCREENSHOT, fullPage: false, timeout: 60_000 }).catch(() => undefined);
  }, 600_000);
});

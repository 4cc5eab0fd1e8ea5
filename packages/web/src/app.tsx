import type { EquipmentNodeSpec, TrendSpec } from '@aethercore/server';
import { Header } from './components/header.tsx';
import { KpiTiles } from './components/kpi-tiles.tsx';
import { LineView } from './components/line-view.tsx';
import { TrendChart } from './components/trend-chart.tsx';
import { EventTimeline } from './components/event-timeline.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { characteristicLabel } from './i18n/messages.ts';
import { useLive } from './live/use-live.ts';
import { useState } from 'react';
import { StopBanner } from './components/stop-banner.tsx';
import { LoginDialog } from './components/login-dialog.tsx';
import { InboxPanel } from './components/inbox-panel.tsx';
import { AuditPanel } from './components/audit-panel.tsx';
import { DECIDE_ROLES, RESUME_ROLES, useSession } from './governance/use-session.ts';
import { useGovernance } from './governance/use-governance.ts';
import { AdminScreen } from './admin/admin-screen.tsx';
import { serverSignOut } from './admin/admin-api.ts';
import { AgentPanel } from './agents/agent-panel.tsx';
import { markersFor } from './agents/findings.ts';
import { useFindings } from './agents/use-findings.ts';
import { PlanPanel } from './plan/plan-panel.tsx';
import { usePlan } from './plan/use-plan.ts';
import { SummaryPanel } from './summary/summary-panel.tsx';
import { useDailySummary } from './summary/use-daily-summary.ts';

/** The ISA-95 area (the hall) the line stands in, for the header. */
function areaOf(root: EquipmentNodeSpec | undefined): string | undefined {
  if (root === undefined) return undefined;
  if (root.level === 'Area') return root.displayName;
  for (const c of root.children) {
    const a = areaOf(c);
    if (a !== undefined) return a;
  }
  return undefined;
}

export function App() {
  const live = useLive();
  const { t, lang } = useI18n();
  const auth = useSession();
  const gov = useGovernance(auth, live.stop);
  const findings = useFindings(live.events);
  const plan = usePlan();
  const summary = useDailySummary(lang);
  // Sign-in requested by the stop button: once signed in, the stop follows at once.
  const [login, setLogin] = useState<'none' | 'plain' | 'then-stop'>('none');
  const [stopError, setStopError] = useState<string | undefined>();
  const roles = auth.session?.principal.roles ?? [];
  const stop = (token: string): void => {
    setStopError(undefined);
    gov.engage(token, t('stop.reasonDefault')).catch((e: unknown) => {
      setStopError(`${t('stop.failed')}: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  const title = (s: TrendSpec): string =>
    s.kind === 'vibration'
      ? t('trend.vibration', { eq: s.equipmentId })
      : s.kind === 'temperature'
        ? t('trend.temperature', { eq: s.equipmentId })
        : t('trend.characteristic', { name: characteristicLabel(lang, s.name), eq: s.equipmentId });
  // A trend outside its limits marks its station in the line view (the R7 cell when R7 runs hot).
  const alarms = new Set<string>();
  for (const s of live.plant?.trends ?? []) {
    const v = live.latest[s.seriesId]?.value;
    const { low, high } = s.limits;
    if (v !== undefined && ((high !== undefined && v > high) || (low !== undefined && v < low))) {
      alarms.add(s.seriesId.split('/')[0] ?? '');
    }
  }
  return (
    <div className="app">
      <Header
        line={live.line}
        conn={live.conn}
        areaName={areaOf(live.plant?.root)}
        run={live.run}
        stopEngaged={gov.stop?.engaged === true}
        onStop={() => {
          if (auth.session === undefined) setLogin('then-stop');
          else stop(auth.session.token);
        }}
        user={auth.session?.principal.id}
        onLogin={() => setLogin('plain')}
        onLogout={serverSignOut(auth)}
      />
      <StopBanner
        state={gov.stop}
        canResume={roles.some((r) => RESUME_ROLES.includes(r))}
        onResume={gov.resume}
      />
      {stopError === undefined ? null : (
        <div className="stop-banner" role="alert">
          {stopError}
        </div>
      )}
      {login === 'none' ? null : (
        <LoginDialog
          note={login === 'then-stop' ? t('stop.needLogin') : undefined}
          onCancel={() => setLogin('none')}
          onLogin={async (user, password) => {
            const s = await auth.login(user, password);
            const then = login;
            setLogin('none');
            if (then === 'then-stop') stop(s.token);
          }}
        />
      )}
      <main className="layout">
        <div className="main-col">
          <KpiTiles kpis={live.kpis} />
          <LineView line={live.line} alarms={alarms} />
          <div className="trends">
            {(live.plant?.trends ?? []).map((s) => (
              <TrendChart
                key={s.seriesId}
                spec={s}
                title={title(s)}
                points={live.series[s.seriesId] ?? []}
                latest={live.latest[s.seriesId]}
                markers={markersFor(s, findings, lang)}
              />
            ))}
          </div>
          <PlanPanel plan={plan} now={live.line?.simTime} session={auth.session} />
          <SummaryPanel data={summary} />
        </div>
        <div className="side-col">
          <InboxPanel
            signedIn={auth.session !== undefined}
            proposals={gov.proposals}
            canDecide={roles.some((r) => DECIDE_ROLES.includes(r))}
            onDecide={gov.decide}
          />
          <AgentPanel findings={findings} />
          <AuditPanel signedIn={auth.session !== undefined} entries={gov.audit} checkpoint={gov.checkpoint} />
          <EventTimeline events={live.events} />
        </div>
      </main>
      <AdminScreen session={auth.session} />
      <footer className="footer muted small">
        <span>{t('footer.opcua')}</span>
        <span className="mono">{live.plant?.namespaceUri}</span>
      </footer>
    </div>
  );
}

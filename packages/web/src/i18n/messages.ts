/**
 * Every string the dashboard shows, in German and English. German is the source language (the
 * product comes from a German plant); the English table must have exactly the same keys, which
 * the type below enforces at compile time and `test/messages.test.ts` checks at run time.
 */
export const de = {
  'app.title': 'Leitstand',
  'app.product': 'AetherCore',
  'header.simTime': 'Simulationszeit',
  'header.speed': 'Zeitraffer',
  'header.language': 'Sprache',
  'conn.live': 'Live',
  'conn.polling': 'Abfrage',
  'conn.connecting': 'Verbinde …',
  'conn.offline': 'Keine Verbindung',
  'line.title': 'Linienübersicht',
  'line.flow': 'Materialfluss',
  'line.buffer': 'Puffer',
  'line.good': 'i.O.',
  'line.scrap': 'n.i.O.',
  'line.produced': 'Gefertigte Teile',
  'line.limitExceeded': 'Messwert außerhalb der Grenze',
  'line.empty': 'Keine Stationen',
  'state.producing': 'Produziert',
  'state.idle': 'Bereit',
  'state.blocked': 'Blockiert',
  'state.starved': 'Ohne Material',
  'state.failed': 'Störung',
  'state.off': 'Aus',
  'kpi.title': 'Kennzahlen',
  'kpi.output': 'Ausbringung',
  'kpi.oee': 'OEE',
  'kpi.availability': 'Verfügbarkeit',
  'kpi.performance': 'Leistung',
  'kpi.quality': 'Qualität',
  'kpi.energyPerUnitKWh': 'Energie je Teil',
  'kpi.firstPassYield': 'Erstdurchlaufquote (FPY)',
  'kpi.downtimeS': 'Stillstand',
  'kpi.parts': 'Teile',
  'kpi.vsBaseline': 'ggü. Basis',
  'trend.title': 'Verläufe',
  'trend.vibration': 'Schwingung {eq}',
  'trend.temperature': 'Temperatur {eq}',
  'trend.characteristic': '{name} {eq}',
  'trend.limitHigh': 'Grenze',
  'trend.usl': 'OTG',
  'trend.lsl': 'UTG',
  'trend.nominal': 'Soll',
  'trend.noData': 'Warte auf Messwerte …',
  'trend.latest': 'aktuell',
  'events.title': 'Ereignisse',
  'events.empty': 'Noch keine Ereignisse',
  'events.stream': 'Quelle',
  'agents.title': 'Agenten-Aktivität',
  'agents.empty': 'Noch keine Befunde der Agenten',
  'agents.severity.info': 'Info',
  'agents.severity.warning': 'Warnung',
  'agents.severity.alarm': 'Alarm',
  'agents.evidence': 'Belege (zum Schließen klicken)',
  'agents.proposal': 'Vorschlag',
  'footer.opcua': 'Messwerte über OPC UA',
  'unit.pcs': 'Stk.',
  'stop.button': 'Alles stoppen',
  'stop.engaged': 'ALLES GESTOPPT',
  'stop.by': 'von {by} um {time}: {reason}',
  'stop.resume': 'Freigeben',
  'stop.resumeReason': 'Grund der Freigabe',
  'stop.resumeWho': 'Freigabe nur durch Schichtleitung, Produktionsleitung oder Admin',
  'stop.reasonDefault': 'Stopp-Taste im Leitstand',
  'stop.needLogin': 'Zum Stoppen bitte anmelden; der Stopp wird sofort danach ausgelöst.',
  'stop.failed': 'Stopp fehlgeschlagen',
  'auth.login': 'Anmelden',
  'auth.logout': 'Abmelden',
  'auth.user': 'Benutzer',
  'auth.password': 'Passwort',
  'auth.failed': 'Anmeldung fehlgeschlagen: Benutzer oder Passwort falsch',
  'common.cancel': 'Abbrechen',
  'inbox.title': 'Freigaben',
  'inbox.signIn': 'Anmelden, um Vorschläge zu sehen',
  'inbox.empty':
    'Keine Vorschläge. Vorschläge der Agenten erscheinen hier, sobald Sentinel sie geprüft hat und eine Freigabe nötig ist.',
  'inbox.approve': 'Freigeben',
  'inbox.reject': 'Ablehnen',
  'inbox.reason': 'Begründung',
  'inbox.approvals': 'Freigaben {n}/{m}',
  'inbox.evidence': 'Nachweis (Zwilling)',
  'inbox.expected': 'Erwartete Änderung',
  'inbox.expires': 'läuft ab um {time}',
  'inbox.status.pending': 'offen',
  'inbox.status.approved': 'freigegeben',
  'inbox.status.rejected': 'abgelehnt',
  'inbox.status.expired': 'abgelaufen',
  'audit.title': 'Audit-Protokoll',
  'audit.signIn': 'Anmelden, um das Protokoll zu sehen',
  'audit.verified': 'Prüfpunkt verifiziert',
  'audit.unverified': 'Prüfpunkt NICHT verifiziert',
  'audit.size': '{n} Einträge',
  'audit.root': 'Wurzel',
  'audit.empty': 'Noch keine Einträge',
  'plan.title': 'Plan (Strategos)',
  'plan.empty': 'Noch kein Plan',
  'plan.now': 'jetzt',
  'plan.lot': 'Los',
  'plan.lots': 'Lose zu {n} Teilen',
  'plan.valid': 'geprüft',
  'plan.invalid': 'UNGÜLTIG',
  'plan.reason.initial': 'Erstplan',
  'plan.reason.refresh': 'aktualisiert',
  'plan.reason.replan': 'neu geplant',
  'plan.due': 'fällig',
  'plan.done': 'fertig',
  'plan.late': '{min} min zu spät',
  'plan.lastReplan': 'Letzte Neuplanung',
  'plan.outcome.proposed': 'Vorschlag an Sentinel',
  'plan.outcome.no-change': 'Reihenfolge bleibt',
  'plan.outcome.no-improvement': 'kein Vorteil im Zwilling, kein Vorschlag',
  'plan.outcome.no-effect': 'Plan nicht betroffen',
  'plan.outcome.infeasible': 'kein zulässiger Plan',
  'plan.planner': 'Plan ggü. Rechtsverschiebung: Ende {makespan} min, Verspätung {tardiness} min · Stabilität: {moved} Arbeitsgänge verschoben, im Mittel {shift} min',
  'plan.kpi.goodParts': 'Gutteile',
  'plan.kpi.throughputPerH': 'Durchsatz / h',
  'plan.kpi.totalTardinessMin': 'Verspätung (min)',
  'plan.kpi.ordersLate': 'verspätete Aufträge',
  'plan.kpi.energyKWh': 'Energie (kWh)',
  'plan.latency': 'Ereignis → Vorschlag: {ms} ms (p50 {p50} ms, p95 {p95} ms, n = {n})',
} as const;

export type MessageKey = keyof typeof de;
export type Messages = Readonly<Record<MessageKey, string>>;

export const en: Messages = {
  'app.title': 'Line control',
  'app.product': 'AetherCore',
  'header.simTime': 'Simulated time',
  'header.speed': 'Time lapse',
  'header.language': 'Language',
  'conn.live': 'Live',
  'conn.polling': 'Polling',
  'conn.connecting': 'Connecting …',
  'conn.offline': 'Disconnected',
  'line.title': 'Line overview',
  'line.flow': 'Material flow',
  'line.buffer': 'Buffer',
  'line.good': 'good',
  'line.scrap': 'scrap',
  'line.produced': 'Parts produced',
  'line.limitExceeded': 'Reading outside its limit',
  'line.empty': 'No stations',
  'state.producing': 'Producing',
  'state.idle': 'Idle',
  'state.blocked': 'Blocked',
  'state.starved': 'Starved',
  'state.failed': 'Failed',
  'state.off': 'Off',
  'kpi.title': 'Key figures',
  'kpi.output': 'Output',
  'kpi.oee': 'OEE',
  'kpi.availability': 'Availability',
  'kpi.performance': 'Performance',
  'kpi.quality': 'Quality',
  'kpi.energyPerUnitKWh': 'Energy per unit',
  'kpi.firstPassYield': 'First-pass yield',
  'kpi.downtimeS': 'Downtime',
  'kpi.parts': 'parts',
  'kpi.vsBaseline': 'vs. baseline',
  'trend.title': 'Trends',
  'trend.vibration': 'Vibration {eq}',
  'trend.temperature': 'Temperature {eq}',
  'trend.characteristic': '{name} {eq}',
  'trend.limitHigh': 'Limit',
  'trend.usl': 'USL',
  'trend.lsl': 'LSL',
  'trend.nominal': 'Nominal',
  'trend.noData': 'Waiting for readings …',
  'trend.latest': 'latest',
  'events.title': 'Events',
  'events.empty': 'No events yet',
  'events.stream': 'Source',
  'agents.title': 'Agent activity',
  'agents.empty': 'No agent findings yet',
  'agents.severity.info': 'Info',
  'agents.severity.warning': 'Warning',
  'agents.severity.alarm': 'Alarm',
  'agents.evidence': 'Evidence (click to close)',
  'agents.proposal': 'Proposal',
  'footer.opcua': 'Readings via OPC UA',
  'unit.pcs': 'pcs',
  'stop.button': 'Stop all',
  'stop.engaged': 'ALL STOPPED',
  'stop.by': 'by {by} at {time}: {reason}',
  'stop.resume': 'Resume',
  'stop.resumeReason': 'Reason for resuming',
  'stop.resumeWho': 'Only a supervisor, production manager or admin can resume',
  'stop.reasonDefault': 'Stop button in the dashboard',
  'stop.needLogin': 'Sign in to stop; the stop is triggered right after.',
  'stop.failed': 'Stop failed',
  'auth.login': 'Sign in',
  'auth.logout': 'Sign out',
  'auth.user': 'User',
  'auth.password': 'Password',
  'auth.failed': 'Sign-in failed: wrong user or password',
  'common.cancel': 'Cancel',
  'inbox.title': 'Approvals',
  'inbox.signIn': 'Sign in to see proposals',
  'inbox.empty':
    'No proposals. Agent proposals appear here once Sentinel has verified them and they need an approval.',
  'inbox.approve': 'Approve',
  'inbox.reject': 'Reject',
  'inbox.reason': 'Reason',
  'inbox.approvals': 'Approvals {n}/{m}',
  'inbox.evidence': 'Evidence (twin)',
  'inbox.expected': 'Expected change',
  'inbox.expires': 'expires at {time}',
  'inbox.status.pending': 'pending',
  'inbox.status.approved': 'approved',
  'inbox.status.rejected': 'rejected',
  'inbox.status.expired': 'expired',
  'audit.title': 'Audit trail',
  'audit.signIn': 'Sign in to see the audit trail',
  'audit.verified': 'Checkpoint verified',
  'audit.unverified': 'Checkpoint NOT verified',
  'audit.size': '{n} entries',
  'audit.root': 'Root',
  'audit.empty': 'No entries yet',
  'plan.title': 'Plan (Strategos)',
  'plan.empty': 'No plan yet',
  'plan.now': 'now',
  'plan.lot': 'lot',
  'plan.lots': 'lots of {n} parts',
  'plan.valid': 'validated',
  'plan.invalid': 'INVALID',
  'plan.reason.initial': 'initial plan',
  'plan.reason.refresh': 'refreshed',
  'plan.reason.replan': 're-planned',
  'plan.due': 'due',
  'plan.done': 'done',
  'plan.late': '{min} min late',
  'plan.lastReplan': 'Last re-plan',
  'plan.outcome.proposed': 'proposal to Sentinel',
  'plan.outcome.no-change': 'sequence stays',
  'plan.outcome.no-improvement': 'no gain in the twin, nothing proposed',
  'plan.outcome.no-effect': 'plan not affected',
  'plan.outcome.infeasible': 'no feasible plan',
  'plan.planner': 'Plan vs right shift: end {makespan} min, tardiness {tardiness} min · stability: {moved} operations moved, mean {shift} min',
  'plan.kpi.goodParts': 'Good parts',
  'plan.kpi.throughputPerH': 'Throughput / h',
  'plan.kpi.totalTardinessMin': 'Tardiness (min)',
  'plan.kpi.ordersLate': 'Late orders',
  'plan.kpi.energyKWh': 'Energy (kWh)',
  'plan.latency': 'Event → proposal: {ms} ms (p50 {p50} ms, p95 {p95} ms, n = {n})',
};

export const LANGUAGES = { de, en } as const;
export type Language = keyof typeof LANGUAGES;

/** Event type → label. Unknown types fall back to their words (`SupplierDeliveryDelayed` → "Supplier delivery delayed"). */
/** Event type → label. Unknown types fall back to their words (`SupplierDeliveryDelayed` → "Supplier delivery delayed"). */
export const EVENT_LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  de: {
    SimulationStarted: 'Simulation gestartet',
    StationStateChanged: 'Stationszustand geändert',
    StationFailed: 'Station gestört',
    StationRepaired: 'Station instand gesetzt',
    PartCompleted: 'Teil fertig',
    PartScrapped: 'Teil verschrottet',
    PartReworked: 'Teil nachgearbeitet',
    ProductionCountersReported: 'Zählerstände gemeldet',
    OrderReleased: 'Auftrag freigegeben',
    OrderCompleted: 'Auftrag abgeschlossen',
    OrderCancelled: 'Auftrag storniert',
    OrderPriorityChanged: 'Auftragspriorität geändert',
    ShiftStarted: 'Schicht begonnen',
    ShiftEnded: 'Schicht beendet',
    SupplierDeliveryDelayed: 'Lieferung verspätet',
    MaterialDelivered: 'Material geliefert',
    MaterialShortage: 'Materialmangel',
    DegradationStarted: 'Verschleiß beginnt',
    ThermalDriftStarted: 'Thermische Drift beginnt',
    ThermalDriftCorrected: 'Thermische Drift korrigiert',
    OperatorReportReceived: 'Meldung vom Werker',
    MaintenanceStarted: 'Wartung begonnen',
    MaintenanceCompleted: 'Wartung abgeschlossen',
    WorkerReportedSick: 'Mitarbeiter krank gemeldet',
    DayEnded: 'Tag beendet',
  },
  en: {},
};

/**
 * Types the timeline leaves out: one per part or per state change, thousands a day. The line view
 * and the KPIs show their effect; the timeline keeps what a supervisor reacts to.
 */
export const ROUTINE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'StationStateChanged',
  'PartCompleted',
  'PartScrapped',
  'PartReworked',
  'ProductionCountersReported',
]);

/** Types the first load asks for (the live stream then shows any other non-routine type too). */
export const NOTABLE_EVENT_TYPES: readonly string[] = Object.keys(EVENT_LABELS.de).filter(
  (t) => !ROUTINE_EVENT_TYPES.has(t),
);

/** Quality characteristics by their name in the plant file; unknown ones are humanized (`pressDepthMm` → "Press depth"). */
export const CHARACTERISTIC_LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  de: {
    pressDepthMm: 'Einpresstiefe',
    solderJointHeightMm: 'Lötstellenhöhe',
    bondLineThicknessMm: 'Klebespaltdicke',
  },
  en: {
    pressDepthMm: 'Press depth',
    solderJointHeightMm: 'Solder joint height',
    bondLineThicknessMm: 'Bond line thickness',
  },
};

export function characteristicLabel(lang: Language, name: string): string {
  return (
    CHARACTERISTIC_LABELS[lang][name] ??
    humanizeType(name.replace(/(Mm|Um|C|S|KW|KWh)$/, '')).replace(/^./, (c) => c.toUpperCase())
  );
}

/** Why a station is not producing (the twin's reasons), translated; unknown reasons are shown as they are. */
export const REASON_LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  de: {
    shift: 'Schichtende',
    unstaffed: 'unbesetzt',
    material: 'Material fehlt',
    'no-order': 'kein Auftrag',
    wear: 'Verschleiß',
    breakdown: 'Ausfall',
    maintenance: 'Wartung',
    part: 'Teil',
    'output-full': 'Ausgang voll',
    input: 'kein Teil',
  },
  en: {
    shift: 'end of shift',
    unstaffed: 'unstaffed',
    material: 'no material',
    'no-order': 'no order',
    wear: 'wear',
    breakdown: 'breakdown',
    maintenance: 'maintenance',
    part: 'part',
    'output-full': 'output full',
    input: 'no part',
  },
};

/** The language the browser prefers, if we have it. */
export function preferredLanguage(stored: string | null, navigatorLanguages: readonly string[]): Language {
  if (stored === 'de' || stored === 'en') return stored;
  for (const l of navigatorLanguages) {
    const base = l.slice(0, 2).toLowerCase();
    if (base === 'de' || base === 'en') return base;
  }
  return 'de';
}

/** `SupplierDeliveryDelayed` → `Supplier delivery delayed`. */
export function humanizeType(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
}

export function eventLabel(lang: Language, type: string): string {
  return EVENT_LABELS[lang][type] ?? humanizeType(type);
}

/** `format('Vibration {eq}', { eq: 'R7' })` → `Vibration R7`. */
export function format(template: string, vars: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

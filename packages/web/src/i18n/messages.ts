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
  'kpi.qualityRate': 'Gutteilquote',
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
  'footer.opcua': 'Messwerte über OPC UA',
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
  'kpi.qualityRate': 'Quality rate',
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
  'footer.opcua': 'Readings via OPC UA',
};

export const LANGUAGES = { de, en } as const;
export type Language = keyof typeof LANGUAGES;

/** Event type → label. Unknown types fall back to their words (`SupplierDeliveryDelayed` → "Supplier delivery delayed"). */
export const EVENT_LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  de: {
    StationStateChanged: 'Stationszustand geändert',
    StationFailed: 'Station gestört',
    StationRepaired: 'Station repariert',
    PartStarted: 'Teil begonnen',
    PartCompleted: 'Teil fertig',
    PartFinished: 'Teil fertig',
    PartScrapped: 'Teil verschrottet',
    PartReworked: 'Teil nachgearbeitet',
    PartInspected: 'Teil geprüft',
    OrderReleased: 'Auftrag freigegeben',
    OrderStarted: 'Auftrag begonnen',
    OrderCompleted: 'Auftrag abgeschlossen',
    ShiftStarted: 'Schicht begonnen',
    ShiftEnded: 'Schicht beendet',
    SupplierDeliveryDelayed: 'Lieferung verspätet',
    SupplierDeliveryArrived: 'Lieferung eingetroffen',
    MaterialDelivered: 'Material geliefert',
    MaterialShortage: 'Materialmangel',
    MaterialConsumed: 'Material verbraucht',
    DegradationStarted: 'Verschleiß beginnt',
    VibrationAbnormal: 'Schwingung auffällig',
    ThermalDriftStarted: 'Thermische Drift beginnt',
    QualityDeviationReported: 'Qualitätsabweichung gemeldet',
    MaintenanceStarted: 'Wartung begonnen',
    MaintenanceCompleted: 'Wartung abgeschlossen',
    BatchCompleted: 'Charge abgeschlossen',
    ScenarioStarted: 'Szenario gestartet',
    ScenarioDayEnded: 'Szenariotag beendet',
    DayStarted: 'Tag begonnen',
    DayEnded: 'Tag beendet',
    WorkerAbsent: 'Mitarbeiter fehlt',
  },
  en: {},
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

import type { Reading, RetentionReport, SeriesPoint, TelemetryQuery, TelemetryStore } from '@aethercore/core';

/** A small in-memory TelemetryStore for API tests (mean/min/max buckets like the SQLite adapter). */
export class MemoryTelemetryStore implements TelemetryStore {
  readonly #series = new Map<string, Reading[]>();

  write(readings: readonly Reading[]): Promise<void> {
    for (const r of readings) {
      const list = this.#series.get(r.seriesId) ?? [];
      list.push(r);
      this.#series.set(r.seriesId, list);
    }
    return Promise.resolve();
  }

  query(q: TelemetryQuery): Promise<readonly SeriesPoint[]> {
    const rows = (this.#series.get(q.seriesId) ?? []).filter((r) => r.sourceTime >= q.from && r.sourceTime < q.to);
    let points: SeriesPoint[];
    if (q.bucketMs === undefined) {
      points = rows.map((r) => ({ time: r.sourceTime, value: r.value, min: r.value, max: r.value, count: 1, quality: r.quality }));
    } else {
      const size = q.bucketMs;
      const buckets = new Map<number, Reading[]>();
      for (const r of rows) {
        const b = Math.floor(r.sourceTime / size) * size;
        buckets.set(b, [...(buckets.get(b) ?? []), r]);
      }
      points = [...buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([time, rs]) => ({
          time,
          value: rs.reduce((s, r) => s + r.value, 0) / rs.length,
          min: Math.min(...rs.map((r) => r.value)),
          max: Math.max(...rs.map((r) => r.value)),
          count: rs.length,
          quality: rs.every((r) => r.quality === 'good') ? 'good' : 'uncertain',
        }));
    }
    return Promise.resolve(points.slice(0, q.limit ?? points.length));
  }

  latest(ids?: readonly string[]): Promise<readonly Reading[]> {
    const out: Reading[] = [];
    for (const [id, list] of this.#series) {
      const last = list.at(-1);
      if (last !== undefined && (ids === undefined || ids.includes(id))) out.push(last);
    }
    return Promise.resolve(out);
  }

  seriesIds(): Promise<readonly string[]> {
    return Promise.resolve([...this.#series.keys()]);
  }

  applyRetention(): Promise<RetentionReport> {
    return Promise.resolve({ rawDeleted: 0, bucketsWritten: 0, bucketsDeleted: 0 });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

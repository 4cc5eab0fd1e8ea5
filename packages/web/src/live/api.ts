import type {
  ErrorResponse,
  EventsResponse,
  KpisResponse,
  LineResponse,
  PlantResponse,
  TelemetryResponse,
} from '@aethercore/server';

/** A coded API error as the browser sees it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse | undefined,
  ) {
    super(body === undefined ? `HTTP ${status}` : `${body.code}: ${body.message}`);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    headers: { accept: 'application/json' },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!res.ok) {
    let body: ErrorResponse | undefined;
    try {
      body = (await res.json()) as ErrorResponse;
    } catch {
      body = undefined;
    }
    throw new ApiError(res.status, body);
  }
  return (await res.json()) as T;
}

/** The typed routes of `/api` (types from @aethercore/server, the only thing the dashboard shares). */
export const api = {
  plant: (s?: AbortSignal) => get<PlantResponse>('/api/plant', s),
  line: (s?: AbortSignal) => get<LineResponse>('/api/line', s),
  kpis: (s?: AbortSignal) => get<KpisResponse>('/api/kpis', s),
  eventsTail: (n: number, types: readonly string[], s?: AbortSignal) =>
    get<EventsResponse>(
      `/api/events?tail=${n}&limit=${n}${types.length === 0 ? '' : `&types=${encodeURIComponent(types.join(','))}`}`,
      s,
    ),
  eventsAfter: (after: number, s?: AbortSignal) =>
    get<EventsResponse>(`/api/events?after=${after}&limit=500`, s),
  telemetry: (series: string, from: number, to: number, s?: AbortSignal) =>
    get<TelemetryResponse>(
      `/api/telemetry?series=${encodeURIComponent(series)}&from=${Math.floor(from)}&to=${Math.ceil(to)}&limit=5000`,
      s,
    ),
};

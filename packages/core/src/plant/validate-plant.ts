import { LineCounter, parseDocument, isNode } from 'yaml';
import { AetherError, describeValue } from '../errors/aether-error.ts';
import { fail, ok, type Result } from '../result.ts';
import { findCycle } from './routing-graph.ts';
import { plantFileSchema, type PlantFile } from './schema.ts';
import type { Order, Plant, Station } from './types.ts';
import { parseQuantity, type Dimension } from './units.ts';

type Path = readonly (string | number)[];

/** `['routings', 1, 'steps', 3, 'station']` → `routings[1].steps[3].station`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/**
 * Reads and checks a plant file, collecting every error it can find (schema, units, references,
 * routing cycles, calendar) so a plant engineer fixes them in one pass. Each error carries a code,
 * the path of the offending field, its line in the file, and a hint.
 */
export function validatePlant(text: string): Result<Plant, AetherError[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return new AetherError({
          code: 'plant.yaml-syntax',
          message: `YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${(e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '')}`,
          hint: 'Check indentation (spaces, not tabs), colons after keys and matching quotes/brackets.',
          path: pos ? `line ${pos.line}:${pos.col}` : '',
          details: pos ? { line: pos.line, column: pos.col } : {},
        });
      }),
    );
  }
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const err = (code: string, path: Path, message: string, hint: string): AetherError => {
    const line = lineOf(path);
    return new AetherError({
      code,
      message: line === undefined ? message : `${message} (line ${line})`,
      hint,
      path: formatPath(path),
      ...(line === undefined ? {} : { details: { line } }),
    });
  };

  // Resolving aliases can still fail after a clean parse: an alias to an anchor that is not set
  // (`*x`), or an alias bomb beyond yaml's maxAliasCount. Both are the file's fault, not ours.
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    return fail([
      new AetherError({
        code: 'plant.yaml-syntax',
        message: `YAML cannot be resolved: ${e instanceof Error ? e.message : String(e)}`,
        hint: 'an alias (*name) must refer to an anchor (&name) defined before it; quote values that start with * or &',
      }),
    ]);
  }
  const parsed = plantFileSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        const missing = i.code === 'invalid_type' && i.message.includes('undefined');
        if (path.length === 1 && path[0] === 'shiftCalendar' && missing) return shiftsMissing(err);
        return err(
          'plant.schema',
          path,
          i.message,
          missing ? `add the field "${formatPath(path)}"` : 'see docs/twin.md for the plant file format',
        );
      }),
    );
  }
  const errors: AetherError[] = [];
  const plant = normalise(parsed.data, errors, err);
  return errors.length > 0 || plant === undefined ? fail(errors) : ok(plant);
}

/** Like `validatePlant`, but throws the first error (an `AetherError` with code, path and hint). */
export function parsePlantYaml(text: string): Plant {
  const r = validatePlant(text);
  if (!r.ok) throw r.error[0] ?? new AetherError({ code: 'plant.invalid', message: 'invalid plant file' });
  return r.value;
}

type Err = (code: string, path: Path, message: string, hint: string) => AetherError;

function shiftsMissing(err: Err): AetherError {
  return err(
    'plant.shifts-missing',
    ['shiftCalendar'],
    'the plant has no shift calendar',
    'add shiftCalendar: { workingDays: [1,2,3,4,5], shifts: [{ id: early, name: Early, start: "06:00", end: "14:00" }, …] }',
  );
}

const isDuration = (d: Dimension): boolean => d.startsWith('time');

function normalise(f: PlantFile, errors: AetherError[], err: Err): Plant | undefined {
  const q = (raw: number | string, dim: Dimension, path: Path, opts: { min?: number } = {}): number => {
    const r = parseQuantity(raw, dim);
    if (!r.ok) {
      errors.push(err('plant.unit-unknown', path, r.message, r.hint));
      return Number.NaN;
    }
    if (r.value < 0 && isDuration(dim)) {
      errors.push(
        err(
          'plant.duration-negative',
          path,
          `a duration cannot be negative (got ${describeValue(raw)})`,
          'durations are ≥ 0; write e.g. "55 s"',
        ),
      );
    } else if (r.value < 0 && opts.min !== undefined) {
      errors.push(
        err(
          'plant.value-negative',
          path,
          `expected a value ≥ ${opts.min} (got ${describeValue(raw)})`,
          'use a non-negative value',
        ),
      );
    }
    return r.value;
  };
  const qOpt = (raw: number | string | undefined, dim: Dimension, path: Path, fallback: number): number =>
    raw === undefined ? fallback : q(raw, dim, path);
  const unique = (kind: string, ids: readonly string[], key: string): void => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        errors.push(
          err(
            'plant.id-duplicate',
            [key, i, 'id'],
            `${kind} id "${id}" is used twice`,
            `give every ${kind} a unique id`,
          ),
        );
      seen.add(id);
    });
  };
  const known = (kind: string, code: string, set: ReadonlySet<string>, value: string, path: Path): void => {
    if (!set.has(value)) {
      const list = [...set].slice(0, 12).join(', ');
      errors.push(
        err(
          code,
          path,
          `unknown ${kind} "${value}"`,
          `use one of the ${kind} ids declared in the file: ${list}${set.size > 12 ? ', …' : ''}`,
        ),
      );
    }
  };

  const idLists: readonly (readonly [string, readonly { id: string }[], string])[] = [
    ['work cell', f.workCells, 'workCells'],
    ['station', f.stations, 'stations'],
    ['material', f.materials, 'materials'],
    ['routing', f.routings, 'routings'],
    ['bom', f.boms, 'boms'],
    ['supplier', f.suppliers, 'suppliers'],
  ];
  for (const [kind, items, field] of idLists)
    unique(
      kind,
      items.map((x) => x.id),
      field,
    );
  const cellIds = new Set(f.workCells.map((w) => w.id));
  const stationIds = new Set(f.stations.map((s) => s.id));
  const materialIds = new Set(f.materials.map((m) => m.id));
  const routingIds = new Set(f.routings.map((r) => r.id));
  const bomIds = new Set(f.boms.map((b) => b.id));

  const stations: Station[] = f.stations.map((s, i) => {
    const p = ['stations', i] as const;
    known('work cell', 'plant.workcell-unknown', cellIds, s.workCell, [...p, 'workCell']);
    const fl = s.failure;
    const th = s.thermal;
    const te = s.test;
    const ms = s.minorStops;
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      workCell: s.workCell,
      equipment: s.equipment ?? [],
      cycleTimeS: q(s.cycleTimeS, 'time-s', [...p, 'cycleTimeS']),
      cycleTimeCv: s.cycleTimeCv ?? 0.05,
      transferTimeS: qOpt(s.transferTimeS, 'time-s', [...p, 'transferTimeS'], 4),
      ...(s.qualification === undefined ? {} : { qualification: s.qualification }),
      ambientTemperatureC: qOpt(s.ambientTemperatureC, 'temperature-C', [...p, 'ambientTemperatureC'], 24),
      loadTemperatureRiseC: qOpt(s.loadTemperatureRiseC, 'temperature-C', [...p, 'loadTemperatureRiseC'], 10),
      energy: {
        offKW: q(s.energy.offKW, 'power-kW', [...p, 'energy', 'offKW'], { min: 0 }),
        idleKW: q(s.energy.idleKW, 'power-kW', [...p, 'energy', 'idleKW'], { min: 0 }),
        producingKW: q(s.energy.producingKW, 'power-kW', [...p, 'energy', 'producingKW'], { min: 0 }),
        failedKW: q(s.energy.failedKW, 'power-kW', [...p, 'energy', 'failedKW'], { min: 0 }),
      },
      ...(fl === undefined
        ? {}
        : {
            failure: {
              weibullShape: fl.weibullShape,
              weibullScaleH: q(fl.weibullScaleH, 'time-h', [...p, 'failure', 'weibullScaleH']),
              degradationH: q(fl.degradationH, 'time-h', [...p, 'failure', 'degradationH']),
              degradationExponent: fl.degradationExponent ?? 1.5,
              vibrationBaseMmS: q(
                fl.vibrationBaseMmS,
                'velocity-mmS',
                [...p, 'failure', 'vibrationBaseMmS'],
                { min: 0 },
              ),
              vibrationAtFailureMmS: q(
                fl.vibrationAtFailureMmS,
                'velocity-mmS',
                [...p, 'failure', 'vibrationAtFailureMmS'],
                { min: 0 },
              ),
              temperatureRiseAtFailureC: q(fl.temperatureRiseAtFailureC, 'temperature-C', [
                ...p,
                'failure',
                'temperatureRiseAtFailureC',
              ]),
              mttrMin: q(fl.mttrMin, 'time-min', [...p, 'failure', 'mttrMin']),
              repairCv: fl.repairCv ?? 0.5,
            },
          }),
      ...(ms === undefined
        ? {}
        : {
            minorStops: { perHour: ms.perHour, meanS: q(ms.meanS, 'time-s', [...p, 'minorStops', 'meanS']) },
          }),
      ...(th === undefined
        ? {}
        : {
            thermal: {
              characteristic: th.characteristic,
              nominalMm: q(th.nominalMm, 'length-mm', [...p, 'thermal', 'nominalMm']),
              toleranceMm: q(th.toleranceMm, 'length-mm', [...p, 'thermal', 'toleranceMm'], { min: 0 }),
              referenceTemperatureC: q(th.referenceTemperatureC, 'temperature-C', [
                ...p,
                'thermal',
                'referenceTemperatureC',
              ]),
              sensitivityMmPerK: th.sensitivityMmPerK,
              noiseMm: q(th.noiseMm, 'length-mm', [...p, 'thermal', 'noiseMm'], { min: 0 }),
              timeConstantMin: q(th.timeConstantMin, 'time-min', [...p, 'thermal', 'timeConstantMin']),
            },
          }),
      ...(te === undefined
        ? {}
        : {
            test: {
              scrapProbability: te.scrapProbability,
              reworkProbability: te.reworkProbability,
              reworkTimeS: q(te.reworkTimeS, 'time-s', [...p, 'test', 'reworkTimeS']),
            },
          }),
    };
  });

  // Buffers connect neighbours in line order; a missing buffer means a one-part transfer place.
  const buffers = (f.buffers ?? []).map((b, i) => {
    known('station', 'plant.station-unknown', stationIds, b.from, ['buffers', i, 'from']);
    known('station', 'plant.station-unknown', stationIds, b.to, ['buffers', i, 'to']);
    const from = f.stations.findIndex((s) => s.id === b.from);
    const to = f.stations.findIndex((s) => s.id === b.to);
    if (from >= 0 && to >= 0 && to !== from + 1) {
      errors.push(
        err(
          'plant.buffer-topology',
          ['buffers', i],
          `buffer "${b.id}" connects ${b.from} to ${b.to}, which are not neighbours in line order`,
          'a buffer joins a station to the next one in the stations list',
        ),
      );
    }
    return { id: b.id, from: b.from, to: b.to, capacity: b.capacity };
  });

  const stationIndex = new Map(f.stations.map((s, i) => [s.id, i]));
  const routings = f.routings.map((r, ri) => {
    const stepIds = new Set<string>();
    const used = new Set<string>();
    r.steps.forEach((s, si) => {
      const p = ['routings', ri, 'steps', si] as const;
      if (stepIds.has(s.id))
        errors.push(
          err(
            'plant.id-duplicate',
            [...p, 'id'],
            `step id "${s.id}" is used twice in routing "${r.id}"`,
            'give every step a unique id',
          ),
        );
      stepIds.add(s.id);
      known('station', 'plant.station-unknown', stationIds, s.station, [...p, 'station']);
      if (used.has(s.station))
        errors.push(
          err(
            'plant.routing-station-repeated',
            [...p, 'station'],
            `routing "${r.id}" visits station "${s.station}" twice`,
            'a part passes each station of a chained line once; model rework in the station',
          ),
        );
      used.add(s.station);
    });
    r.steps.forEach((s, si) => {
      (s.after ?? []).forEach((a, ai) => {
        const p = ['routings', ri, 'steps', si, 'after', ai];
        if (!stepIds.has(a))
          errors.push(
            err(
              'plant.step-unknown',
              p,
              `unknown step "${a}" in routing "${r.id}"`,
              `use one of: ${[...stepIds].join(', ')}`,
            ),
          );
      });
    });
    const cycle = findCycle(r.steps.map((s) => ({ id: s.id, after: s.after ?? [] })));
    if (cycle) {
      errors.push(
        err(
          'plant.routing-cycle',
          ['routings', ri, 'steps'],
          `routing "${r.id}" has a cycle: ${cycle.join(' → ')}`,
          'a routing is a directed acyclic graph: remove one "after" edge of the cycle',
        ),
      );
    } else {
      // Parts flow downstream on a chained line: a step cannot run upstream of one it follows.
      r.steps.forEach((s, si) => {
        for (const a of s.after ?? []) {
          const pred = r.steps.find((x) => x.id === a);
          const ps = pred === undefined ? undefined : stationIndex.get(pred.station);
          const ss = stationIndex.get(s.station);
          if (ps !== undefined && ss !== undefined && ps >= ss) {
            errors.push(
              err(
                'plant.routing-order',
                ['routings', ri, 'steps', si, 'after'],
                `step "${s.id}" at ${s.station} follows "${a}" at ${pred?.station ?? '?'}, which is not upstream on the line`,
                'order the stations list in flow direction, or fix the "after" edge',
              ),
            );
          }
        }
      });
    }
    return {
      id: r.id,
      steps: r.steps.map((s, si) => ({
        id: s.id,
        station: s.station,
        after: s.after ?? [],
        ...(s.cycleTimeS === undefined
          ? {}
          : { cycleTimeS: q(s.cycleTimeS, 'time-s', ['routings', ri, 'steps', si, 'cycleTimeS']) }),
      })),
    };
  });

  const boms = f.boms.map((b, bi) => ({
    id: b.id,
    items: b.items.map((it, ii) => {
      known('material', 'plant.material-unknown', materialIds, it.material, [
        'boms',
        bi,
        'items',
        ii,
        'material',
      ]);
      known('station', 'plant.station-unknown', stationIds, it.station, ['boms', bi, 'items', ii, 'station']);
      return { material: it.material, quantity: it.quantity, station: it.station };
    }),
  }));

  const variantsOf = new Map<string, Set<string>>();
  const products = f.products.map((pr, pi) => {
    variantsOf.set(pr.id, new Set(pr.variants.map((v) => v.id)));
    return {
      id: pr.id,
      name: pr.name,
      batchSize: pr.batchSize ?? 50,
      variants: pr.variants.map((v, vi) => {
        known('routing', 'plant.routing-unknown', routingIds, v.routing, [
          'products',
          pi,
          'variants',
          vi,
          'routing',
        ]);
        known('bill of materials', 'plant.bom-unknown', bomIds, v.bom, [
          'products',
          pi,
          'variants',
          vi,
          'bom',
        ]);
        return { id: v.id, name: v.name, routing: v.routing, bom: v.bom };
      }),
    };
  });

  const orders: Order[] = (f.orders ?? []).map((o, oi) => {
    const p = ['orders', oi] as const;
    const vs = variantsOf.get(o.product);
    if (vs === undefined)
      known('product', 'plant.product-unknown', new Set(variantsOf.keys()), o.product, [...p, 'product']);
    else known('variant', 'plant.variant-unknown', vs, o.variant, [...p, 'variant']);
    let dueAt: number | undefined;
    if (o.dueAt !== undefined) {
      dueAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(o.dueAt)
        ? Date.parse(o.dueAt)
        : Number.NaN;
      if (Number.isNaN(dueAt))
        errors.push(
          err(
            'plant.date-invalid',
            [...p, 'dueAt'],
            `expected an ISO 8601 date-time with zone, got "${o.dueAt}"`,
            'write e.g. "2026-03-10T22:00:00Z"',
          ),
        );
    }
    const dueInH = o.dueInH === undefined ? undefined : q(o.dueInH, 'time-h', [...p, 'dueInH']);
    if ((dueAt === undefined) === (dueInH === undefined))
      errors.push(
        err(
          'plant.order-due',
          [...p],
          `order "${o.id}" needs exactly one of dueAt and dueInH`,
          'give an absolute due date (dueAt) or hours after the start (dueInH)',
        ),
      );
    return {
      id: o.id,
      product: o.product,
      variant: o.variant,
      quantity: o.quantity,
      priority: o.priority ?? 0,
      ...(dueAt === undefined ? {} : { dueAt }),
      ...(dueInH === undefined ? {} : { dueInH }),
    };
  });
  unique(
    'order',
    orders.map((o) => o.id),
    'orders',
  );

  if (f.shiftCalendar === undefined) {
    errors.push(shiftsMissing(err));
    return undefined;
  }
  const toMin = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const shifts = f.shiftCalendar.shifts.map((s) => {
    const start = toMin(s.start);
    let dur = toMin(s.end) - start;
    if (dur <= 0) dur += 24 * 60; // crosses midnight (night shift 22:00–06:00)
    return { id: s.id, name: s.name, startMin: start, durationMin: dur };
  });
  const shiftIds = new Set(shifts.map((s) => s.id));
  const workers = (f.workers ?? []).map((w, wi) => {
    known('shift', 'plant.shift-unknown', shiftIds, w.shift, ['workers', wi, 'shift']);
    return { id: w.id, name: w.name, shift: w.shift, qualifications: w.qualifications };
  });
  unique(
    'worker',
    workers.map((w) => w.id),
    'workers',
  );
  const suppliers = f.suppliers.map((s, si) => ({
    id: s.id,
    name: s.name,
    deliveries: s.deliveries.map((d, di) => {
      known('material', 'plant.material-unknown', materialIds, d.material, [
        'suppliers',
        si,
        'deliveries',
        di,
        'material',
      ]);
      return { atMin: toMin(d.at), material: d.material, quantity: d.quantity };
    }),
  }));

  return {
    id: f.id,
    name: f.name,
    namespaceUri: f.namespaceUri ?? `urn:aethercore:${f.id}`,
    site: f.site,
    area: f.area,
    line: f.line,
    workCells: f.workCells,
    stations,
    buffers,
    materials: f.materials.map((m) => ({
      id: m.id,
      name: m.name,
      unit: m.unit ?? 'pcs',
      initialStock: m.initialStock,
    })),
    products,
    routings,
    boms,
    orders,
    shiftCalendar: { workingDays: f.shiftCalendar.workingDays, shifts },
    workers,
    suppliers,
  };
}

import { AetherError, createRandom, type Random } from '@aethercore/core';
import { computeSignature, SIGNATURE_DIM, type SensorWindow } from './signature.ts';

/**
 * Labelled fault signatures synthesised with the twin's degradation physics
 * (packages/twin/src/physics/station-physics.ts): inside the P–F interval the wear severity is
 * share^exponent, vibration RMS rises from its base to its failure level in proportion, and the
 * drive temperature rises by `temperatureRiseAtFailureC × severity`; thermal drift of tooling
 * grows linearly (K/h). What each mode adds to the waveform follows the classic vibration
 * diagnostics of rotating machines (ISO 13373-3; Randall, "Vibration-based Condition
 * Monitoring", 2011): imbalance at 1× shaft speed, misalignment at 2×/3×, gear damage at the mesh
 * frequency with ±1× sidebands, rolling-bearing damage as resonance bursts repeating at the
 * outer-race defect frequency (high kurtosis), lubrication loss as a raised broadband floor.
 */
export const FAILURE_MODES = [
  'normal',
  'bearing-wear',
  'gear-tooth-damage',
  'misalignment',
  'imbalance',
  'lubrication-loss',
  'thermal-drift',
  'sensor-fault',
] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

export const SAMPLE_RATE_HZ = 2560;
export const WINDOW_SAMPLES = 256;
const TREND_SAMPLES = 32;
const TREND_WINDOW_H = 1;
/** Press-depth tolerance of the thermal station over its sensitivity: 0.05 mm / 1.2 µm/K. */
const DRIFT_LIMIT_K = 0.05 / 0.0012;

/** A batch of labelled signatures, struct-of-arrays (row i of `vectors` is signature i). */
export interface SignatureBatch {
  readonly dim: number;
  readonly count: number;
  readonly vectors: Float32Array;
  /** Index into FAILURE_MODES. */
  readonly mode: Uint8Array;
  /** Wear severity in [0, 1] (twin: share^exponent; drift: K over the tolerance limit). */
  readonly severity: Float32Array;
  /** Hours from the window's end to functional failure (for `normal`: the Weibull remaining life). */
  readonly timeToFailureH: Float32Array;
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** Restrict to some modes (default: all, uniformly). */
  readonly modes?: readonly FailureMode[];
  /** Called every `progressEvery` signatures (the bench draws its progress bar from it). */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

/** Scratch buffers reused across windows, and the noise table. */
interface Scratch {
  readonly vib: Float64Array;
  readonly temp: Float64Array;
  readonly rmsTrend: Float64Array;
  readonly noise: Float64Array;
}

/**
 * Sensor noise is read from a seeded table of 64 Ki standard normals, walked from a random offset
 * with a random odd stride per window (2^31 distinct sequences): a Box–Muller draw per sample
 * cost 80 % of the generation time, and millions of signatures are the point.
 */
const NOISE_TABLE = 1 << 16;

function makeScratch(rng: Random): Scratch {
  const noise = new Float64Array(NOISE_TABLE);
  for (let i = 0; i < NOISE_TABLE; i++) noise[i] = rng.normal();
  return {
    vib: new Float64Array(WINDOW_SAMPLES),
    temp: new Float64Array(TREND_SAMPLES),
    rmsTrend: new Float64Array(TREND_SAMPLES),
    noise,
  };
}

/** A noise walk over the table: `at(i)` is the i-th N(0, 1) sample of this window. */
function noiseWalk(rng: Random): { readonly start: number; readonly stride: number } {
  return { start: rng.int(0, NOISE_TABLE - 1), stride: 2 * rng.int(0, NOISE_TABLE / 2 - 1) + 1 };
}

export function generateSignatures(opts: GenerateOptions): SignatureBatch {
  const { count, seed } = opts;
  if (!Number.isInteger(count) || count < 0) {
    throw new AetherError({
      code: 'fault-memory.count-invalid',
      message: `count must be a non-negative integer, got ${count}`,
      hint: 'e.g. 100000',
      path: 'count',
    });
  }
  const modes = (opts.modes ?? FAILURE_MODES).map((m) => FAILURE_MODES.indexOf(m));
  if (modes.length === 0 || modes.some((m) => m < 0)) {
    throw new AetherError({
      code: 'fault-memory.mode-unknown',
      message: `unknown failure mode in ${String(opts.modes)}`,
      hint: `modes: ${FAILURE_MODES.join(', ')}`,
      path: 'modes',
    });
  }
  const rng = createRandom(seed);
  const out: SignatureBatch = {
    dim: SIGNATURE_DIM,
    count,
    vectors: new Float32Array(count * SIGNATURE_DIM),
    mode: new Uint8Array(count),
    severity: new Float32Array(count),
    timeToFailureH: new Float32Array(count),
  };
  const scratch = makeScratch(rng);
  const every = opts.progressEvery ?? 10000;
  for (let i = 0; i < count; i++) {
    const m = modes[rng.int(0, modes.length - 1)] as number;
    const label = synthesizeWindow(FAILURE_MODES[m] as FailureMode, rng, scratch);
    computeSignature(label.window, out.vectors, i * SIGNATURE_DIM);
    out.mode[i] = m;
    out.severity[i] = label.severity;
    out.timeToFailureH[i] = label.timeToFailureH;
    if (opts.onProgress !== undefined && (i + 1) % every === 0) opts.onProgress(i + 1);
  }
  opts.onProgress?.(count);
  return out;
}

const uniform = (rng: Random, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/**
 * One window of one mode at a random point of its P–F interval, with varied machine parameters
 * (shaft speed, base vibration, failure levels, P–F length, noise). Buffers in `scratch` are
 * overwritten; the returned window views them.
 */
export function synthesizeWindow(
  mode: FailureMode,
  rng: Random,
  scratch?: Scratch,
): { window: SensorWindow; severity: number; timeToFailureH: number } {
  const s = scratch ?? makeScratch(rng);
  const table = s.noise;
  const mask = NOISE_TABLE - 1;
  const fr = uniform(rng, 20, 30); // shaft speed, Hz (1200–1800 rpm)
  const base = uniform(rng, 0.6, 1.2); // vibrationBaseMmS
  const atFailure = uniform(rng, 4.5, 9); // vibrationAtFailureMmS
  const pfH = uniform(rng, 20, 60); // degradationH (twin R7: 30 h)
  const exponent = uniform(rng, 1.2, 2); // degradationExponent (twin default 1.5)
  const ambient = uniform(rng, 18, 28);
  const loadRise = uniform(rng, 5, 15) * uniform(rng, 0.8, 1);
  let riseAtFailure = uniform(rng, 8, 25);
  const noise = base * uniform(rng, 0.15, 0.35);
  const dt = 1 / SAMPLE_RATE_HZ;

  // Position in the P–F interval; the first 10 % is skipped (severity < 0.06 there: not a pattern yet).
  const share = mode === 'normal' ? 0 : uniform(rng, 0.1, 1);
  const sev = (sh: number): number => (sh <= 0 ? 0 : Math.pow(Math.min(1, sh), exponent));
  let severity = sev(share);
  let timeToFailureH = (1 - share) * pfH;
  let driftRate = 0;
  let wearVib = atFailure - base;
  if (mode === 'normal') {
    // Remaining life to the P point, Weibull(β 2.2, η 1400 h) as the twin's R7, plus the P–F interval.
    let u = 0;
    while (u === 0) u = rng.next();
    timeToFailureH = 1400 * Math.pow(-Math.log(u), 1 / 2.2) + pfH;
  } else if (mode === 'thermal-drift') {
    driftRate = uniform(rng, 2, 10); // K/h, the twin's thermal drift
    const driftK = share * DRIFT_LIMIT_K;
    severity = driftK / DRIFT_LIMIT_K;
    timeToFailureH = (DRIFT_LIMIT_K - driftK) / driftRate;
    wearVib = 0;
    riseAtFailure = 0;
  } else if (mode === 'lubrication-loss') {
    wearVib *= 0.45; // friction heats more than it shakes
    riseAtFailure *= 1.8;
  } else if (mode === 'sensor-fault') {
    wearVib = 0;
    riseAtFailure = 0;
  }

  // Trends over the last hour: severity rises along the P–F interval (the twin's physics).
  const tw = noiseWalk(rng);
  for (let i = 0; i < TREND_SAMPLES; i++) {
    const back = TREND_WINDOW_H * (1 - i / (TREND_SAMPLES - 1)); // hours before the window end
    const shI = mode === 'normal' ? 0 : share - back / pfH;
    const sevI = mode === 'thermal-drift' ? 0 : sev(shI);
    const drift = mode === 'thermal-drift' ? Math.max(0, share * DRIFT_LIMIT_K - driftRate * back) : 0;
    s.rmsTrend[i] =
      base + wearVib * sevI + 0.04 * base * (table[(tw.start + 2 * i * tw.stride) & mask] as number);
    s.temp[i] =
      ambient +
      loadRise +
      riseAtFailure * sevI +
      drift +
      0.15 * (table[(tw.start + (2 * i + 1) * tw.stride) & mask] as number);
  }

  // The vibration waveform: healthy running (1× and a little 2×), the mode's fault component
  // with an RMS of wearVib × severity, and sensor noise.
  const faultRms = wearVib * severity;
  const p1 = 2 * Math.PI * rng.next();
  const p2 = 2 * Math.PI * rng.next();
  const a1 = base * Math.SQRT2 * 0.8;
  const a2 = base * Math.SQRT2 * 0.25;
  const w = 2 * Math.PI * fr;
  const vw = noiseWalk(rng);
  // 1× and 2× as rotating phasors (one complex multiply per sample instead of two Math.sin).
  const c1 = Math.cos(w * dt);
  const s1 = Math.sin(w * dt);
  const c2 = c1 * c1 - s1 * s1;
  const s2 = 2 * s1 * c1;
  let x1 = Math.cos(p1);
  let y1 = Math.sin(p1);
  let x2 = Math.cos(p2);
  let y2 = Math.sin(p2);
  for (let i = 0; i < WINDOW_SAMPLES; i++) {
    s.vib[i] = a1 * y1 + a2 * y2 + noise * (table[(vw.start + i * vw.stride) & mask] as number);
    const nx1 = x1 * c1 - y1 * s1;
    y1 = x1 * s1 + y1 * c1;
    x1 = nx1;
    const nx2 = x2 * c2 - y2 * s2;
    y2 = x2 * s2 + y2 * c2;
    x2 = nx2;
  }
  addFault(mode, s.vib, faultRms, fr, severity, rng, table);
  return {
    window: {
      vibration: s.vib,
      sampleRateHz: SAMPLE_RATE_HZ,
      temperatureC: s.temp,
      vibrationRmsTrend: s.rmsTrend,
      trendWindowH: TREND_WINDOW_H,
    },
    severity,
    timeToFailureH,
  };
}

function addFault(
  mode: FailureMode,
  x: Float64Array,
  faultRms: number,
  fr: number,
  severity: number,
  rng: Random,
  table: Float64Array,
): void {
  const n = x.length;
  const dt = 1 / SAMPLE_RATE_HZ;
  const w = 2 * Math.PI * fr;
  const ph = 2 * Math.PI * rng.next();
  switch (mode) {
    case 'imbalance': {
      const a = faultRms * Math.SQRT2;
      for (let i = 0; i < n; i++) x[i] = (x[i] as number) + a * Math.sin(w * i * dt + ph);
      return;
    }
    case 'misalignment': {
      // Energy split 1×:2×:3× ≈ 0.15:0.6:0.25.
      const a1 = faultRms * Math.SQRT2 * Math.sqrt(0.15);
      const a2 = faultRms * Math.SQRT2 * Math.sqrt(0.6);
      const a3 = faultRms * Math.SQRT2 * Math.sqrt(0.25);
      for (let i = 0; i < n; i++) {
        const t = i * dt;
        x[i] =
          (x[i] as number) +
          a1 * Math.sin(w * t + ph) +
          a2 * Math.sin(2 * w * t + 2 * ph) +
          a3 * Math.sin(3 * w * t + ph);
      }
      return;
    }
    case 'gear-tooth-damage': {
      // Mesh frequency z·fr, amplitude-modulated once per revolution (sidebands at ±1×).
      const z = rng.int(17, 31);
      const wm = w * z;
      const a = (faultRms * Math.SQRT2) / Math.sqrt(1 + 0.5 * 0.8 * 0.8);
      for (let i = 0; i < n; i++) {
        const t = i * dt;
        x[i] = (x[i] as number) + a * (1 + 0.8 * Math.cos(w * t + ph)) * Math.sin(wm * t);
      }
      return;
    }
    case 'bearing-wear': {
      // Outer-race defect: bursts of a structural resonance every 1/BPFO, decaying in ~2 ms.
      const bpfo = fr * (3 + 0.6 * rng.next());
      const fres = 850 + 300 * rng.next();
      const tau = 0.0015 + 0.001 * rng.next();
      const period = 1 / bpfo;
      const offset = period * rng.next();
      // RMS of a burst train ≈ A·sqrt(tau/(4·period)); choose A so it carries faultRms.
      const a = faultRms / Math.sqrt(tau / (4 * period));
      for (let i = 0; i < n; i++) {
        const t = i * dt + offset;
        const since = t % period;
        x[i] = (x[i] as number) + a * Math.exp(-since / tau) * Math.sin(2 * Math.PI * fres * since);
      }
      return;
    }
    case 'lubrication-loss': {
      // Metal-to-metal contact raises a broadband floor, stronger at high frequency (differenced noise).
      const lw = noiseWalk(rng);
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const e = table[(lw.start + i * lw.stride) & (NOISE_TABLE - 1)] as number;
        x[i] = (x[i] as number) + (faultRms / Math.SQRT2) * (e - prev);
        prev = e;
      }
      return;
    }
    case 'sensor-fault': {
      // Three ways an accelerometer chain fails: stuck value, spikes (loose mount, EMI), drop-out.
      const kind = rng.int(0, 2);
      if (kind === 0) {
        const from = Math.floor(n * (1 - Math.max(0.2, severity)));
        const v = x[from] as number;
        for (let i = from; i < n; i++) x[i] = v;
      } else if (kind === 1) {
        const spikes = 1 + Math.floor(12 * severity);
        for (let k = 0; k < spikes; k++)
          x[rng.int(0, n - 1)] = (rng.next() < 0.5 ? -1 : 1) * uniform(rng, 15, 40);
      } else {
        const from = Math.floor(n * (1 - Math.max(0.2, severity)));
        for (let i = from; i < n; i++) x[i] = 0;
      }
      return;
    }
    default:
      return; // normal, thermal-drift: the waveform stays healthy
  }
}

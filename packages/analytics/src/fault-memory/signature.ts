import { AetherError } from '@aethercore/core';
import { isPowerOfTwo, powerSpectrum } from './fft.ts';

/**
 * A fault signature: a fixed 32-feature vector of one sensor window, in the spirit of the
 * condition-monitoring feature sets of ISO 13373-2 (time-domain statistics of the vibration
 * waveform, band energies of its spectrum) plus the slow trends of vibration RMS and temperature
 * that the twin's degradation physics produces over the P–F interval.
 */
export interface SensorWindow {
  /** Vibration velocity waveform (mm/s), length a power of two (256 in the generator). */
  readonly vibration: Float64Array | Float32Array;
  readonly sampleRateHz: number;
  /** Temperature samples (°C) evenly spread over the trend window. */
  readonly temperatureC: Float64Array | Float32Array;
  /** Vibration RMS samples (mm/s) over the same trend window. */
  readonly vibrationRmsTrend: Float64Array | Float32Array;
  /** Length of the trend window in hours (for the slopes). */
  readonly trendWindowH: number;
}

/** Band edges in FFT bins (256-point window: 1 bin = fs/256). Fine at low orders, coarse above. */
export const SIGNATURE_BAND_EDGES: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128,
];
export const SIGNATURE_BANDS = SIGNATURE_BAND_EDGES.length - 1;
export const SIGNATURE_DIM = 6 + SIGNATURE_BANDS + 3 + 2 + 1;

export const SIGNATURE_FEATURES: readonly string[] = [
  'vib.rms',
  'vib.std',
  'vib.abs-mean',
  'vib.log-kurtosis',
  'vib.crest-factor',
  'vib.skewness',
  ...Array.from(
    { length: SIGNATURE_BANDS },
    (_, b) => `band.${SIGNATURE_BAND_EDGES[b]}-${SIGNATURE_BAND_EDGES[b + 1]}.log-amp`,
  ),
  'temp.mean',
  'temp.slope-k-per-h',
  'temp.range',
  'rms-trend.mean',
  'rms-trend.slope-per-h',
  'vib.flat-fraction',
];

/** Scratch buffer per spectrum size, reused so signatures allocate nothing but the output. */
const spectra = new Map<number, Float64Array>();

/** Computes the signature of one window into `out` (length ≥ SIGNATURE_DIM, at `offset`). */
export function computeSignature(
  w: SensorWindow,
  out: Float32Array = new Float32Array(SIGNATURE_DIM),
  offset = 0,
): Float32Array {
  const x = w.vibration;
  const n = x.length;
  if (!isPowerOfTwo(n) || n < 2 * (SIGNATURE_BAND_EDGES.at(-1) as number)) {
    throw new AetherError({
      code: 'fault-memory.window-length',
      message: `vibration window has ${n} samples`,
      hint: 'use a power of two ≥ 256 samples',
      path: 'vibration',
    });
  }
  if (w.temperatureC.length < 2 || w.vibrationRmsTrend.length < 2 || !(w.trendWindowH > 0)) {
    throw new AetherError({
      code: 'fault-memory.trend-short',
      message: 'temperature and RMS trends need ≥ 2 samples and a positive window',
      hint: 'pass at least two trend samples and trendWindowH > 0',
      path: 'temperatureC',
    });
  }
  let sum = 0;
  let flat = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v)) {
      throw new AetherError({
        code: 'fault-memory.not-finite',
        message: `vibration[${i}] is ${v}`,
        hint: 'repair or drop windows with missing samples',
        path: `vibration[${i}]`,
      });
    }
    sum += v;
    if (i > 0 && v === x[i - 1]) flat++;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let sq = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const c = v - mean;
    const c2 = c * c;
    m2 += c2;
    m3 += c2 * c;
    m4 += c2 * c2;
    sq += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const rms = Math.sqrt(sq / n);
  const std = Math.sqrt(m2);
  const kurt = m2 > 1e-12 ? m4 / (m2 * m2) : 0;
  const skew = m2 > 1e-12 ? m3 / Math.pow(m2, 1.5) : 0;
  let o = offset;
  out[o++] = rms;
  out[o++] = std;
  out[o++] = Math.abs(mean);
  out[o++] = Math.log(1 + kurt);
  out[o++] = rms > 1e-9 ? peak / rms : 0;
  out[o++] = skew;

  let spec = spectra.get(n);
  if (spec === undefined) {
    spec = new Float64Array(n / 2);
    spectra.set(n, spec);
  }
  powerSpectrum(x, spec);
  // Bins are given for a 256-point window; longer windows scale the edges.
  const scale = n / 256;
  for (let b = 0; b < SIGNATURE_BANDS; b++) {
    const lo = (SIGNATURE_BAND_EDGES[b] as number) * scale;
    const hi = (SIGNATURE_BAND_EDGES[b + 1] as number) * scale;
    let e = 0;
    for (let k = lo; k < hi; k++) e += spec[k] as number;
    // Amplitude of the band (two-sided power → one-sided), log-compressed: impacts and healthy
    // machines differ by orders of magnitude, and L2 on logs compares spectral *shape*.
    out[o++] = Math.log10(Math.sqrt(2 * e) + 0.01);
  }

  const t = trend(w.temperatureC, w.trendWindowH);
  out[o++] = t.mean;
  out[o++] = t.slope;
  out[o++] = t.range;
  const r = trend(w.vibrationRmsTrend, w.trendWindowH);
  out[o++] = r.mean;
  out[o++] = r.slope;
  out[o++] = flat / (n - 1);
  return out;
}

/** Mean, least-squares slope per hour and range of evenly spaced samples over `windowH`. */
function trend(
  y: Float64Array | Float32Array,
  windowH: number,
): { mean: number; slope: number; range: number } {
  const m = y.length;
  let sy = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) {
      throw new AetherError({
        code: 'fault-memory.not-finite',
        message: `trend sample ${i} is ${v}`,
        hint: 'repair or drop windows with missing samples',
        path: `trend[${i}]`,
      });
    }
    sy += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mean = sy / m;
  const dt = windowH / (m - 1);
  const tMean = ((m - 1) * dt) / 2;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < m; i++) {
    const tc = i * dt - tMean;
    sxy += tc * ((y[i] as number) - mean);
    sxx += tc * tc;
  }
  return { mean, slope: sxy / sxx, range: hi - lo };
}

/** Per-feature standardisation, so that L2 distance weighs °C, mm/s and log-amplitudes alike. */
export interface SignatureScaler {
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

/** Fits a scaler on n row-major signatures (a calibration sample, e.g. the first 20,000). */
export function fitSignatureScaler(vectors: Float32Array, dim: number = SIGNATURE_DIM): SignatureScaler {
  const n = Math.floor(vectors.length / dim);
  if (n < 2) {
    throw new AetherError({
      code: 'fault-memory.scaler-sample',
      message: `need ≥ 2 signatures to fit a scaler, got ${n}`,
      hint: 'fit on a few thousand generated signatures',
    });
  }
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (vectors[i * dim + j] as number);
  for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const c = (vectors[i * dim + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + c * c;
    }
  }
  const std = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    const s = Math.sqrt((sq[j] as number) / (n - 1));
    std[j] = s > 1e-9 ? s : 1;
  }
  return { mean: Float32Array.from(mean), std };
}

/** Standardises row-major signatures in place. */
export function applySignatureScaler(s: SignatureScaler, vectors: Float32Array): Float32Array {
  const d = s.mean.length;
  for (let i = 0; i < vectors.length; i++) {
    const j = i % d;
    vectors[i] = ((vectors[i] as number) - (s.mean[j] as number)) / (s.std[j] as number);
  }
  return vectors;
}

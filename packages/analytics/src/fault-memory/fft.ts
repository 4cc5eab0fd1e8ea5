/**
 * A small in-place radix-2 FFT (Cooley–Tukey, iterative, bit-reversed order) for the power
 * spectrum of a real vibration window. Twiddles and the bit-reversal table are cached per size,
 * so millions of 256-point windows cost a few microseconds each.
 */
interface FftPlan {
  readonly n: number;
  readonly rev: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

const plans = new Map<number, FftPlan>();

function plan(n: number): FftPlan {
  const cached = plans.get(n);
  if (cached !== undefined) return cached;
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = -Math.sin((2 * Math.PI * i) / n);
  }
  const p = { n, rev, cos, sin, re: new Float64Array(n), im: new Float64Array(n) };
  plans.set(n, p);
  return p;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/**
 * One-sided power spectrum |X_k|²/n² for k = 0…n/2−1 of a real signal whose length is a power
 * of two, written into `out` (length ≥ n/2). A sinusoid of amplitude A on an exact bin gives A²/4.
 */
export function powerSpectrum(x: Float64Array | Float32Array, out: Float64Array): void {
  const n = x.length;
  const p = plan(n);
  const { re, im, rev, cos, sin } = p;
  for (let i = 0; i < n; i++) {
    re[rev[i] as number] = x[i] as number;
    im[i] = 0;
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0; j < half; j++) {
        const wr = cos[j * step] as number;
        const wi = sin[j * step] as number;
        const a = start + j;
        const b = a + half;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = br * wr - bi * wi;
        const ti = br * wi + bi * wr;
        re[b] = (re[a] as number) - tr;
        im[b] = (im[a] as number) - ti;
        re[a] = (re[a] as number) + tr;
        im[a] = (im[a] as number) + ti;
      }
    }
  }
  const n2 = n * n;
  for (let k = 0; k < n / 2; k++) out[k] = ((re[k] as number) ** 2 + (im[k] as number) ** 2) / n2;
}

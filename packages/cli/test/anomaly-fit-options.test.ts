// `aethercore anomaly fit` flags → FitOptions, without spawning the CLI.
import { describe, expect, it } from 'vitest';
import { AetherError } from '@aethercore/core';
import { fitOptionsFromCli, windowsFromCli } from '../src/commands/anomaly.ts';

const COLUMNS = ['Accelerometer1RMS', 'Current', 'Temperature'];
const base = { data: 'x.csv', out: 'm.json', method: 't2' };

describe('anomaly fit options from the CLI', () => {
  it('--features mean,std with --window and --rate-only gives the configuration CV picks on SKAB', () => {
    const o = fitOptionsFromCli(
      { ...base, features: 'mean, std,mean', window: '40', rateOnly: 'Temperature', threshold: '1.5' },
      COLUMNS,
    );
    expect(o.method).toBe('t2');
    expect(o.features).toEqual({ window: 40, kinds: ['mean', 'std'], rateOnly: [2] });
    expect(o.threshold).toBe(1.5);
  });

  it('keeps the default feature kinds without --features', () => {
    expect(fitOptionsFromCli(base, COLUMNS).features.kinds).toEqual(['mean']);
  });

  it('an unknown feature kind is a coded error naming it', () => {
    let err: unknown;
    try {
      fitOptionsFromCli({ ...base, features: 'mean,fft' }, COLUMNS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AetherError);
    expect((err as AetherError).message).toContain("'fft'");
  });

  it('--window takes one window or a list (a multi-scale model); bad entries are coded errors', () => {
    expect(windowsFromCli(undefined)).toBeUndefined();
    expect(windowsFromCli('20')).toEqual([20]);
    expect(windowsFromCli('20, 40,20')).toEqual([20, 40]);
    expect(fitOptionsFromCli({ ...base, window: '20,40' }, COLUMNS).features.window).toBe(20);
    for (const bad of ['20,x', '0', ',', '2.5']) expect(() => windowsFromCli(bad), bad).toThrow(AetherError);
  });
});

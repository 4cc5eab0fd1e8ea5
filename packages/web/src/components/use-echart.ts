import { useEffect, useRef, type RefObject } from 'react';
import * as echarts from 'echarts/core';

/**
 * One echarts instance bound to a div for the component's lifetime: created on mount (canvas
 * renderer), resized with its container, disposed on unmount. Components set options on
 * `chart.current` in their own effects.
 */
export function useEchart(): {
  readonly el: RefObject<HTMLDivElement | null>;
  readonly chart: RefObject<echarts.ECharts | undefined>;
} {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    if (el.current === null) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  return { el, chart };
}

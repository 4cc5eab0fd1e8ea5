import { useEffect, useState } from 'react';

/**
 * A JSON resource polled every `intervalMs`. Unchanged answers keep the same object, so charts fed
 * from it redraw only when the data changed. Offline or aborted requests keep the last value; the
 * next poll tries again. A new `url` starts over.
 */
export function usePolledJson<T>(url: string, intervalMs: number): T | undefined {
  const [value, setValue] = useState<T | undefined>();
  useEffect(() => {
    let stopped = false;
    let last = '';
    let ctrl: AbortController | undefined;
    const load = async (): Promise<void> => {
      ctrl = new AbortController();
      try {
        const res = await fetch(url, { headers: { accept: 'application/json' }, signal: ctrl.signal });
        const text = res.ok ? await res.text() : '';
        if (text !== '' && text !== last && !stopped) {
          last = text;
          setValue(JSON.parse(text) as T);
        }
      } catch {
        // Offline or aborted: keep the last value.
      }
    };
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      ctrl?.abort();
    };
  }, [url, intervalMs]);
  return value;
}

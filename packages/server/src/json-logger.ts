import type { LogLevel, Logger } from '@aethercore/core';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go (default: stderr, so stdout stays free for the CLI's own output). */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * The Logger port as JSON lines: `{"time":"…","level":"info","component":"live.driver","msg":"…",…}`.
 * One object per line is what journald, Loki and `jq` read without configuration.
 */
export function createJsonLogger(component: string, options: JsonLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? Date.now;
  const make = (comp: string): Logger => ({
    log(level, message, fields) {
      if (RANK[level] < min) return;
      let line: string;
      try {
        line = JSON.stringify({
          time: new Date(now()).toISOString(),
          level,
          component: comp,
          msg: message,
          ...fields,
        });
      } catch {
        line = JSON.stringify({
          time: new Date(now()).toISOString(),
          level,
          component: comp,
          msg: message,
          fields: 'unserialisable',
        });
      }
      write(`${line}\n`);
    },
    child: (sub) => make(`${comp}.${sub}`),
  });
  return make(component);
}

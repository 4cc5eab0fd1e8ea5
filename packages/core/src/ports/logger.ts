/**
 * Logging goes through this port with a `component` field; packages never call console.*.
 * The composition root chooses the sink (stderr JSON lines, pretty, or silent in tests).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
  child(component: string): Logger;
}

export const silentLogger: Logger = {
  log: () => undefined,
  child: () => silentLogger,
};

/**
 * A progress bar on stderr for long work (benchmarks, `aethercore sim`). On a terminal it redraws
 * one line; in a log (CI, pipes) it prints a line every 10% so the log stays short.
 */
export interface Progress {
  tick(done: number, note?: string): void;
  done(note?: string): void;
}

export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const tty = stream.isTTY;
  const width = 30;
  let lastDecile = -1;
  const started = performance.now();
  const render = (done: number, note = ''): string => {
    const f = total > 0 ? Math.min(1, done / total) : 1;
    const full = Math.round(f * width);
    const elapsed = (performance.now() - started) / 1000;
    const eta = f > 0 && f < 1 ? ` eta ${Math.round((elapsed / f) * (1 - f))}s` : '';
    return `${label} [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${done}/${total} ${(f * 100).toFixed(0)}%${eta}${note ? ` ${note}` : ''}`;
  };
  return {
    tick(done, note) {
      if (tty) {
        stream.write(`\r${render(done, note)}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${render(done, note)}\n`);
      }
    },
    done(note) {
      const line = `${render(total, note)} in ${((performance.now() - started) / 1000).toFixed(1)}s`;
      stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}

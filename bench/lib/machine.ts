import os from 'node:os';

/** The machine a benchmark ran on: printed with every table and stored with every result. */
export function machineInfo(): {
  cores: number;
  cpu: string;
  memGiB: number;
  node: string;
  platform: string;
} {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

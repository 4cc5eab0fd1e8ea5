import { Command, CommanderError } from 'commander';
import { formatError, isAetherError } from '@aethercore/core';
import { commands } from './commands/index.ts';

const program = new Command()
  .name('aethercore')
  .description('AetherCore: a team of AI agents that runs a production line under human command.')
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode;
  } else if (isAetherError(e)) {
    console.error(formatError(e));
    process.exitCode = 2;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
}

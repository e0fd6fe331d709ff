/**
 * The `understudy` command line. Each subcommand lives in `src/commands/<name>.ts` and is
 * registered in `COMMANDS`; this entry file is the only place that prints and exits.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { CliError } from './cli-error.ts';
import { VERSION } from './version.ts';

const program = new Command()
  .name('understudy')
  .description('Failure-resilient model serving for edge clusters.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    process.stderr.write(`understudy: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    throw error;
  }
}

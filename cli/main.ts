/**
 * The `understudy` command line. Each subcommand lives in its own module, listed in
 * `commands/index.ts` and imported only when it runs; this entry file is the only place that
 * prints and exits.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, requestedCommand } from './commands/index.ts';
import { CliError } from './cli-error.ts';
import { VERSION } from '../core/version.ts';

const program = new Command()
  .name('understudy')
  .description('Failure-resilient model serving for edge clusters.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const requested = requestedCommand(process.argv.slice(2));
for (const entry of COMMANDS) {
  const command = program.command(entry.name).description(entry.summary);
  if (entry === requested) (await entry.load())(command);
}

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

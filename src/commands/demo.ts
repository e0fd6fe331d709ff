import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run a local demo cluster: planner, agents, traffic, a node failure, recovery.')
    .action(() => {
      throw new CliError(
        'the demo is not available yet: it lands with failure detection and routing (issue 6)',
        1,
      );
    });
}

/**
 * `understudy demo`: a local demo cluster on embedded defaults (this folder). Ctrl-C stops it
 * cleanly; a second Ctrl-C kills every child at once.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError } from '../cli/cli-error.ts';
import { ChildRegistry } from './child-registry.ts';
import { runDemo } from './demo-run.ts';
import type { DemoResult } from './demo-run.ts';

const MIN_AGENTS = 4;
const MAX_AGENTS = 8;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface DemoFlags {
  agents: string;
  holdDown: string;
  json?: string;
}

export function configureDemoCommand(command: Command): void {
  command
    .option('--agents <n>', `agents to start, one per node (${MIN_AGENTS}–${MAX_AGENTS})`, '4')
    .option('--hold-down <ms>', 'how long the killed node must heartbeat before fail-back', '2000')
    .option('--json <file>', 'also write the measured results to this file as JSON')
    .addHelpText(
      'after',
      '\nRedis: REDIS_URL if set, else 127.0.0.1:6379 if it answers, else a private redis-server.',
    )
    .action(async (flags: DemoFlags) => {
      const agents = integer('--agents', flags.agents, MIN_AGENTS, MAX_AGENTS);
      const holdDownMs = integer('--hold-down', flags.holdDown, 0, 600_000);
      const result = await runInterruptibly((signal, children) =>
        runDemo({
          agents,
          holdDownMs,
          env: process.env,
          write: (text) => process.stdout.write(text),
          signal,
          children,
        }),
      );
      if (flags.json !== undefined)
        await writeFile(flags.json, `${JSON.stringify(result, null, 2)}\n`);
      finish(result);
    });
}

/**
 * Runs the demo with signal handling: the first signal aborts it (it cleans up), a second
 * kills every child at once. An `exit` hook kills any child still running, whatever happened.
 */
async function runInterruptibly(
  demo: (signal: AbortSignal, children: ChildRegistry) => Promise<DemoResult>,
): Promise<DemoResult> {
  const controller = new AbortController();
  const children = new ChildRegistry();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(new CliError(`interrupted by ${signal}`, 130));
      return;
    }
    children.killAllNow();
    process.exit(130);
  };
  const killAll = () => void children.killAllNow();
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', killAll);
  try {
    return await demo(controller.signal, children);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    if (error instanceof CliError) throw error;
    throw new CliError(`the demo failed: ${(error as Error).message}`, 1);
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', killAll);
    children.killAllNow();
  }
}

function finish(result: DemoResult): void {
  if (result.problems.length === 0) {
    process.stdout.write('Done: every process stopped, keys deleted, temporary files removed.\n');
    return;
  }
  const list = result.problems.map((problem) => `  - ${problem}`).join('\n');
  process.stdout.write(
    `The demo went through with ${result.problems.length} problem(s):\n${list}\n`,
  );
  throw new CliError(
    `the demo finished with ${result.problems.length} problem(s) (listed above)`,
    1,
  );
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new CliError(`${flag} must be an integer from ${min} to ${max} (got ${value})`);
  return n;
}

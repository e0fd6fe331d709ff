/**
 * Every subcommand of `understudy`, in the order `--help` lists them. Each is loaded only when
 * it runs, so `understudy agent` loads the agent and nothing of the planner, the solver or the
 * demo; `--help` needs none of them.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** One line for `understudy --help`; the command's own help starts with it. */
  summary: string;
  /** Imports the command's module and returns what adds its options, arguments and action. */
  load(): Promise<(command: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Run the planner service: the REST API over the cluster state in Redis.',
    load: async () => (await import('./serve.ts')).configureServeCommand,
  },
  {
    name: 'agent',
    summary:
      'Run a node agent: load the models of its plan slice, serve inference, heartbeat, and execute its failover table.',
    load: async () => (await import('./agent.ts')).configureAgentCommand,
  },
  {
    name: 'profile',
    summary: 'Measure an ONNX model: cold load time, memory, latency, signature and accuracy.',
    load: async () => (await import('./profile.ts')).configureProfileCommand,
  },
  {
    name: 'zoo',
    summary: 'Deterministic ONNX model families for demos, tests and benchmarks.',
    load: async () => (await import('./zoo.ts')).configureZooCommand,
  },
  {
    name: 'demo',
    summary:
      'Run a local demo cluster: planner, agents, traffic, a node failure, recovery, fail-back.',
    load: async () => (await import('../../demo/demo-command.ts')).configureDemoCommand,
  },
  {
    name: 'plan',
    summary: 'Work with placement plans.',
    load: async () => (await import('./plan.ts')).configurePlanCommand,
  },
];

/**
 * The command the arguments ask for (`understudy <name> …` or `understudy help <name>`), or
 * undefined for `understudy --help`, `--version` and names that are not commands.
 */
export function requestedCommand(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}

import type { Command } from 'commander';
import { registerServeCommand } from './serve.ts';
import { registerAgentCommand } from './agent.ts';
import { registerProfileCommand } from './profile.ts';
import { registerZooCommand } from './zoo.ts';
import { registerDemoCommand } from './demo.ts';
import { registerPlanCommand } from './plan.ts';

/** Every subcommand of `understudy`, in the order `--help` lists them. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerServeCommand,
  registerAgentCommand,
  registerProfileCommand,
  registerZooCommand,
  registerDemoCommand,
  registerPlanCommand,
];

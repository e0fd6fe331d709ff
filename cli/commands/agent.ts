import type { Command } from 'commander';
import { pino } from 'pino';
import { Agent } from '../../agents/agent.ts';
import { AGENT_DEFAULTS, resolveAgentConfig } from '../../agents/agent-config.ts';
import type { AgentConfig, AgentFlags } from '../../agents/agent-config.ts';
import { CliError } from '../cli-error.ts';
import { isDomainError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';

const D = AGENT_DEFAULTS;

/** Every option of `understudy agent`: flags and help text. */
const OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['--node-id <id>', "this node's id (env UNDERSTUDY_NODE_ID); required"],
  ['--memory-mib <mib>', 'memory for models, in MiB; required'],
  ['--model-dir <dir>', 'directory for staged model files (env UNDERSTUDY_MODEL_DIR); required'],
  ['--redis <url>', `Redis URL (env UNDERSTUDY_REDIS_URL or REDIS_URL, default ${D.redisUrl})`],
  ['--prefix <prefix>', `key prefix of the cluster (env UNDERSTUDY_PREFIX, default ${D.prefix})`],
  ['--listen <host:port>', `inference server address; port 0 picks one (default ${D.listen})`],
  ['--advertise <host:port>', 'address registered for clients (default: the listen address)'],
  ['--domain <domain>', 'failure domain of the node (rack, power feed)'],
  ['--heartbeat-interval-ms <ms>', `time between heartbeats (default ${D.heartbeatIntervalMs})`],
  [
    '--heartbeat-timeout-ms <ms>',
    `suspect the node after this long without a heartbeat (default ${D.heartbeatTimeoutMs})`,
  ],
  [
    '--stall-limit-ms <ms>',
    `stop heartbeating when the main thread is stuck this long (default ${D.stallLimitMs})`,
  ],
  ['--intra-op-threads <n>', `onnxruntime threads per session (default ${D.intraOpThreads})`],
  ['--body-limit <bytes>', `largest inference request body (default ${D.bodyLimitBytes})`],
  ['--drain-timeout-ms <ms>', `longest SIGTERM drain (default ${D.drainTimeoutMs})`],
  ['--log-level <level>', `pino log level (env UNDERSTUDY_LOG_LEVEL, default ${D.logLevel})`],
];

export function configureAgentCommand(command: Command): void {
  for (const [flags, description] of OPTIONS) command.option(flags, description);
  command
    .addHelpText(
      'after',
      '\nSIGTERM drains: no new plan jobs, in-flight requests answered, the node deregistered; exit 0.',
    )
    .action(async (flags: AgentFlags) => {
      let config: AgentConfig;
      try {
        config = resolveAgentConfig(flags, process.env);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      await runAgent(config);
    });
}

async function runAgent(config: AgentConfig): Promise<void> {
  const logger = pino({ level: config.logLevel, base: { service: 'agent', node: config.nodeId } });
  let agent: Agent;
  try {
    agent = await Agent.start({ config, logger, version: VERSION });
  } catch (error) {
    if (isDomainError(error)) throw new CliError(error.message, 1);
    const { syscall, code } = error as NodeJS.ErrnoException;
    if (syscall === 'listen') {
      throw new CliError(`cannot listen on ${config.listenHost}:${config.listenPort} (${code})`, 1);
    }
    throw error;
  }
  logger.info({ url: agent.url, address: agent.address, prefix: config.prefix }, 'listening');
  const stop = (signal: string): void => {
    agent.drain(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'drain failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal while draining must not kill the process mid-drain.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

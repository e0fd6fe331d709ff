import type { Command } from 'commander';
import { pino } from 'pino';
import { CliError } from '../cli-error.ts';
import { SERVE_DEFAULTS, resolveServeConfig } from '../../src/config.ts';
import type { ServeFlags } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

export function configureServeCommand(command: Command): void {
  command
    .option(
      '--port <port>',
      `TCP port to listen on; 0 picks a free one (env UNDERSTUDY_PORT, default ${SERVE_DEFAULTS.port})`,
    )
    .option(
      '--host <host>',
      `address to listen on; a non-loopback address needs UNDERSTUDY_API_TOKEN (env UNDERSTUDY_HOST, default ${SERVE_DEFAULTS.host})`,
    )
    .option(
      '--redis <url>',
      `Redis URL (env UNDERSTUDY_REDIS_URL or REDIS_URL, default ${SERVE_DEFAULTS.redisUrl})`,
    )
    .option(
      '--prefix <prefix>',
      `key prefix, so several clusters share one Redis (env UNDERSTUDY_PREFIX, default ${SERVE_DEFAULTS.prefix})`,
    )
    .option(
      '--body-limit <bytes>',
      `largest REST API request body in bytes (default ${SERVE_DEFAULTS.bodyLimitBytes})`,
    )
    .option(
      '--infer-body-limit <bytes>',
      `largest inference request body the router forwards, in bytes; large inputs fit better as the tensor frame (default ${SERVE_DEFAULTS.inferBodyLimitBytes})`,
    )
    .option(
      '--hold-down <ms>',
      `how long a failed node must heartbeat steadily before it gets work again, so a flapping node causes no churn (env UNDERSTUDY_HOLD_DOWN_MS, default ${SERVE_DEFAULTS.holdDownMs})`,
    )
    .option(
      '--advertise <host:port>',
      'where agents reach this planner, for their direct heartbeats (UDP on the HTTP port; env UNDERSTUDY_ADVERTISE, default the listen address unless it is 0.0.0.0 or ::)',
    )
    .option(
      '--log-level <level>',
      `pino log level (env UNDERSTUDY_LOG_LEVEL, default ${SERVE_DEFAULTS.logLevel})`,
    )
    .addHelpText(
      'after',
      '\nMutating routes require "Authorization: Bearer <token>" when UNDERSTUDY_API_TOKEN is set.',
    )
    .action(async (flags: ServeFlags) => {
      let config;
      try {
        config = resolveServeConfig(flags, process.env);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const logger = pino({ level: config.logLevel, base: { service: 'planner' } });
      const server = await startServer(config, { logger });
      logger.info({ url: server.url, prefix: config.prefix }, 'listening');
      const stop = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await server.close();
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}

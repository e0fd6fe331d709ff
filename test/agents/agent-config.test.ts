import { describe, expect, it } from 'vitest';
import {
  AGENT_DEFAULTS,
  advertisedAddress,
  resolveAgentConfig,
} from '../../agents/agent-config.ts';
import type { AgentFlags } from '../../agents/agent-config.ts';

const REQUIRED: AgentFlags = {
  nodeId: 'edge-1',
  memoryMib: '512',
  modelDir: '/var/lib/understudy',
};

describe('resolveAgentConfig', () => {
  describe('when only the required flags are given', () => {
    it('fills in the defaults', () => {
      expect(resolveAgentConfig(REQUIRED, {})).toEqual({
        nodeId: 'edge-1',
        redisUrl: AGENT_DEFAULTS.redisUrl,
        prefix: 'understudy',
        logLevel: 'info',
        listenHost: '127.0.0.1',
        listenPort: 7171,
        modelDir: '/var/lib/understudy',
        memoryMiB: 512,
        heartbeatIntervalMs: 20,
        heartbeatTimeoutMs: 250,
        stallLimitMs: 10_000,
        intraOpThreads: 1,
        bodyLimitBytes: 16 * 1024 * 1024,
        drainTimeoutMs: 10_000,
      });
    });
  });

  describe.each([
    { name: 'a fractional memory', flags: { memoryMib: '1536.5' }, want: { memoryMiB: 1536.5 } },
    {
      name: 'an IPv6 listen address',
      flags: { listen: '[::1]:0' },
      want: { listenHost: '::1', listenPort: 0 },
    },
    {
      name: 'the environment',
      flags: {},
      env: { REDIS_URL: 'redis://cache:6380', UNDERSTUDY_PREFIX: 'east' },
      want: { redisUrl: 'redis://cache:6380', prefix: 'east' },
    },
  ])('when given $name', ({ flags, env, want }) => {
    it('takes it', () => {
      expect(resolveAgentConfig({ ...REQUIRED, ...flags }, env ?? {})).toMatchObject(want);
    });
  });

  describe.each([
    {
      name: 'a memory of 0',
      flags: { memoryMib: '0' },
      error: '--memory-mib must be a number above 0 and at most 16777216, not "0"',
    },
    {
      name: 'a listen address without a port',
      flags: { listen: 'localhost' },
      error: '--listen must be HOST:PORT with a port from 0 to 65535, not "localhost"',
    },
    {
      name: 'a timeout shorter than the interval',
      flags: { heartbeatIntervalMs: '100', heartbeatTimeoutMs: '50' },
      error: '--heartbeat-timeout-ms (50) must be longer than --heartbeat-interval-ms (100)',
    },
    {
      name: 'a fractional thread count',
      flags: { intraOpThreads: '1.5' },
      error: '--intra-op-threads must be an integer from 1 to 256, not "1.5"',
    },
  ])('when given $name', ({ flags, error }) => {
    it('refuses it with one message', () => {
      expect(() => resolveAgentConfig({ ...REQUIRED, ...flags }, {})).toThrow(new Error(error));
    });
  });
});

describe('advertisedAddress', () => {
  it('uses the bound port of a loopback listen address', () => {
    const config = resolveAgentConfig({ ...REQUIRED, listen: '127.0.0.1:0' }, {});
    expect(advertisedAddress(config, 41_234)).toBe('127.0.0.1:41234');
  });

  it('prefers --advertise', () => {
    const config = resolveAgentConfig({ ...REQUIRED, advertise: 'edge-1.lan:7171' }, {});
    expect(advertisedAddress(config, 41_234)).toBe('edge-1.lan:7171');
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../kit/is-alive.ts';
import type { ProcessHandle } from '../../kit/process-handle.ts';
import { RedisServer } from '../../kit/redis-server.ts';
import { TestHosts } from '../../kit/test-hosts.ts';
import type { TestHost } from '../../kit/test-hosts.ts';

const execFileAsync = promisify(execFile);

const unavailable = await TestHosts.unavailable();
const delayUnavailable = unavailable ?? (await TestHosts.delayUnavailable());
if (unavailable !== undefined) console.warn(`TestHosts skipped: ${unavailable}`);
if (delayUnavailable !== undefined) console.warn(`TestHost.delay skipped: ${delayUnavailable}`);

const SERVER_PORT = 7000;
/** Answers every connection with `hello`; says `listening` once it does. */
const SERVER = `require('node:net').createServer((socket) => socket.end('hello\\n'))
  .listen(${SERVER_PORT}, '0.0.0.0', () => console.log('listening'));`;
/**
 * Connects to argv host:port, sends argv text and prints `reply <first line>`, the error
 * code (ECONNREFUSED), or `timeout` when nothing came back within argv ms.
 */
const CLIENT = `const [host, port, text, ms] = process.argv.slice(1);
  const socket = require('node:net').connect({ host, port: Number(port) });
  const say = (what) => { console.log(what); process.exit(0); };
  setTimeout(() => say('timeout'), Number(ms));
  socket.once('connect', () => socket.write(text));
  socket.once('data', (data) => say('reply ' + data.toString().trim()));
  socket.once('error', (error) => say(error.code));`;
/** Long enough for a connection across the bridge, short enough to keep the file quick. */
const TIMEOUT_MS = 700;
const FOREVER = `console.log('up'); setInterval(() => {}, 1000);`;

/** What a connection from `from` (undefined: the root namespace) to address:port got. */
async function reach(
  from: TestHost | undefined,
  address: string,
  port = SERVER_PORT,
  text = 'hi',
): Promise<string> {
  const args = ['-e', CLIENT, address, String(port), text, String(TIMEOUT_MS)];
  const stdout =
    from === undefined
      ? (await execFileAsync(process.execPath, args)).stdout
      : await from.run(process.execPath, args);
  return stdout.trim();
}

/** The flags `ip link` shows for a link, e.g. ['BROADCAST', 'MULTICAST', 'UP']. */
async function linkFlags(link: string): Promise<string[]> {
  const { stdout } = await execFileAsync('ip', ['-o', 'link', 'show', 'dev', link]);
  return /<([^>]*)>/.exec(stdout)?.[1]?.split(',') ?? [];
}

describe.skipIf(unavailable !== undefined)('TestHosts', () => {
  let hosts: TestHosts;
  let a: TestHost;
  let b: TestHost;

  beforeAll(async () => {
    hosts = await TestHosts.create({ name: 'test-hosts.test' });
    a = await hosts.addHost('a');
    b = await hosts.addHost('b');
    const server = a.spawn({
      name: 'server on a',
      command: process.execPath,
      args: ['-e', SERVER],
    });
    await server.ready(/^listening$/, { timeoutMs: 5_000 });
  });
  afterAll(() => hosts?.destroy());

  describe('when nothing is wrong', () => {
    it('lets the root and the other host reach a host', async () => {
      expect(await reach(undefined, a.address)).toBe('reply hello');
      expect(await reach(b, a.address)).toBe('reply hello');
      expect(await reach(b, a.address, SERVER_PORT + 1)).toBe('ECONNREFUSED');
    });

    it('lets a host reach a Redis bound on the bridge address', async () => {
      const redis = await RedisServer.start({ host: hosts.address });
      try {
        expect(a.gateway).toBe(hosts.address);
        expect(await reach(a, hosts.address, redis.port, 'PING\r\n')).toBe('reply +PONG');
      } finally {
        await redis.stop();
      }
    });

    it('runs a launched command itself, so its pid is the one inside the host', async () => {
      const sleeper = b.spawn({
        name: 'sleeper',
        command: process.execPath,
        args: ['-e', FOREVER],
      });
      await sleeper.ready(/^up$/, { timeoutMs: 5_000 });
      expect(await b.pids()).toEqual([sleeper.pid]);
      await sleeper.stop();
      expect(await b.pids()).toEqual([]);
    });
  });

  describe('when packets are dropped', () => {
    it('times connections out both ways until undrop', async () => {
      await a.drop();
      expect(await reach(undefined, a.address)).toBe('timeout');
      expect(await reach(b, a.address)).toBe('timeout');
      await a.undrop();
      expect(await reach(undefined, a.address)).toBe('reply hello');
    });

    it('drops only the replies with direction out', async () => {
      await a.drop({ direction: 'out' });
      expect(await reach(undefined, a.address)).toBe('timeout');
      await a.undrop();
      expect(await reach(undefined, a.address)).toBe('reply hello');
    });

    it('drops only what comes from the peer', async () => {
      await a.drop({ direction: 'in', peer: b.address });
      expect(await reach(b, a.address)).toBe('timeout');
      expect(await reach(undefined, a.address)).toBe('reply hello');
      await a.undrop();
      expect(await reach(b, a.address)).toBe('reply hello');
    });
  });

  describe('when the link is down', () => {
    it('times connections out until linkUp', async () => {
      await a.linkDown();
      expect(await linkFlags(a.link)).not.toContain('UP');
      expect(await reach(undefined, a.address)).toBe('timeout');
      expect(await reach(b, a.address)).toBe('timeout');
      await a.linkUp();
      expect(await reach(undefined, a.address)).toBe('reply hello');
    });
  });

  describe('when packets are lost', () => {
    it('loses everything with probability 1 until unlose', async () => {
      await a.lose(1);
      expect(await reach(undefined, a.address)).toBe('timeout');
      await a.unlose();
      expect(await reach(undefined, a.address)).toBe('reply hello');
    });

    it('refuses a probability outside (0, 1]', async () => {
      await expect(a.lose(1.5)).rejects.toThrow('loss probability 1.5 is not in (0, 1]');
    });
  });

  describe('delay', () => {
    it.runIf(delayUnavailable !== undefined)('says why it is unavailable', async () => {
      expect(await a.delayUnavailable()).toBe(delayUnavailable);
      await expect(a.delay(50)).rejects.toThrow(`a: ${delayUnavailable}`);
    });

    it.skipIf(delayUnavailable !== undefined)('delays what the host sends', async () => {
      await a.delay(300);
      try {
        const started = Date.now();
        expect(await reach(undefined, a.address)).toBe('reply hello');
        expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      } finally {
        await a.undelay();
      }
    });
  });

  describe('when the power is cut', () => {
    it('kills every process inside and takes the link down', async () => {
      const c = await hosts.addHost('c');
      const victim = c.spawn({ name: 'on c', command: process.execPath, args: ['-e', FOREVER] });
      await victim.ready(/^up$/, { timeoutMs: 5_000 });
      const pid = victim.pid ?? 0;
      expect(await c.pids()).toEqual([pid]);
      await c.powerCut();
      expect(await victim.exited).toBeNull();
      expect(victim.child.signalCode).toBe('SIGKILL');
      expect(isAlive(pid)).toBe(false);
      expect(await c.pids()).toEqual([]);
      expect(await linkFlags(c.link)).not.toContain('UP');
    });
  });

  describe('destroy', () => {
    it('leaves no namespace, link or iptables rule behind, and may be called again', async () => {
      const doomed = await TestHosts.create({ name: 'destroyed' });
      const x = await doomed.addHost('x');
      await x.drop();
      await x.lose(0.5);
      const running: ProcessHandle = x.spawn({
        name: 'on x',
        command: process.execPath,
        args: ['-e', FOREVER],
      });
      await running.ready(/^up$/, { timeoutMs: 5_000 });
      expect((await execFileAsync('iptables', ['-S'])).stdout).toContain(doomed.bridge);

      await doomed.destroy();
      await running.exited;
      const { stdout: namespaces } = await execFileAsync('ip', ['netns', 'list']);
      const { stdout: links } = await execFileAsync('ip', ['-o', 'link', 'show']);
      const { stdout: rules } = await execFileAsync('iptables', ['-S']);
      expect(namespaces).not.toContain(x.namespace);
      expect(links).not.toContain(doomed.bridge);
      expect(links).not.toContain(x.link);
      expect(rules).not.toContain(doomed.bridge);
      await expect(doomed.destroy()).resolves.toBeUndefined();
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ProcessHandle } from '../../kit/process-handle.ts';
import { isAlive } from '../../kit/is-alive.ts';

const started: ProcessHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((handle) => handle.kill()));
});

/** A node process running `script`. */
function node(name: string, script: string): ProcessHandle {
  const handle = ProcessHandle.spawn({ name, command: process.execPath, args: ['-e', script] });
  started.push(handle);
  return handle;
}

const FOREVER = 'setInterval(() => {}, 1000);';

describe('ProcessHandle', () => {
  describe('when the process prints the awaited line', () => {
    it('resolves with the match, and stop ends the process', async () => {
      const handle = node(
        'server',
        `console.log('warming up'); console.log('port 4242'); ${FOREVER}`,
      );
      const match = await handle.ready(/^port (\d+)$/, { timeoutMs: 5_000 });
      expect(match[1]).toBe('4242');
      expect(handle.tail(2, 'stdout')).toEqual(['warming up', 'port 4242']);
      expect(await handle.stop()).toBeNull(); // ended by SIGTERM
      expect(handle.running).toBe(false);
      expect(handle.child.signalCode).toBe('SIGTERM');
    });
  });

  describe('when it does not get ready in time', () => {
    it('kills it and quotes the end of its stderr', async () => {
      const handle = node(
        'slow',
        `console.error('loading'); console.error('still loading'); ${FOREVER}`,
      );
      // Long enough for a loaded machine to start node and write both lines (300 ms was not).
      await expect(handle.ready(/^ready$/, { timeoutMs: 3_000 })).rejects.toThrow(
        'slow was not ready after 3000 ms; its stderr ended:\nloading\nstill loading',
      );
      expect(handle.running).toBe(false);
    });
  });

  describe('when it exits before it is ready', () => {
    it('says how it ended', async () => {
      const handle = node('quitter', `console.error('no config'); process.exit(3);`);
      await expect(handle.ready(/^ready$/, { timeoutMs: 5_000 })).rejects.toThrow(
        'quitter exited before it was ready (3); its stderr ended:\nno config',
      );
      expect(await handle.exited).toBe(3);
    });
  });

  describe('when the command cannot be started', () => {
    it('says so', async () => {
      const handle = ProcessHandle.spawn({
        name: 'ghost',
        command: '/nonexistent/ghost',
        args: [],
      });
      await expect(handle.ready(/^ready$/, { timeoutMs: 5_000 })).rejects.toThrow(
        'ghost could not be started (spawn /nonexistent/ghost ENOENT)',
      );
      expect(await handle.exited).toBeNull();
      expect(await handle.stop()).toBeNull();
    });
  });

  describe('when it ignores SIGTERM', () => {
    it('sends SIGKILL after the grace period', async () => {
      const handle = node(
        'stubborn',
        `process.on('SIGTERM', () => {}); console.log('ready'); ${FOREVER}`,
      );
      await handle.ready(/^ready$/, { timeoutMs: 5_000 });
      await handle.stop({ graceMs: 200 });
      expect(handle.child.signalCode).toBe('SIGKILL');
    });
  });

  describe('when it was started through npx', () => {
    it.each(['stop', 'kill'] as const)(
      '%s ends the real process, not only npx',
      async (how) => {
        const handle = ProcessHandle.spawn({
          name: 'via npx',
          command: 'npx',
          args: ['tsx', '-e', `console.log('pid ' + process.pid); ${FOREVER}`],
        });
        started.push(handle);
        const match = await handle.ready(/^pid (\d+)$/, { timeoutMs: 20_000 });
        const pid = Number(match[1]);
        expect(pid).not.toBe(handle.pid);
        expect(isAlive(pid)).toBe(true);
        await (how === 'stop' ? handle.stop() : handle.kill());
        expect(isAlive(pid)).toBe(false);
      },
      30_000,
    );
  });
});

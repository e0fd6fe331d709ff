import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessHandle } from '../../kit/process-handle.ts';
import { CrashWatch } from '../../src/controller/crash-watch.ts';
import type { CrashEvidence } from '../../src/controller/crash-watch.ts';

const SERVER = fileURLToPath(new URL('./support/watch-server.mjs', import.meta.url));
const children: ProcessHandle[] = [];
const watches: CrashWatch[] = [];
afterEach(async () => {
  for (const watch of watches.splice(0)) watch.close();
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

/** A real process listening like an agent's port; it can be killed for real. */
async function startAgentPort(): Promise<{ child: ProcessHandle; address: string }> {
  const child = ProcessHandle.spawn({
    name: 'watch server',
    command: process.execPath,
    args: [SERVER],
  });
  children.push(child);
  const [, port] = await child.ready(/^(\d+)$/, { timeoutMs: 10_000 });
  return { child, address: `127.0.0.1:${port}` };
}

interface Watcher {
  watch: CrashWatch;
  crashes: CrashEvidence[];
  /** Resolves at the next crash reported. */
  nextCrash: () => Promise<CrashEvidence>;
  /** Resolves when the watch next has a stream open. */
  nextStream: () => Promise<void>;
}

function watcher(): Watcher {
  const crashes: CrashEvidence[] = [];
  let crashed: ((evidence: CrashEvidence) => void) | undefined;
  let opened: (() => void) | undefined;
  const watch = new CrashWatch({
    logger: pino({ level: 'silent' }),
    retryMs: 20,
    onCrash: (evidence) => {
      crashes.push(evidence);
      crashed?.(evidence);
    },
    onWatching: () => opened?.(),
  });
  watches.push(watch);
  return {
    watch,
    crashes,
    nextCrash: () => new Promise<CrashEvidence>((resolve) => (crashed = resolve)),
    nextStream: () => new Promise<void>((resolve) => (opened = resolve)),
  };
}

describe('CrashWatch', () => {
  describe('when the agent process is killed', () => {
    it('reports the crash once, after confirming the port is closed', async () => {
      const { child, address } = await startAgentPort();
      const { watch, crashes, nextCrash, nextStream } = watcher();
      const opened = nextStream();
      watch.watch('edge-1', address);
      await opened;
      const crash = nextCrash();
      child.signal('SIGKILL');
      const evidence = await crash;
      expect(evidence).toMatchObject({ node: 'edge-1', address });
      expect(evidence.confirmedAtMs).toBeGreaterThanOrEqual(evidence.droppedAtMs);
      expect(crashes).toHaveLength(1);
    });
  });

  describe('when the agent ends the stream but keeps listening', () => {
    it('does not report a crash, and watches again', async () => {
      const { child, address } = await startAgentPort();
      const { watch, crashes, nextCrash, nextStream } = watcher();
      const opened = nextStream();
      watch.watch('edge-2', address);
      await opened;
      const reopened = nextStream();
      await fetch(`http://${address}/close-streams`);
      await reopened;
      expect(crashes).toEqual([]);
      // The re-opened watch still catches the real crash that follows.
      const crash = nextCrash();
      child.signal('SIGKILL');
      expect((await crash).node).toBe('edge-2');
      expect(crashes).toHaveLength(1);
    });
  });
});

/**
 * CPU burners (`--burners N`): child processes that spin for the whole run, so that the
 * cluster's heartbeats, detection and inference compete for the CPU as on a busy edge node.
 * Each is tracked by the teardown, so an interrupted run leaves none spinning.
 */
import { ProcessHandle } from '../../kit/process-handle.ts';
import type { Teardown } from './teardown.ts';

export interface Burners {
  count: number;
  stop(): Promise<void>;
}

export function startBurners(count: number, teardown: Teardown): Burners {
  const handles = Array.from({ length: count }, (_, i) => {
    const handle = ProcessHandle.spawn({
      name: `cpu burner ${i + 1}`,
      command: process.execPath,
      args: ['-e', 'for (;;) {}'],
    });
    return { handle, forget: teardown.track(handle) };
  });
  return {
    count,
    stop: async () => {
      await Promise.all(handles.map(({ handle }) => handle.kill()));
      for (const { forget } of handles) forget();
    },
  };
}

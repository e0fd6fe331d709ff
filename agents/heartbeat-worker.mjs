// Entry of the heartbeat worker thread. Worker threads do not inherit the tsx loader the main
// thread registered, so register it here before importing the TypeScript body.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runHeartbeatThread } = await import('./heartbeat-thread.ts');
if (parentPort === null) throw new Error('heartbeat-worker.mjs must run as a worker thread');
await runHeartbeatThread(workerData, parentPort);

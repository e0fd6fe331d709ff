/**
 * One client loop per app, calling the planner's router back to back (`POST
 * /v1/apps/{id}/infer`) and logging every answer and transport error with its instant, until
 * stopped.
 */
import { floatInput, post } from '../../test/agents/support/http.ts';

const IMAGE = floatInput('image', [1, 3, 32, 32]);
/** A cap per client against a runaway loop; far above what a round sends. */
const MAX_REQUESTS_PER_CLIENT = 200_000;

/** Epoch ms with sub-ms precision. */
export const nowMs = () => performance.timeOrigin + performance.now();

export interface Answer {
  atMs: number;
  status: number;
  node?: string;
  variant?: string;
  role?: string;
  /** The problem code and detail of a non-200 answer. */
  code?: string;
  detail?: string;
}

export interface ClientLog {
  answers: Answer[];
  errors: Array<{ atMs: number; message: string }>;
}

export interface Clients {
  readonly logs: ReadonlyMap<string, ClientLog>;
  /** Stops every loop after its request in flight; resolves when all have ended. */
  stop(): Promise<void>;
}

export function startClients(options: {
  url: string;
  apps: readonly string[];
  deadlineMs: number;
}): Clients {
  const logs = new Map<string, ClientLog>(options.apps.map((app) => [app, emptyLog()]));
  let stopped = false;
  const loops = Promise.all(
    options.apps.map(async (app) => {
      const log = logs.get(app) as ClientLog;
      const url = `${options.url}/v1/apps/${app}/infer`;
      for (let i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
        if (stopped || Date.now() >= options.deadlineMs) return;
        try {
          const reply = await post(url, IMAGE);
          const body = reply.body as Omit<Answer, 'atMs' | 'status'> | undefined;
          log.answers.push({
            atMs: nowMs(),
            status: reply.status,
            node: body?.node,
            variant: body?.variant,
            role: body?.role,
            code: body?.code,
            detail: body?.detail,
          });
        } catch (error) {
          log.errors.push({ atMs: nowMs(), message: (error as Error).message });
        }
      }
    }),
  );
  return {
    logs,
    stop: async () => {
      stopped = true;
      await loops;
    },
  };
}

function emptyLog(): ClientLog {
  return { answers: [], errors: [] };
}

/** The first successful answer at or after `killedAtMs` from a node other than `killed`. */
export function firstRecovered(
  log: ClientLog,
  killedAtMs: number,
  killed: string,
): Answer | undefined {
  return log.answers.find(
    (a) => a.atMs >= killedAtMs && a.status === 200 && a.node !== undefined && a.node !== killed,
  );
}

/** Failed requests (non-200 answers and transport errors) completed at an instant `when` admits. */
export function failedCount(log: ClientLog, when: (atMs: number) => boolean): number {
  return (
    log.errors.filter((e) => when(e.atMs)).length +
    log.answers.filter((a) => a.status !== 200 && when(a.atMs)).length
  );
}

/** Every failure in time order: its instant and what came back. */
export function failuresOf(log: ClientLog): Array<{ atMs: number; what: string }> {
  return [
    ...log.errors.map((e) => ({ atMs: e.atMs, what: e.message })),
    ...log.answers
      .filter((a) => a.status !== 200)
      .map((a) => ({
        atMs: a.atMs,
        what: [a.status, a.code, a.detail].filter((x) => x !== undefined).join(' '),
      })),
  ].sort((x, y) => x.atMs - y.atMs);
}

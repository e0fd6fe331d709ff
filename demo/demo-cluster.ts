/**
 * The demo's processes: the planner (`understudy serve`) and one agent per node, each a child
 * process with its log in `<root>/logs`, its model directory in `<root>/nodes/<id>`. A node
 * brought back after a crash is a new agent process with the same node id and directory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessHandle } from '../kit/process-handle.ts';
import { UnderstudyProcess } from '../kit/understudy-process.ts';
import type { UnderstudyProcessOptions } from '../kit/understudy-process.ts';
import type { ChildRegistry } from './child-registry.ts';
import type { DemoNode } from './demo-cluster-spec.ts';

export interface DemoClusterOptions {
  redisUrl: string;
  prefix: string;
  /** Passed to `serve --hold-down`, in ms. */
  holdDownMs: number;
  /** The demo's temporary directory. */
  root: string;
  children: ChildRegistry;
  /** How long a process may take to be ready, in ms. Default 30 000. */
  readyTimeoutMs?: number;
}

/** A process the demo started, for the `--json` report and the check that none is left. */
export interface StartedProcess {
  name: string;
  pid: number;
}

export class DemoCluster {
  readonly logDir: string;
  readonly started: StartedProcess[] = [];
  /** Every child spawned, ready or not, so that `stop` also ends those still starting. */
  private readonly spawned: Array<{ name: string; handle: ProcessHandle }> = [];
  private readonly agents = new Map<string, UnderstudyProcess>();

  constructor(private readonly options: DemoClusterOptions) {
    this.logDir = join(options.root, 'logs');
  }

  async startPlanner(): Promise<UnderstudyProcess> {
    const { redisUrl, prefix, holdDownMs } = this.options;
    return UnderstudyProcess.serve({
      ...(await this.childOptions('planner')),
      redisUrl,
      prefix,
      args: ['--host', '127.0.0.1', '--hold-down', String(holdDownMs), '--log-level', 'info'],
    });
  }

  async startAgent(node: DemoNode): Promise<UnderstudyProcess> {
    const { redisUrl, prefix, root } = this.options;
    const modelDir = join(root, 'nodes', node.id);
    await mkdir(modelDir, { recursive: true });
    const agent = await UnderstudyProcess.agent({
      ...(await this.childOptions(node.id)),
      nodeId: node.id,
      memoryMiB: node.memoryMiB,
      modelDir,
      redisUrl,
      prefix,
      args: ['--log-level', 'info'],
    });
    this.agents.set(node.id, agent);
    return agent;
  }

  agent(nodeId: string): UnderstudyProcess | undefined {
    return this.agents.get(nodeId);
  }

  /** Stops the agents (in parallel), then the planner; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    const stop = (which: (name: string) => boolean) =>
      Promise.all(
        this.spawned
          .filter(({ name }) => which(name))
          .map(({ handle }) => handle.stop({ graceMs: timeoutMs })),
      );
    await stop((name) => name !== 'planner');
    await stop((name) => name === 'planner');
  }

  /**
   * How the demo starts a child: its own process group (a Ctrl-C reaches only the demo, which
   * stops the children in order), its output in a log file, known to the registry at once.
   */
  private async childOptions(name: string): Promise<UnderstudyProcessOptions> {
    await mkdir(this.logDir, { recursive: true });
    const suffix = this.started.some((p) => p.name === name) ? '.restart' : '';
    return {
      name,
      detached: true,
      logFile: join(this.logDir, `${name}${suffix}.log`),
      readyTimeoutMs: this.options.readyTimeoutMs ?? 30_000,
      env: childEnv(),
      onSpawn: (handle) => {
        this.options.children.add(handle);
        this.spawned.push({ name, handle });
        if (handle.pid !== undefined) this.started.push({ name, pid: handle.pid });
      },
    };
  }
}

/**
 * This process's environment without an API token: the planner listens on loopback only, and
 * a token set for some other planner would lock the demo out of its own.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UNDERSTUDY_API_TOKEN;
  return env;
}

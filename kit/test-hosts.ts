/**
 * Hosts for real: network namespaces joined to one bridge of the root namespace, so that a
 * test can run Redis, the planner and agents as separate machines and cut, drop, lose or
 * power off one of them. Needs root, iproute2 and iptables; `TestHosts.unavailable()` says
 * why it cannot run here.
 *
 * A set owns the subnet 10.231.N.0/24: the bridge is 10.231.N.1, host k is 10.231.N.(k+1)
 * with its default route via the bridge, so a host reaches the other hosts and whatever
 * listens on the bridge address in the root namespace. N is a free one picked at random and
 * checked again once the bridge holds it, so test files running in parallel do not clash.
 * Faults are iptables rules inside a host and the state of its veth end in the root
 * namespace; `destroy()` undoes everything the set made.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { ProcessHandle } from './process-handle.ts';
import type { ProcessHandleOptions } from './process-handle.ts';
import type { AgentOptions } from './understudy-process.ts';
import { waitUntil } from './wait-until.ts';

const execFileAsync = promisify(execFile);

/** Longest an `ip`, `iptables` or `tc` call may take, in ms. */
const COMMAND_TIMEOUT_MS = 10_000;
/** Longest wait for a host's processes to be gone after SIGKILL, in ms. */
const KILL_TIMEOUT_MS = 5_000;
/** Subnets tried before giving up on finding a free one. */
const SUBNET_ATTEMPTS = 8;
/** The host's end of its veth pair, inside its namespace. */
const HOST_LINK = 'eth0';
const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/i;

/** A command that failed: the message names it and quotes its stderr. */
export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    cause: unknown,
  ) {
    super(`\`${command}\` failed: ${stderr.trim() || (cause as Error).message}`, { cause });
    this.name = 'CommandFailed';
  }
}

/** Runs a command to its end and resolves with its stdout; rejects with `CommandFailed`. */
async function run(file: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(file, args, { timeout: COMMAND_TIMEOUT_MS });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: unknown };
    const text = typeof stderr === 'string' ? stderr : '';
    throw new CommandFailed([file, ...args].join(' '), text, error);
  }
}

/** `iptables` in a namespace (undefined: the root one); `-w` waits for the xtables lock. */
function iptables(namespace: string | undefined, args: readonly string[]): Promise<string> {
  const command = ['iptables', '-w', ...args];
  return namespace === undefined
    ? run('iptables', command.slice(1))
    : run('ip', ['netns', 'exec', namespace, ...command]);
}

/** Inserts a rule at the top of its chain; `rule` is a chain followed by the rule's spec. */
async function insertRule(namespace: string | undefined, rule: readonly string[]): Promise<void> {
  await iptables(namespace, ['-I', ...rule]);
}

/** Deletes a rule if it is there. */
async function deleteRule(namespace: string | undefined, rule: readonly string[]): Promise<void> {
  const present = await iptables(namespace, ['-C', ...rule]).then(
    () => true,
    () => false,
  );
  if (present) await iptables(namespace, ['-D', ...rule]);
}

async function namespaceExists(namespace: string): Promise<boolean> {
  const list = await run('ip', ['netns', 'list']);
  return list.split('\n').some((line) => line.split(' ')[0] === namespace);
}

async function linkExists(link: string): Promise<boolean> {
  return run('ip', ['-o', 'link', 'show', 'dev', link]).then(
    () => true,
    () => false,
  );
}

/** The reason `tc ... netem` failed, for a caller that wanted a delay. */
function netemReason(error: unknown): string {
  if ((error as { cause?: { code?: unknown } }).cause?.code === 'ENOENT') {
    return 'delay is unavailable: tc (iproute2) is not installed';
  }
  const stderr = error instanceof CommandFailed ? error.stderr : '';
  if (stderr.includes('qdisc kind is unknown')) {
    const says = 'tc says "Specified qdisc kind is unknown"';
    return `delay is unavailable: the kernel has no netem qdisc (sch_netem is missing; ${says})`;
  }
  return `delay is unavailable: ${(error as Error).message}`;
}

/** Runs `use` with a namespace of its own, deleted afterwards. */
async function withProbeNamespace<T>(use: (namespace: string) => Promise<T>): Promise<T> {
  const namespace = `ut-probe-${randomBytes(3).toString('hex')}`;
  await run('ip', ['netns', 'add', namespace]);
  try {
    return await use(namespace);
  } finally {
    await run('ip', ['netns', 'del', namespace]);
  }
}

/** Tries a netem qdisc on the namespace's loopback; the reason it failed, or undefined. */
async function netemUnavailable(namespace: string): Promise<string | undefined> {
  const qdisc = ['-n', namespace, 'qdisc'];
  try {
    await run('tc', [...qdisc, 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
  } catch (error) {
    return netemReason(error);
  }
  await run('tc', [...qdisc, 'del', 'dev', 'lo', 'root']);
  return undefined;
}

export interface TestHostsOptions {
  /** What messages call the set, e.g. the subject of the test file. */
  name: string;
  /** N of the subnet 10.231.N.0/24, 1 to 254; default a free one picked at random. */
  subnetIndex?: number;
}

export interface DropOptions {
  /** Which packets are dropped: to the host, from it, or both. Default both. */
  direction?: 'both' | 'in' | 'out';
  /** Only packets from or to this address; default all that cross the host's link. */
  peer?: string;
}

export class TestHosts {
  readonly hosts: TestHost[] = [];
  /** Addresses `addRootAddress` gave the bridge so far. */
  private extraAddresses = 0;

  private constructor(
    readonly name: string,
    /** The bridge in the root namespace. */
    readonly bridge: string,
    /** The bridge's address, 10.231.N.1: the hosts' gateway and how they reach the root. */
    readonly address: string,
    /** Names of this set's links and namespaces begin with it. */
    private readonly tag: string,
  ) {}

  /**
   * Why hosts cannot be made here (not root, `ip` or `iptables` missing, a namespace cannot
   * be made), or undefined when they can. For `describe.skipIf`.
   */
  static async unavailable(): Promise<string | undefined> {
    if (process.getuid?.() !== 0) return 'test hosts need root (network namespaces, iptables)';
    for (const file of ['ip', 'iptables']) {
      const missing = await run(file, ['-V']).then(
        () => undefined,
        (error: unknown) => `test hosts need ${file}: ${(error as Error).message}`,
      );
      if (missing !== undefined) return missing;
    }
    return withProbeNamespace(async (namespace) => {
      await run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
      await iptables(namespace, ['-S']);
      return undefined;
    }).catch((error: unknown) => `test hosts cannot be made: ${(error as Error).message}`);
  }

  /** Why `TestHost.delay` cannot work here (no `tc`, no netem), or undefined when it can. */
  static async delayUnavailable(): Promise<string | undefined> {
    const hostsUnavailable = await TestHosts.unavailable();
    if (hostsUnavailable !== undefined) return `delay is unavailable: ${hostsUnavailable}`;
    return withProbeNamespace(netemUnavailable);
  }

  /** Makes the bridge with its address and lets its traffic through the root's iptables. */
  static async create(options: TestHostsOptions): Promise<TestHosts> {
    const tag = `ut${randomBytes(3).toString('hex')}`;
    const bridge = `${tag}br`;
    // A MAC address of its own: a bridge otherwise takes its ports' lowest one, which changes
    // as hosts join and leaves the hosts' ARP entries for the gateway stale.
    const mac = `02:${randomBytes(5)
      .toString('hex')
      .replace(/(..)(?!$)/g, '$1:')}`;
    await run('ip', ['link', 'add', bridge, 'address', mac, 'type', 'bridge']);
    try {
      const index = await claimSubnet(bridge, options.subnetIndex);
      for (const rule of rootRules(bridge)) await insertRule(undefined, rule);
      await run('ip', ['link', 'set', bridge, 'up']);
      return new TestHosts(options.name, bridge, `10.231.${index}.1`, tag);
    } catch (error) {
      await removeBridge(bridge).catch(() => undefined);
      throw error;
    }
  }

  /** Makes a host: a namespace on the bridge, lo up, the next address, routed via the bridge. */
  async addHost(name: string): Promise<TestHost> {
    if (!HOST_NAME.test(name)) {
      throw new Error(`host name ${JSON.stringify(name)} must match ${HOST_NAME}`);
    }
    if (this.hosts.some((host) => host.name === name)) {
      throw new Error(`${this.name} has a host ${name} already`);
    }
    const number = this.hosts.length + 1;
    if (number > 253 - this.extraAddresses) {
      throw new Error(`${this.name} has no address left for ${name}`);
    }
    const prefix = this.address.slice(0, this.address.lastIndexOf('.'));
    const host = new TestHost({
      name,
      namespace: `${this.tag}-${name}`,
      link: `${this.tag}v${number}`,
      address: `${prefix}.${number + 1}`,
      gateway: this.address,
    });
    this.hosts.push(host); // before it exists, so that `destroy` removes a half-made one
    const ns = ['-n', host.namespace];
    await run('ip', ['netns', 'add', host.namespace]);
    const peer = ['peer', 'name', HOST_LINK, 'netns', host.namespace];
    await run('ip', ['link', 'add', host.link, 'type', 'veth', ...peer]);
    await run('ip', ['link', 'set', host.link, 'master', this.bridge, 'up']);
    await run('ip', [...ns, 'link', 'set', 'lo', 'up']);
    await run('ip', [...ns, 'addr', 'add', `${host.address}/24`, 'dev', HOST_LINK]);
    await run('ip', [...ns, 'link', 'set', HOST_LINK, 'up']);
    await run('ip', [...ns, 'route', 'add', 'default', 'via', this.address]);
    return host;
  }

  /**
   * Gives the bridge one more address of the set's subnet (10.231.N.254, then down) and
   * resolves with it: for a client in the root namespace that must not share `address` with
   * the planner and Redis, so that `drop({ peer: address })` cuts those and spares it (it
   * binds the address as its local one). Gone with the bridge on `destroy()`.
   */
  async addRootAddress(): Promise<string> {
    const prefix = this.address.slice(0, this.address.lastIndexOf('.'));
    const number = 254 - this.extraAddresses;
    if (number <= this.hosts.length + 1) throw new Error(`${this.name} has no address left`);
    const address = `${prefix}.${number}`;
    await run('ip', ['addr', 'add', `${address}/24`, 'dev', this.bridge]);
    this.extraAddresses += 1;
    return address;
  }

  /**
   * Kills every process of every host and removes the hosts, the bridge and the root's rules.
   * Idempotent: what is gone already is skipped, so it is safe in `afterAll`.
   */
  async destroy(): Promise<void> {
    const failures: unknown[] = [];
    // Every step is tried, so that one host that will not die leaves nothing else behind.
    const steps = this.hosts.map((host) => () => host.destroy());
    steps.push(() => removeBridge(this.bridge));
    for (const step of steps) await step().catch((error: unknown) => failures.push(error));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${this.name}: destroy failed`);
  }
}

/** Removes a bridge and the root's rules for it; what is gone already is skipped. */
async function removeBridge(bridge: string): Promise<void> {
  for (const rule of rootRules(bridge)) await deleteRule(undefined, rule);
  if (await linkExists(bridge)) await run('ip', ['link', 'del', bridge]);
}

/**
 * The root namespace's rules that let a bridge's traffic through, whatever the policy: between
 * hosts (bridged frames pass FORWARD when br_netfilter is loaded) and to the root's services.
 */
function rootRules(bridge: string): string[][] {
  return [
    ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'],
    ['INPUT', '-i', bridge, '-j', 'ACCEPT'],
  ];
}

/**
 * Gives the bridge the address of a subnet no other interface uses. Two sets that picked
 * the same one at the same moment both see the clash once their bridges hold it, and both
 * try again elsewhere.
 */
async function claimSubnet(bridge: string, wanted: number | undefined): Promise<number> {
  for (let attempt = 0; attempt < SUBNET_ATTEMPTS; attempt += 1) {
    const index = wanted ?? randomInt(1, 255);
    if (!(await subnetUsers(index)).length) {
      const address = `10.231.${index}.1/24`;
      await run('ip', ['addr', 'add', address, 'dev', bridge]);
      const others = (await subnetUsers(index)).filter((link) => link !== bridge);
      if (!others.length) return index;
      await run('ip', ['addr', 'del', address, 'dev', bridge]);
    }
    if (wanted !== undefined) throw new Error(`subnet 10.231.${wanted}.0/24 is in use`);
  }
  throw new Error(`no free subnet 10.231.N.0/24 after ${SUBNET_ATTEMPTS} tries`);
}

/** The root namespace's links with an address in 10.231.`index`.0/24. */
async function subnetUsers(index: number): Promise<string[]> {
  const lines = (await run('ip', ['-4', '-o', 'addr', 'show'])).split('\n');
  const inSubnet = lines.filter((line) => line.includes(` inet 10.231.${index}.`));
  return inSubnet.map((line) => line.split(/\s+/)[1] ?? '');
}

interface TestHostInit {
  name: string;
  namespace: string;
  link: string;
  address: string;
  gateway: string;
}

/** One host of a `TestHosts` set; every fault it can suffer is undone by its `un…` twin. */
export class TestHost {
  readonly name: string;
  /** The network namespace it is. */
  readonly namespace: string;
  /** Its veth end in the root namespace, a port of the bridge. */
  readonly link: string;
  /** Its address, 10.231.N.(k+1). */
  readonly address: string;
  /** The bridge's address, where the root namespace's services listen. */
  readonly gateway: string;
  private drops: string[][] = [];
  private losses: string[][] = [];

  constructor(init: TestHostInit) {
    this.name = init.name;
    this.namespace = init.namespace;
    this.link = init.link;
    this.address = init.address;
    this.gateway = init.gateway;
  }

  /**
   * The prefix that runs a command inside the host, for `ProcessHandle` and
   * `UnderstudyProcess`. `ip netns exec` execs the command, so a spawned process's pid and
   * signals are the command's own.
   */
  get launcher(): string[] {
    return ['ip', 'netns', 'exec', this.namespace];
  }

  /** Runs a command inside the host to its end; rejects with `CommandFailed`. */
  run(command: string, args: readonly string[] = []): Promise<string> {
    return run('ip', ['netns', 'exec', this.namespace, command, ...args]);
  }

  /** Spawns a long-running process inside the host. */
  spawn(options: Omit<ProcessHandleOptions, 'launcher'>): ProcessHandle {
    return ProcessHandle.spawn({ ...options, launcher: this.launcher });
  }

  /**
   * What `UnderstudyProcess.agent` needs to run an agent on this host: it listens on the
   * host's address (not 0.0.0.0, so that its logged URL is one the root can reach), and
   * registers that address.
   */
  agentOptions(): Required<Pick<AgentOptions, 'launcher' | 'listen'>> {
    return { launcher: this.launcher, listen: `${this.address}:0` };
  }

  /** The pids of every process inside the host. */
  async pids(): Promise<number[]> {
    const output = await run('ip', ['netns', 'pids', this.namespace]);
    return output.split('\n').filter(Boolean).map(Number);
  }

  /**
   * Takes the link down at the root's end: the host keeps its address and routes, and what
   * it or anyone sends across is lost, so connections time out rather than being refused.
   */
  async linkDown(): Promise<void> {
    await run('ip', ['link', 'set', this.link, 'down']);
  }

  async linkUp(): Promise<void> {
    await run('ip', ['link', 'set', this.link, 'up']);
  }

  /** Silently drops packets crossing the link (no RST, no ICMP), until `undrop()`. */
  async drop(options: DropOptions = {}): Promise<void> {
    const { direction = 'both', peer } = options;
    const rules: string[][] = [];
    if (direction !== 'out') {
      rules.push(['INPUT', '-i', HOST_LINK, ...(peer ? ['-s', peer] : []), '-j', 'DROP']);
    }
    if (direction !== 'in') {
      rules.push(['OUTPUT', '-o', HOST_LINK, ...(peer ? ['-d', peer] : []), '-j', 'DROP']);
    }
    for (const rule of rules) {
      await insertRule(this.namespace, rule);
      this.drops.push(rule);
    }
  }

  /** Removes every rule `drop` added. */
  async undrop(): Promise<void> {
    for (const rule of this.drops.splice(0)) await deleteRule(this.namespace, rule);
  }

  /** Drops each packet crossing the link, either way, with `probability` (0 to 1). */
  async lose(probability: number): Promise<void> {
    if (!(probability > 0 && probability <= 1)) {
      throw new RangeError(`loss probability ${probability} is not in (0, 1]`);
    }
    const random = ['-m', 'statistic', '--mode', 'random', '--probability', String(probability)];
    for (const rule of [
      ['INPUT', '-i', HOST_LINK, ...random, '-j', 'DROP'],
      ['OUTPUT', '-o', HOST_LINK, ...random, '-j', 'DROP'],
    ]) {
      await insertRule(this.namespace, rule);
      this.losses.push(rule);
    }
  }

  /** Removes every rule `lose` added. */
  async unlose(): Promise<void> {
    for (const rule of this.losses.splice(0)) await deleteRule(this.namespace, rule);
  }

  /** Why `delay` cannot work on this host, or undefined when it can. */
  delayUnavailable(): Promise<string | undefined> {
    return netemUnavailable(this.namespace);
  }

  /** Delays every packet the host sends by `ms` (netem); throws saying why when netem is missing. */
  async delay(ms: number): Promise<void> {
    const args = ['-n', this.namespace, 'qdisc', 'replace', 'dev', HOST_LINK, 'root'];
    try {
      await run('tc', [...args, 'netem', 'delay', `${ms}ms`]);
    } catch (error) {
      throw new Error(`${this.name}: ${netemReason(error)}`, { cause: error });
    }
  }

  async undelay(): Promise<void> {
    const args = ['-n', this.namespace, 'qdisc', 'del', 'dev', HOST_LINK, 'root'];
    await run('tc', args).catch(() => undefined); // no qdisc of ours: nothing to undo
  }

  /**
   * As if the host lost power: its link goes down, then every process inside is killed with
   * SIGKILL, so no FIN or RST reaches a peer. `linkUp()` brings the network back (sockets the
   * kernel still holds may then retransmit their FIN); the processes stay dead.
   */
  async powerCut(): Promise<void> {
    const pids = await this.pids();
    await this.linkDown();
    killAll(pids);
    await this.killEverything();
  }

  /** Kills its processes and removes its link and namespace; idempotent. */
  async destroy(): Promise<void> {
    if (await namespaceExists(this.namespace)) await this.killEverything();
    if (await linkExists(this.link)) await run('ip', ['link', 'del', this.link]);
    if (await namespaceExists(this.namespace)) {
      await run('ip', ['netns', 'del', this.namespace]);
    }
    this.drops = [];
    this.losses = [];
  }

  /** SIGKILLs what runs inside (again, for what forked meanwhile) until nothing does. */
  private async killEverything(): Promise<void> {
    await waitUntil(
      `${this.name}'s processes gone`,
      async () => {
        const pids = await this.pids();
        killAll(pids);
        return pids.length === 0 || undefined;
      },
      { timeoutMs: KILL_TIMEOUT_MS },
    );
  }
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ESRCH: gone already
    }
  }
}

/**
 * The faults the MTTR benchmark injects into edge-a, each with the restore that undoes it. A
 * crash closes connections (the kernel resets them); a silent loss closes none, so only the
 * missing heartbeats tell; a partition cuts the planner and Redis off the node while its
 * clients still reach it, and must cause no failover; `none` injects nothing, a window in which
 * any failover is a false one (with `--burners` or `--loss`).
 */
import type { TestHost } from '../../kit/test-hosts.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';

export const FAULTS = ['kill', 'stop', 'drop', 'link', 'power', 'partition', 'none'] as const;
export type FaultName = (typeof FAULTS)[number];

/** How a fault is judged: which targets apply to it. */
export type FaultClass = 'crash' | 'silent' | 'partition' | 'none';

/** What a fault acts on: the faulted node's agent and, on test hosts, its host. */
export interface FaultTarget {
  /** The node's agent as it is now (a restore may have started another). */
  agent(): AgentProcess;
  /** Its host; undefined on loopback. */
  host: TestHost | undefined;
  /** Where the planner and Redis listen (the bridge's address); undefined on loopback. */
  plannerAddress: string | undefined;
  /** Starts the node's agent again, after a kill or a power cut; resolves once it listens. */
  restartAgent(): Promise<void>;
}

export interface Fault {
  name: FaultName;
  class: FaultClass;
  /** It needs the agent on a host of its own (a network namespace). */
  needsHost: boolean;
  /** A failover is the right answer to it. */
  expectsFailover: boolean;
  /** Clients call the agent itself, not the router: the planner is what the fault cuts off. */
  clientsCallAgent: boolean;
  /** One line for the table and the JSON. */
  description: string;
  inject(target: FaultTarget): Promise<void>;
  restore(target: FaultTarget): Promise<void>;
}

const needHost = (target: FaultTarget): TestHost => {
  if (target.host === undefined) throw new Error('this fault needs the agent on a test host');
  return target.host;
};

const needPlannerAddress = (target: FaultTarget): string => {
  if (target.plannerAddress === undefined) throw new Error('a partition needs test hosts');
  return target.plannerAddress;
};

export const FAULT_CATALOG: Record<FaultName, Fault> = {
  kill: {
    name: 'kill',
    class: 'crash',
    needsHost: false,
    expectsFailover: true,
    clientsCallAgent: false,
    description: "SIGKILL of edge-a's agent (its connections are reset); restarted after",
    inject: async (target) => target.agent().signal('SIGKILL'),
    restore: (target) => target.restartAgent(),
  },
  stop: {
    name: 'stop',
    class: 'silent',
    needsHost: true,
    expectsFailover: true,
    clientsCallAgent: false,
    description: "SIGSTOP of edge-a's agent (connections stay open); SIGCONT after",
    inject: async (target) => target.agent().signal('SIGSTOP'),
    restore: async (target) => target.agent().signal('SIGCONT'),
  },
  drop: {
    name: 'drop',
    class: 'silent',
    needsHost: true,
    expectsFailover: true,
    clientsCallAgent: false,
    description: "iptables DROP both ways on edge-a's host; undropped after",
    inject: (target) => needHost(target).drop(),
    restore: (target) => needHost(target).undrop(),
  },
  link: {
    name: 'link',
    class: 'silent',
    needsHost: true,
    expectsFailover: true,
    clientsCallAgent: false,
    description: "edge-a's host link down; up after",
    inject: (target) => needHost(target).linkDown(),
    restore: (target) => needHost(target).linkUp(),
  },
  power: {
    name: 'power',
    class: 'silent',
    needsHost: true,
    expectsFailover: true,
    clientsCallAgent: false,
    description:
      "power cut of edge-a's host (link down, every process SIGKILLed); link up and agent restarted after",
    inject: (target) => needHost(target).powerCut(),
    restore: async (target) => {
      await needHost(target).linkUp();
      await target.restartAgent();
    },
  },
  partition: {
    name: 'partition',
    class: 'partition',
    needsHost: true,
    expectsFailover: false,
    clientsCallAgent: true,
    description:
      "edge-a's host drops what it exchanges with the planner's and Redis' address; clients " +
      'call its agent directly from another address; undropped after',
    inject: (target) => needHost(target).drop({ peer: needPlannerAddress(target) }),
    restore: (target) => needHost(target).undrop(),
  },
  none: {
    name: 'none',
    class: 'none',
    needsHost: false,
    expectsFailover: false,
    clientsCallAgent: false,
    description: 'nothing injected: a window in which any failover is a false one',
    inject: async () => undefined,
    restore: async () => undefined,
  },
};

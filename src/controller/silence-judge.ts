/**
 * The fast path for silent nodes (stopped, cut off, powered down — nothing closes a
 * connection): judges each node by its direct heartbeats with a φ accrual detector and
 * corroborates before anything is declared. Once a node's silence is unlikely (φ ≥
 * `probePhi`) a probe round starts: the leader's own `GET /healthz` and indirect probes by up
 * to `peers` other agents that are beating fine (`POST /v1/probe`, as SWIM does). Once the
 * silence is very unlikely (φ ≥ `failPhi`) and the round is back:
 * - a probe was refused (the port is closed): the process is gone — `failed`;
 * - a probe reached it: the planner is cut off from a node that still serves — `suspected`,
 *   and no failover;
 * - the leader's probe and at least one peer's found it unreachable: `failed`;
 * - no peer answered (or there is none): `suspected`, and the heartbeats in Redis decide (the
 *   slow path), so a planner cut off from every node fails none of them on its own.
 * Every verdict carries its evidence. Pure of Redis: the controller feeds the beats and acts.
 */
import { Agent, request } from 'node:http';
import type { components } from '../../openapi/types.ts';
import { splitAddress } from '../../core/address.ts';
import { probeHealth } from '../../core/health-probe.ts';
import { PhiAccrual } from './phi-accrual.ts';
import type { PhiAccrualOptions, PhiReading } from './phi-accrual.ts';

type DetectionEvidence = components['schemas']['DetectionEvidence'];
type ProbeEvidence = components['schemas']['ProbeEvidence'];

/** Thresholds and timing of {@link SilenceJudge}; durations in ms. */
export interface SilenceJudgeOptions {
  /** φ from which a probe round starts. Default 3. */
  probePhi?: number;
  /** φ from which a verdict is given, once the round is back. Default 8. */
  failPhi?: number;
  /** How long each probe may take. Default 60. */
  probeTimeoutMs?: number;
  /** How many other agents are asked to probe. Default 2. */
  peers?: number;
  /** Pause before a node still silent is probed again. Default 250. */
  reprobeMs?: number;
  detector?: PhiAccrualOptions;
  /** Sends one indirect probe through `peer`; default `POST /v1/probe` on its agent. */
  probeVia?: (
    peerAddress: string,
    targetAddress: string,
    timeoutMs: number,
  ) => Promise<ProbeOutcome>;
}

type ProbeOutcome = Pick<ProbeEvidence, 'result' | 'elapsedMs' | 'attempts'>;
type ProbeVia = (
  peerAddress: string,
  targetAddress: string,
  timeoutMs: number,
) => Promise<ProbeOutcome>;

/** How long past its probe's time a peer's own answer may take, in ms. */
const PEER_ANSWER_MARGIN_MS = 100;

/** A node as the judge needs it: where its agent listens and whether it may be judged now. */
export interface JudgedNode {
  id: string;
  address: string | undefined;
  /** Only `up` and `suspect` nodes are judged; the others are left to the controller. */
  status: 'up' | 'suspect' | 'down' | 'draining';
}

export type SilenceVerdict =
  | { kind: 'failed'; cause: 'process-exited' | 'heartbeat-timeout'; evidence: DetectionEvidence }
  | { kind: 'suspected'; evidence: DetectionEvidence }
  | { kind: 'beating' }
  | { kind: 'unknown' };

interface Round {
  startedMs: number;
  /** Filled in once every probe is back. */
  probes: ProbeEvidence[] | undefined;
}

/** One silence of one node: since its last heartbeat, the probe rounds about it. */
interface Silence {
  sinceMs: number;
  round: Round | undefined;
  /** The latest round back reached the node (kept while a newer one is out). */
  vouched: boolean;
}

export class SilenceJudge {
  private readonly options: Required<Omit<SilenceJudgeOptions, 'detector'>> &
    Pick<SilenceJudgeOptions, 'detector'>;
  private readonly detectors = new Map<string, PhiAccrual>();
  private readonly silences = new Map<string, Silence>();
  private readonly pool = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(options: SilenceJudgeOptions = {}) {
    this.options = {
      probePhi: 3,
      failPhi: 8,
      probeTimeoutMs: 60,
      peers: 2,
      reprobeMs: 250,
      probeVia: probeThroughAgent(this.pool),
      ...options,
    };
  }

  /** Closes the connections kept to peers. */
  close(): void {
    this.pool.destroy();
  }

  /** A direct heartbeat of `node` arrived at `atMs`. */
  heartbeat(node: string, atMs: number): void {
    let detector = this.detectors.get(node);
    if (detector === undefined) {
      detector = new PhiAccrual(this.options.detector);
      this.detectors.set(node, detector);
    }
    detector.heartbeat(atMs);
  }

  /** The node's direct heartbeats right now; undefined until enough have arrived. */
  reading(node: string, nowMs: number): PhiReading | undefined {
    return this.detectors.get(node)?.read(nowMs);
  }

  /**
   * How far the heartbeats in Redis may judge `node`: `all` when its direct heartbeats are not
   * heard at all; `none` while they have the say (they arrive fine, a probe round is out, or
   * the latest round reached the node); `fail` once its silence stands and no probe could
   * decide — then a dead verdict in Redis fails it (the slow path).
   */
  redisRole(node: string, nowMs: number): 'all' | 'none' | 'fail' {
    const reading = this.reading(node, nowMs);
    if (reading === undefined) return 'all';
    if (reading.phi < this.options.probePhi) return 'none';
    const silence = this.silences.get(node);
    if (silence?.vouched === true) return 'none';
    return silence?.round?.probes === undefined ? 'none' : 'fail';
  }

  /** Forgets a node (deleted, or declared failed: its next beats start a fresh history). */
  forget(node: string): void {
    this.detectors.delete(node);
    this.silences.delete(node);
  }

  /**
   * Judges `node` at `nowMs` against the other `nodes`. Starts a probe round when its
   * silence calls for one; `unknown` while one is out or no verdict can be given.
   */
  judge(node: JudgedNode, nodes: readonly JudgedNode[], nowMs: number): SilenceVerdict {
    const reading = this.reading(node.id, nowMs);
    if (reading === undefined) return { kind: 'unknown' };
    if (reading.phi < this.options.probePhi) {
      this.silences.delete(node.id);
      return { kind: 'beating' };
    }
    const sinceMs = nowMs - reading.silentMs;
    let silence = this.silences.get(node.id);
    // Rounds about an earlier silence say nothing about this one.
    if (silence === undefined || silence.sinceMs !== sinceMs) {
      silence = { sinceMs, round: undefined, vouched: false };
      this.silences.set(node.id, silence);
    }
    const round = silence.round;
    if (round === undefined) {
      this.startRound(node, nodes, silence, nowMs);
      return { kind: 'unknown' };
    }
    if (round.probes === undefined || reading.phi < this.options.failPhi)
      return { kind: 'unknown' };
    const verdict = verdictOf(round.probes, {
      phi: round3(reading.phi),
      silentMs: round3(reading.silentMs),
      meanIntervalMs: round3(reading.meanIntervalMs),
      stdDevMs: round3(reading.stdDevMs),
      probes: round.probes,
    });
    // No failure yet: probe again now and then, so a node that dies while it is cut off from
    // the planner (or whose peers did not answer) is still seen.
    if (verdict.kind !== 'failed' && nowMs - round.startedMs >= this.options.reprobeMs)
      this.startRound(node, nodes, silence, nowMs);
    return verdict;
  }

  private startRound(
    node: JudgedNode,
    nodes: readonly JudgedNode[],
    silence: Silence,
    nowMs: number,
  ): void {
    const round: Round = { startedMs: nowMs, probes: undefined };
    silence.round = round;
    const target = node.address;
    if (target === undefined) {
      round.probes = [];
      return;
    }
    const { probeTimeoutMs } = this.options;
    const own = probeHealth(target, probeTimeoutMs).then((outcome) => ({
      via: 'planner',
      ...outcome,
    }));
    const indirect = this.peersFor(node.id, nodes, nowMs).map(async (peer) => ({
      via: peer.id,
      ...(await this.options.probeVia(peer.address ?? '', target, probeTimeoutMs)),
    }));
    void Promise.all([own, ...indirect]).then((probes) => {
      if (silence.round !== round) return;
      round.probes = probes.map((probe) => ({ ...probe, elapsedMs: round3(probe.elapsedMs) }));
      silence.vouched = probes.some((probe) => probe.result === 'reachable');
    });
  }

  /** Up to `peers` other nodes that are up, have an address and beat fine, at random. */
  private peersFor(nodeId: string, nodes: readonly JudgedNode[], nowMs: number): JudgedNode[] {
    const fine = nodes.filter((other) => {
      if (other.id === nodeId || other.address === undefined || other.status !== 'up') return false;
      const reading = this.reading(other.id, nowMs);
      return reading !== undefined && reading.phi < this.options.probePhi;
    });
    for (let i = fine.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [fine[i], fine[j]] = [fine[j] as JudgedNode, fine[i] as JudgedNode];
    }
    return fine.slice(0, this.options.peers);
  }
}

function verdictOf(probes: readonly ProbeEvidence[], evidence: DetectionEvidence): SilenceVerdict {
  if (probes.some((probe) => probe.result === 'refused'))
    return { kind: 'failed', cause: 'process-exited', evidence };
  if (probes.some((probe) => probe.result === 'reachable')) return { kind: 'suspected', evidence };
  const own = probes.find((probe) => probe.via === 'planner');
  const peerSaysUnreachable = probes.some(
    (probe) => probe.via !== 'planner' && probe.result === 'unreachable',
  );
  if (own?.result === 'unreachable' && peerSaysUnreachable)
    return { kind: 'failed', cause: 'heartbeat-timeout', evidence };
  // No peer could say: suspected, and the heartbeats in Redis decide (see `redisRole`).
  return { kind: 'suspected', evidence };
}

/**
 * `POST /v1/probe` on the peer's agent over kept-alive connections (node:http: no fetch to
 * load on the first probe, which would cost the first decision tens of ms); `no-answer` when
 * the peer itself does not answer within the probe's time and a margin for its answer.
 */
function probeThroughAgent(pool: Agent): ProbeVia {
  return (peerAddress, targetAddress, timeoutMs) => {
    const startedMs = performance.now();
    const body = JSON.stringify({ address: targetAddress, timeoutMs });
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<ProbeOutcome, 'elapsedMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, elapsedMs: performance.now() - startedMs });
      };
      const outgoing = request(
        {
          agent: pool,
          ...splitAddress(peerAddress),
          method: 'POST',
          path: '/v1/probe',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) return finish({ result: 'no-answer' });
            try {
              const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProbeOutcome;
              finish({ result: answer.result, attempts: answer.attempts });
            } catch {
              finish({ result: 'no-answer' });
            }
          });
          res.on('error', () => finish({ result: 'no-answer' }));
        },
      );
      outgoing.on('error', () => finish({ result: 'no-answer' }));
      const timer = setTimeout(() => {
        finish({ result: 'no-answer' });
        outgoing.destroy();
      }, timeoutMs + PEER_ANSWER_MARGIN_MS);
      outgoing.end(body);
    });
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Inference overhead of the agent's HTTP path over a bare `session.run` on the same model,
 * measured side by side: rounds alternate bare runs (a session in this process, built with
 * the agent's session options), JSON requests and tensor-frame requests to the agent over one
 * keep-alive connection, so machine noise lands on all three alike.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { percentile, round } from '../../profiler/stats.ts';
import { encodeTensorFrame, TENSOR_FRAME_MEDIA_TYPE } from '../../agents/tensor-frame.ts';
import type { KeepAliveClient } from './keep-alive-client.ts';
import { interleave } from './interleave.ts';
import type { InterleaveSettings } from './interleave.ts';

export interface OverheadCase {
  app: string;
  family: string;
  variant: string;
  path: string;
  input: string;
  dims: number[];
}

export interface Latency {
  p50: number;
  p99: number;
}

export interface OverheadResult {
  app: string;
  family: string;
  variant: string;
  inputElements: number;
  jsonBodyBytes: number;
  frameBodyBytes: number;
  bareMs: Latency;
  jsonMs: Latency;
  frameMs: Latency;
  /** HTTP minus bare, at the same percentile. */
  jsonOverheadMs: Latency;
  frameOverheadMs: Latency;
}

export type OverheadSettings = InterleaveSettings;

export async function measureOverhead(
  client: KeepAliveClient,
  testCase: OverheadCase,
  settings: OverheadSettings,
): Promise<OverheadResult> {
  const count = testCase.dims.reduce((product, dim) => product * dim, 1);
  const values = Float32Array.from({ length: count }, (_, i) => Math.sin(i) * 0.5 + 0.5);
  const session = await InferenceSession.create(testCase.path, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const feeds = { [testCase.input]: new Tensor('float32', values, testCase.dims) };
  const json = JSON.stringify({
    inputs: {
      [testCase.input]: { type: 'float32', dims: testCase.dims, data: Array.from(values) },
    },
  });
  const frame = encodeTensorFrame([
    { name: testCase.input, type: 'float32', dims: testCase.dims, data: values },
  ]);
  const path = `/v1/infer/${testCase.app}`;
  const samples = await interleave(
    {
      bare: async () => void (await session.run(feeds)),
      json: async () => expectOk(await client.post(path, 'application/json', json)),
      frame: async () => expectOk(await client.post(path, TENSOR_FRAME_MEDIA_TYPE, frame)),
    },
    settings,
  );
  await session.release();
  const bareMs = latency(samples.bare);
  const jsonMs = latency(samples.json);
  const frameMs = latency(samples.frame);
  return {
    app: testCase.app,
    family: testCase.family,
    variant: testCase.variant,
    inputElements: count,
    jsonBodyBytes: Buffer.byteLength(json),
    frameBodyBytes: frame.length,
    bareMs,
    jsonMs,
    frameMs,
    jsonOverheadMs: difference(jsonMs, bareMs),
    frameOverheadMs: difference(frameMs, bareMs),
  };
}

function expectOk(reply: { status: number; body: Buffer }): void {
  if (reply.status !== 200)
    throw new Error(`the agent answered ${reply.status}: ${reply.body.toString()}`);
}

function latency(samples: readonly number[]): Latency {
  return { p50: round(percentile(samples, 50), 3), p99: round(percentile(samples, 99), 3) };
}

function difference(a: Latency, b: Latency): Latency {
  return { p50: round(a.p50 - b.p50, 3), p99: round(a.p99 - b.p99, 3) };
}

// Cold-load worker: runs in a fresh Node process (plain ESM, no tsx, so it starts fast) and
// reports on stdout, as one JSON line, how long one InferenceSession takes to load and how much
// resident memory it adds. Spawned by profiler/profile/cold-load.ts, which documents the protocol:
//   argv[2]  path of the model to load
//   argv[3]  JSON: [{ name, type, dims, values? }] concrete input shapes for the first
//            inference, and the values to feed where the operator gave them (else zeros)
//   argv[4]  base64 of a tiny "primer" model, loaded first so that onnxruntime's process-wide
//            setup (environment, thread pools) is not counted against the measured model:
//            an agent that cold-loads an understudy already has onnxruntime running.
//   stdout   {"ok":true,"loadMs":…,"firstRunMs":…,"rssBeforeBytes":…,"rssAfterLoadBytes":…,"rssAfterRunBytes":…}
//            or {"ok":false,"code":"MODEL_INVALID"|"RUN_FAILED","message":"…"}
import ort from 'onnxruntime-node';

const [modelPath, inputsJson, primerBase64] = process.argv.slice(2);

function zeros(type, count) {
  switch (type) {
    case 'float32':
      return new Float32Array(count);
    case 'float64':
      return new Float64Array(count);
    case 'float16':
      return new Uint16Array(count);
    case 'int64':
      return new BigInt64Array(count);
    case 'int32':
      return new Int32Array(count);
    case 'int8':
      return new Int8Array(count);
    case 'string':
      return Array.from({ length: count }, () => '');
    default:
      return new Uint8Array(count); // uint8, bool
  }
}

function given(type, values) {
  if (type === 'string') return values.map(String);
  if (type === 'int64') return BigInt64Array.from(values.map((v) => BigInt(Math.trunc(v))));
  const data = zeros(type, values.length);
  values.forEach((v, i) => (data[i] = Number(v)));
  return data;
}

function feedsFor(inputs) {
  const feeds = {};
  for (const { name, type, dims, values } of inputs) {
    const count = dims.reduce((p, d) => p * d, 1);
    const data = values === undefined ? zeros(type, count) : given(type, values);
    feeds[name] = new ort.Tensor(type, data, dims);
  }
  return feeds;
}

function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const firstLine = (error) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]
    .trim();

// Severity 4 (fatal only): failures are reported on stdout as JSON, not logged by onnxruntime.
const SESSION_OPTIONS = { logSeverityLevel: 4 };
const primer = await ort.InferenceSession.create(
  Buffer.from(primerBase64, 'base64'),
  SESSION_OPTIONS,
);
await primer.run({ x: new ort.Tensor('float32', new Float32Array(1), [1]) });

globalThis.gc?.(); // spawned with --expose-gc: drop the primer's garbage before the baseline
const rssBeforeBytes = process.memoryUsage.rss();
const loadStart = performance.now();
let session;
try {
  session = await ort.InferenceSession.create(modelPath, SESSION_OPTIONS);
} catch (error) {
  report({ ok: false, code: 'MODEL_INVALID', message: firstLine(error) });
  process.exit(0);
}
const loadMs = performance.now() - loadStart;
const rssAfterLoadBytes = process.memoryUsage.rss();
const runStart = performance.now();
try {
  await session.run(feedsFor(JSON.parse(inputsJson)));
} catch (error) {
  report({ ok: false, code: 'RUN_FAILED', message: firstLine(error) });
  process.exit(0);
}
const firstRunMs = performance.now() - runStart;
report({
  ok: true,
  loadMs,
  firstRunMs,
  rssBeforeBytes,
  rssAfterLoadBytes,
  rssAfterRunBytes: process.memoryUsage.rss(),
});

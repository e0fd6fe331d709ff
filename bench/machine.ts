import { cpus } from 'node:os';
import { env as ortEnv } from 'onnxruntime-node';

/** What every benchmark reports about the machine it ran on, so runs can be compared. */
export function machineInfo(): Record<string, string | number> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    onnxruntime: ortEnv.versions.node ?? 'unknown',
  };
}

/**
 * The inputs digest of a plan: SHA-256 over the planning problem's canonical JSON (object keys
 * sorted at every level), so two documents that mean the same get the same digest whatever
 * their key order.
 */
import { createHash } from 'node:crypto';

export function inputsDigest(problem: unknown): string {
  return createHash('sha256').update(canonicalJson(problem)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

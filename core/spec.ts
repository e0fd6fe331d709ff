/**
 * The planner's OpenAPI document, parsed: the one source of every schema the planner and the
 * agents check at run time (plan slices, events, planning problems).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const SPEC_URL = new URL('../openapi/understudy.yaml', import.meta.url);

/** Reads and parses the spec; callers compile what they need from it once, at start. */
export function readSpec(): object {
  return parseYaml(readFileSync(SPEC_URL, 'utf8')) as object;
}

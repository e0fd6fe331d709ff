/**
 * Generates `openapi/types.ts` from `openapi/understudy.yaml` with openapi-typescript.
 * `--check` compares instead of writing and exits 1 when the committed file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

const SPEC = new URL('./understudy.yaml', import.meta.url);
const OUT = new URL('./types.ts', import.meta.url);
const HEADER =
  '// This file is generated from openapi/understudy.yaml by `npm run gen`. Do not edit it.\n\n';

const generated =
  HEADER + astToString(await openapiTS(SPEC, { alphabetize: true, defaultNonNullable: false }));

if (process.argv.includes('--check')) {
  const current = await readFile(OUT, 'utf8').catch(() => '');
  if (current !== generated) {
    process.stderr.write('openapi/types.ts is stale: run `npm run gen` and commit the result.\n');
    process.exit(1);
  }
} else {
  await writeFile(OUT, generated);
}

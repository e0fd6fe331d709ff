/**
 * Generates TypeScript types from the OpenAPI documents with openapi-typescript.
 * `--check` compares instead of writing and exits 1 when a committed file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

/** Each contract and the file its types go to, relative to this folder. */
const DOCUMENTS = [
  { spec: 'understudy.yaml', types: 'types.ts' },
  { spec: 'agent.yaml', types: 'agent-types.ts' },
];

const check = process.argv.includes('--check');
let stale = false;
for (const { spec, types } of DOCUMENTS) {
  const header = `// This file is generated from openapi/${spec} by \`npm run gen\`. Do not edit it.\n\n`;
  const ast = await openapiTS(new URL(spec, import.meta.url), {
    alphabetize: true,
    defaultNonNullable: false,
  });
  const generated = header + astToString(ast);
  const out = new URL(types, import.meta.url);
  if (!check) {
    await writeFile(out, generated);
  } else if ((await readFile(out, 'utf8').catch(() => '')) !== generated) {
    process.stderr.write(`openapi/${types} is stale: run \`npm run gen\` and commit the result.\n`);
    stale = true;
  }
}
if (stale) process.exit(1);

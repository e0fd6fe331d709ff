import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** The package version, reported by `/healthz` and `--version`. */
export const VERSION: string = pkg.version;

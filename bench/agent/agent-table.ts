/** The short human table of the agent benchmark (stderr). */
import type { ProgressiveActivation, VariantActivation } from './activation.ts';
import type { OverheadResult } from './overhead.ts';
import type { ValidatorCost } from './validator-cost.ts';

export interface AgentBenchDocument {
  overhead: OverheadResult[];
  validator: ValidatorCost[];
  activation: { variants: VariantActivation[]; progressive: ProgressiveActivation[] };
}

const fixed = (value: number, digits = 3): string => value.toFixed(digits).padStart(8);

export function agentTable(document: AgentBenchDocument): string {
  const lines: string[] = ['', 'Inference overhead over bare session.run (ms; p50 / p99)'];
  lines.push(
    `${'model'.padEnd(36)} ${'bare p50'.padStart(8)} ${'json p50'.padStart(8)} ${'+json'.padStart(8)} ${'+json p99'.padStart(9)} ${'frame p50'.padStart(9)} ${'+frame'.padStart(8)} ${'+frame p99'.padStart(10)}`,
  );
  for (const row of document.overhead) {
    lines.push(
      `${`${row.family}/${row.variant}`.padEnd(36)} ${fixed(row.bareMs.p50)} ${fixed(row.jsonMs.p50)} ${fixed(row.jsonOverheadMs.p50)} ${fixed(row.jsonOverheadMs.p99).padStart(9)} ${fixed(row.frameMs.p50).padStart(9)} ${fixed(row.frameOverheadMs.p50)} ${fixed(row.frameOverheadMs.p99).padStart(10)}`,
    );
  }
  lines.push(
    '',
    'JSON request p50 in one process (ms): agent fast path vs express vs express + OpenAPI validator',
  );
  for (const row of document.validator) {
    lines.push(
      `${`${row.family}/${row.variant}`.padEnd(36)} fast ${fixed(row.fastMs)}  express ${fixed(row.expressMs)}  validated ${fixed(row.validatedMs)}  (+${row.addedByExpressAndValidatorMs.toFixed(3)})`,
    );
  }
  lines.push(
    '',
    'Activation after the failure event (median ms): warm | cold (load) | first cold answer',
  );
  for (const row of document.activation.variants) {
    lines.push(
      `${`${row.family}/${row.variant}`.padEnd(36)} ${row.fileMiB.toFixed(2).padStart(6)} MiB  warm ${fixed(row.warmMs)}  cold ${fixed(row.coldMs)} (${row.coldLoadMs.toFixed(2)})  first ${fixed(row.coldFirstAnswerMs)}`,
    );
  }
  lines.push(
    '',
    'Progressive cold activation (median ms): first step served | planned variant swapped in',
  );
  for (const row of document.activation.progressive) {
    lines.push(
      `${`${row.family}: ${row.firstStep} → ${row.planned}`.padEnd(56)} served ${fixed(row.servedMs)}  upgraded ${fixed(row.upgradedMs)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

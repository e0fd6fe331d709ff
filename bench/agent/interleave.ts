/**
 * Times several ways of doing one thing in interleaved rounds — each round runs every mode
 * (warm-up, then timed iterations) before the next round — so a noisy spell on the machine
 * lands on all modes alike instead of on whichever ran then.
 */
export interface InterleaveSettings {
  rounds: number;
  iterationsPerRound: number;
  warmup: number;
}

export async function interleave<M extends string>(
  modes: Record<M, () => Promise<void>>,
  settings: InterleaveSettings,
): Promise<Record<M, number[]>> {
  const names = Object.keys(modes) as M[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    M,
    number[]
  >;
  for (let round = 0; round < settings.rounds; round++) {
    for (const name of names) {
      const run = modes[name];
      for (let i = 0; i < settings.warmup; i++) await run();
      for (let i = 0; i < settings.iterationsPerRound; i++) {
        const started = performance.now();
        await run();
        samples[name].push(performance.now() - started);
      }
    }
  }
  return samples;
}

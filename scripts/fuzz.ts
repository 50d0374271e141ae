// `npm run fuzz [RUNS]`: every fuzz target (test/support/fuzz-targets.ts) with a million inputs
// by default, one after the other, printing inputs per second and the seed, so a failure can be
// replayed with `npm run fuzz RUNS SEED`. Exit code 1 on the first failure.

import { FUZZ_TARGETS } from '../test/support/fuzz-targets';

const runs = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('Usage: npm run fuzz [RUNS] [SEED]');
  process.exit(2);
}

console.log(
  `Fuzzing ${FUZZ_TARGETS.length} targets, ${runs.toLocaleString('en-US')} inputs each, seed ${seed}`,
);
let failed = false;
for (const target of FUZZ_TARGETS) {
  const started = performance.now();
  try {
    await target.run(runs, seed);
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(runs / seconds).toLocaleString('en-US');
    console.log(
      `  ${target.name.padEnd(24)} ok  ${seconds.toFixed(1)} s, ${rate} inputs/s, 0 throws, 0 hangs`,
    );
  } catch (error) {
    failed = true;
    console.log(`  ${target.name.padEnd(24)} FAILED`);
    console.error(error instanceof Error ? error.message : error);
    break;
  }
}
process.exit(failed ? 1 : 0);

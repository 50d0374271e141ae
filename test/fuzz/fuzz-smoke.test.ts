// `npm run fuzz` in small: every fuzz target with a few thousand inputs, so a change that makes
// a decoder, detector, parser or the contract guard throw or hang fails `npm test`. The million-
// input runs are `npm run fuzz` (figures in docs/fuzzing.md).

import { describe, it } from 'node:test';
import { FUZZ_TARGETS } from '../support/fuzz-targets';

const RUNS = 2000;

describe(`fuzz targets, ${RUNS} inputs each`, () => {
  for (const target of FUZZ_TARGETS) {
    it(target.name, () => target.run(RUNS));
  }
});

// The fuzz suite in CI: a fixed seed and bounded counts (well under a minute). The long run is
// fuzz.fuzz-long.test.ts (`npm run fuzz`).
import { childFuzz, fuzzSuite } from './support/fuzz-suite.js';

fuzzSuite({ name: 'ci', seed: 20261126, runs: 150, allWrongValues: true, hugeString: 1_000_000, hugeList: 100_000 });
childFuzz({ name: 'ci', seed: 20261127, count: 1500 });

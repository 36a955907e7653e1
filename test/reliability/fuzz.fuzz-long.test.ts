// The long fuzz run (`npm run fuzz`): many more generated requests, with a new seed each run
// unless APPSTREAM_LOCAL_FUZZ_SEED fixes one (a failure prints the seed and the shrunk case).
import { childFuzz, fuzzSuite } from './support/fuzz-suite.js';

const seed = Number(process.env['APPSTREAM_LOCAL_FUZZ_SEED']) || Date.now() % 2_147_483_647;
const runs = Number(process.env['APPSTREAM_LOCAL_FUZZ_RUNS']) || 3000;
fuzzSuite({ name: 'long', seed, runs, allWrongValues: true, hugeString: 3_000_000, hugeList: 300_000 });
childFuzz({ name: 'long', seed, count: Number(process.env['APPSTREAM_LOCAL_FUZZ_CHILD_COUNT']) || 20_000 });

// How much V8's old generation may grow between full GCs, in the CLI's own process. The library
// (startServer) leaves its host's settings alone: a test runner's heap is not ours to tune.
import v8 from 'node:v8';

/**
 * The heap growing factor the CLI sets, as V8's `--heap-growing-percent`: after a full GC the old
 * generation may grow to (1 + percent / 100) times what it left live before the next full GC.
 *
 * DECISION: 200, a factor of 3 (without the flag V8 chooses the factor itself, collection by
 * collection). Why, measured with node 20 (V8 11.3), `--trace-gc`:
 * this server keeps an old generation of about 9 MB live, and under load the next full GC came
 * when it had grown by 1-2 MB; once the young generation had grown to its full size, a full GC
 * followed every 80-100 ms (13 to 30 in a 7 s run of DescribeImages at 32 connections on a server that had
 * idled 12 s, its heap shrunk by V8's memory reducer; 3 to 7 on one that had not). With the
 * factor at 3: 1 or 2 per run. On the bench's sequence (SQLite, 100,000 images, a server idle 12 s,
 * then four 6 s runs, 4 servers each way, alternating), p99 9-16 ms and 0.13-0.18 ms of CPU per
 * request, against 10-23 ms and 0.14-0.23 ms. The price, measured by bench/memory.ts (the
 * 1,000,000-image walk): peak RSS 127-129 MB against 126-127 MB. Set at run time, it takes
 * (traced above; `--no-memory-reducer`, measured the same way, does not: V8 sets its reducer up
 * once, with the heap).
 */
export const HEAP_GROWING_PERCENT = 200;

// Node takes V8's flags as --name=value only, with - or _ between the words.
const FLAG = /^--heap[-_]growing[-_]percent=/;

/**
 * Sets HEAP_GROWING_PERCENT for this process, unless node was started with its own
 * (`node --heap-growing-percent=N bin/appstream-local.js start` keeps N). `execArgv` is node's
 * own arguments (process.execArgv). Answers whether it set it. For the CLI only, once the
 * server has started (src/cli.ts says why).
 */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => FLAG.test(arg))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

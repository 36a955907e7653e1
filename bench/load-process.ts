// The load generator's own process: it runs autocannon for bench/load.ts's load(), one run per
// message, and answers the run's figures. Kept apart from the bench's process, which holds the
// walks' results (a 1M walk's pages), so that its heap, and so its GC pauses, hold autocannon's
// work alone; the pauses it still has are reported with each run (clientGcMs).
import { runLoad, type LoadRequestMessage } from './load.js';

process.on('message', (message: LoadRequestMessage) => {
  runLoad(message.baseUrl, message.request, message.options).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
// The bench ended (or died): nothing is left to measure for.
process.on('disconnect', () => process.exit(0));

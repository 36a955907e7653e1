// A kill -9 round's burst, as the family durability tests run it: writers against a real CLI
// process until a SIGKILL at a moment the caller picks. Every write that returned before the kill
// is acknowledged (the caller records it, the restart must still have it); a write in flight at
// the kill may fail, and is counted as cut off.
import assert from 'node:assert/strict';
import type { AppStreamClient } from '@aws-sdk/client-appstream';
import { appStreamClient } from '../../support/clients.js';
import type { ChildServer } from '../../support/process.js';
import { sleep } from './wire.js';

/**
 * Runs `clients` writers against `child` (writer c speaks awsJson1_1 when c is even, rpcv2Cbor
 * when odd, as `accountId` in `region`), each calling `write(client, c, i)` for i = 0, 1, ...
 * until `child` is killed with SIGKILL after `killAfterMs` ms. A write that fails before the kill
 * fails the test. Answers how many writes returned (acknowledged) and how many the kill cut off.
 */
export async function burstUntilKill(
  child: ChildServer,
  scope: { accountId: string; region: string; clients: number; killAfterMs: number },
  write: (client: AppStreamClient, c: number, i: number) => Promise<void>,
): Promise<{ acked: number; cutOff: number }> {
  const counts = { acked: 0, cutOff: 0 };
  let stop = false;
  const burst = Array.from({ length: scope.clients }, async (_, c) => {
    const client = appStreamClient(child.url, c % 2 === 0 ? 'awsJson1_1' : 'rpcv2Cbor', { accountId: scope.accountId, region: scope.region });
    for (let i = 0; !stop; i++) {
      try {
        await write(client, c, i);
        counts.acked++;
      } catch (error) {
        if (!stop) throw error; // before the kill every write must succeed
        counts.cutOff++;
      }
    }
  });
  await sleep(scope.killAfterMs);
  stop = true;
  await child.crash(); // SIGKILL: no shutdown, no flush
  assert.equal(child.process.signalCode, 'SIGKILL');
  await Promise.all(burst);
  return counts;
}

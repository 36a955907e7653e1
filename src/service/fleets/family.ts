// The fleets family (SPEC-rest §1) and the streaming sessions family (SPEC-rest §4.2). Their
// tables are in table.ts, their state machines in states.ts, their seed sections in seed.ts.
import { fleetStackHasSessionsText } from '../../errors/messages.js';
import type { ResourceFamily } from '../resources/family.js';
import { FLEET_SEED_SECTIONS } from './seed.js';
import { liveSessionsOf } from './session-schedule.js';
import { FLEET_STATES, SESSION_STATES } from './states.js';
import { fleetTable, sessionTable } from './table.js';
import { streamingDayTable } from './streaming-days.js';

export { fleetStackTable, fleetTable, sessionTable, type FleetDoc, type SessionDoc } from './table.js';
export { FLEET_STATES, SESSION_STATES } from './states.js';

/** The kind of a fleet: what other families' rows name as their parent (dependentsOf('fleet')). */
export const FLEET_KIND = 'fleet';

export const fleetFamily: ResourceFamily = {
  kind: FLEET_KIND,
  arnType: 'fleet',
  taggable: true,
  repo: fleetTable,
  quota: 'fleets',
  states: FLEET_STATES,
  seed: FLEET_SEED_SECTIONS,
};

/**
 * Sessions: no ARN, no tags; ended sessions linger one step (DescribeSessions shows them
 * EXPIRED). They go with their fleet, and keep a fleet in its stack while they are live.
 */
export const sessionFamily: ResourceFamily = {
  kind: 'session',
  taggable: false,
  repo: sessionTable,
  deletesLater: true,
  // The days they streamed outlive them (streaming-days.ts); a reset of the account empties both.
  accountColumns: [
    { table: sessionTable.table, account: 'account_id' },
    { table: streamingDayTable.table, account: 'account_id' },
  ],
  states: SESSION_STATES,
  dependents: [{ parentKind: FLEET_KIND, what: 'sessions', remove: (tx, part, fleetName) => sessionTable.removeWhere(tx, part, { column: 'fleet_name', value: fleetName }) }],
  inUseChecks: [
    {
      change: 'DisassociateFleet',
      async check(tx, part, { StackName, FleetName }, nowMs) {
        const live = await liveSessionsOf(tx, part, nowMs, { fleet_name: FleetName!, stack_name: StackName! });
        return live > 0 ? fleetStackHasSessionsText(FleetName!, StackName!, live) : undefined;
      },
    },
  ],
};

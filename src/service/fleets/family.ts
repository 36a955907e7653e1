// The fleets family (SPEC-rest §1) and the streaming sessions family (SPEC-rest §4.2). Their
// tables are in table.ts, their state machines in states.ts, their seed sections in seed.ts.
import type { ResourceFamily } from '../resources/family.js';
import { FLEET_SEED_SECTIONS } from './seed.js';
import { FLEET_STATES, SESSION_STATES } from './states.js';
import { fleetTable, sessionTable } from './table.js';

export { fleetStackTable, fleetTable, sessionTable, type FleetDoc, type SessionDoc } from './table.js';
export { FLEET_STATES, SESSION_STATES } from './states.js';

export const fleetFamily: ResourceFamily = {
  kind: 'fleet',
  arnType: 'fleet',
  taggable: true,
  repo: fleetTable,
  quota: 'fleets',
  states: FLEET_STATES,
  seed: FLEET_SEED_SECTIONS,
};

/** Sessions: no ARN, no tags; ended sessions linger one step (DescribeSessions shows them EXPIRED). */
export const sessionFamily: ResourceFamily = {
  kind: 'session',
  taggable: false,
  repo: sessionTable,
  deletesLater: true,
  states: SESSION_STATES,
};

// The fleets family (SPEC-rest §1) and the streaming sessions family (SPEC-rest §4.2). The
// tables, documents and state machines live in repos.ts (imported first: the stacks family
// reads fleetStackTable while this module may still be loading its seed sections).
export { fleetTable, fleetStackTable, sessionTable, FLEET_STATES, SESSION_STATES, type FleetDoc, type SessionDoc } from './repos.js';
import { fleetTable, sessionTable } from './repos.js';
import type { ResourceFamily } from '../resources/family.js';
import { FLEET_SEED_SECTIONS } from './fleet-seed.js';

export const fleetFamily: ResourceFamily = {
  kind: 'fleet',
  arnType: 'fleet',
  taggable: true,
  repo: fleetTable,
  quota: 'fleets',
  seed: FLEET_SEED_SECTIONS,
};

/** Sessions: no ARN, no tags; ended sessions linger one step (DescribeSessions shows them EXPIRED). */
export const sessionFamily: ResourceFamily = {
  kind: 'session',
  taggable: false,
  repo: sessionTable,
  deletesLater: true,
};

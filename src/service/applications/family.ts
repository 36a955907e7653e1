// The applications family of Elastic fleets (SPEC-rest §7.1, §7.2), with their fleet associations.
import { APPLICATION_FLEET_ASSOCIATIONS, APPLICATIONS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import type { Application } from '../../generated/shapes.js';
import type { ResourceFamily } from '../resources/family.js';
import { applicationSeed } from './seed.js';

/** A stored application: the wire members except Name and Arn (the key) and CreatedTime (the row). */
export type ApplicationDoc = Omit<Application, 'Name' | 'Arn' | 'CreatedTime'>;

export const applicationTable = new ResourceRepo<ApplicationDoc>(APPLICATIONS);

/** Application-fleet associations: one row per (fleet, application ARN); refs.application_arn = the ARN. */
export const applicationFleetTable = new ResourceRepo<Record<string, never>>(APPLICATION_FLEET_ASSOCIATIONS);

export const applicationFamily: ResourceFamily = {
  kind: 'application',
  arnType: 'application',
  taggable: true,
  repo: applicationTable,
  quota: 'applications',
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [applicationSeed];
  },
  accountColumns: [
    { table: 'applications', account: 'account_id' },
    { table: applicationFleetTable.table, account: 'account_id' },
  ],
};

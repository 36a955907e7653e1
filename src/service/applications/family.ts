// The applications family of Elastic fleets (SPEC-rest §7.1, §7.2), with their fleet associations.
import type { ResourceFamily } from '../resources/family.js';
import { applicationSeed } from './seed.js';
import { applicationFleetTable, applicationTable } from './table.js';

export { applicationFleetTable, applicationTable, type ApplicationDoc } from './table.js';

export const applicationFamily: ResourceFamily = {
  kind: 'application',
  arnType: 'application',
  taggable: true,
  repo: applicationTable,
  quota: 'applications',
  seed: [applicationSeed],
  accountColumns: [
    { table: 'applications', account: 'account_id' },
    { table: applicationFleetTable.table, account: 'account_id' },
  ],
};

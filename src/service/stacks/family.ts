// The stacks family (SPEC-rest §2).
import { STACKS } from '../../store/tables.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import type { Stack } from '../../generated/shapes.js';
import type { ResourceFamily } from '../resources/family.js';
import { fleetStackTable } from '../fleets/family.js';

/** A stored stack: the wire members, except Name and Arn (the key) and CreatedTime (the row). */
export type StackDoc = Omit<Stack, 'Name' | 'Arn' | 'CreatedTime'>;

export const stackTable = new ResourceRepo<StackDoc>(STACKS);

export const stackFamily: ResourceFamily = {
  kind: 'stack',
  arnType: 'stack',
  taggable: true,
  repo: stackTable,
  quota: 'stacks',
  accountColumns: [
    { table: 'stacks', account: 'account_id' },
    { table: fleetStackTable.table, account: 'account_id' },
  ],
};

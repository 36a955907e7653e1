// The stacks family (SPEC-rest §2): stacks, their fleet associations (§3) and their themes
// (§8.2, one per stack).
//
// Children deleted with a stack: DeleteStack removes, in its transaction, every row that a family
// declares in its `dependents` with parentKind 'stack' (resources/family.ts DependentRows; the
// registry's dependentsOf). This family declares its own (fleet associations, the theme); other
// families plug theirs in the same way, e.g. the users family's user-stack associations:
//   dependents: [deletedWithStack('user associations', userStackTable)]
import type { ResourceRepo } from '../../store/resource-repo.js';
import type { ResourceFamily } from '../resources/family.js';
import { fleetStackTable } from '../fleets/family.js';
import { STACK_SEED_SECTIONS } from './stack-seed.js';
import { deletedWithStack, STACK_KIND, stackTable, themeTable } from './stack-store.js';

export * from './stack-store.js';

export const stackFamily: ResourceFamily = {
  kind: STACK_KIND,
  arnType: 'stack',
  taggable: true,
  repo: stackTable,
  quota: 'stacks',
  accountColumns: [
    { table: stackTable.table, account: 'account_id' },
    { table: fleetStackTable.table, account: 'account_id' },
    { table: themeTable.table, account: 'account_id' },
  ],
  dependents: [
    deletedWithStack('fleet associations', fleetStackTable as ResourceRepo<unknown>),
    deletedWithStack('theme', themeTable as ResourceRepo<unknown>, 'name'),
  ],
  seed: STACK_SEED_SECTIONS,
};

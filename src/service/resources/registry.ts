// THE registry of resource families: one line per family. Tags, reset, the console's account
// list, quotas and the purge of deleted rows loop over it; nothing else names the families.
import { applicationFamily } from '../applications/family.js';
import { directoryConfigFamily } from '../directory-configs/family.js';
import { entitlementFamily } from '../entitlements/family.js';
import { fleetFamily } from '../fleets/family.js';
import { imageBuilderFamily } from '../image-builders/family.js';
import { imagePermissionFamily } from '../image-permissions/family.js';
import { imageFamily } from '../images/family.js';
import { stackFamily } from '../stacks/family.js';
import { usageReportFamily } from '../usage-reports/family.js';
import { userFamily } from '../users/family.js';
import type { AccountColumn, ResourceFamily } from './family.js';
import { transitionalStates } from './state-machine.js';

export const FAMILIES: readonly ResourceFamily[] = [
  imageFamily,
  imageBuilderFamily,
  imagePermissionFamily,
  fleetFamily,
  stackFamily,
  directoryConfigFamily,
  applicationFamily,
  userFamily,
  entitlementFamily,
  usageReportFamily,
];

/** The family whose ARNs have this resource type (`fleet`), if any. */
export function familyByArnType(arnType: string): ResourceFamily | undefined {
  return FAMILIES.find((f) => f.arnType === arnType);
}

/** Every (table, account column) that holds an account's rows: reset and the console read these. */
export function accountColumns(): AccountColumn[] {
  return FAMILIES.flatMap((f) => f.accountColumns ?? (f.repo ? [{ table: f.repo.table, account: 'account_id' }] : []));
}

/** Every state that settles by time in some family (the console polls while one shows). */
export function transitionalStateNames(): string[] {
  return [...new Set(FAMILIES.flatMap((f) => (f.states ? [...transitionalStates(f.states)] : [])))].sort();
}

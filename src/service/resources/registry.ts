// THE registry of resource families: one line per family. Tags, reset, the console's account
// list, quotas and the purge of deleted rows loop over it; nothing else names the families.
import { appBlockBuilderFamily } from '../app-block-builders/family.js';
import { appBlockFamily } from '../app-blocks/family.js';
import { applicationFamily } from '../applications/family.js';
import { directoryConfigFamily } from '../directory-configs/family.js';
import { exportImageTaskFamily } from '../export-image-tasks/family.js';
import { entitlementFamily } from '../entitlements/family.js';
import { fleetFamily, sessionFamily } from '../fleets/family.js';
import { imageBuilderFamily } from '../image-builders/family.js';
import { imagePermissionFamily } from '../image-permissions/family.js';
import { imageFamily } from '../images/family.js';
import { stackFamily } from '../stacks/family.js';
import { usageReportFamily } from '../usage-reports/family.js';
import { userFamily } from '../users/family.js';
import type { AccountColumn, DependentRows, InUseCheck, ResourceFamily } from './family.js';
import { transitionalStates } from './state-machine.js';

export const FAMILIES: readonly ResourceFamily[] = [
  imageFamily,
  imageBuilderFamily,
  imagePermissionFamily,
  fleetFamily,
  sessionFamily,
  stackFamily,
  directoryConfigFamily,
  // App blocks before the applications and builders that name them (seeding writes in this order).
  appBlockFamily,
  applicationFamily,
  appBlockBuilderFamily,
  exportImageTaskFamily,
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

/** Every family's rows that are deleted with a resource of kind `parentKind` (DeleteStack: 'stack'). */
export function dependentsOf(parentKind: string): DependentRows[] {
  return FAMILIES.flatMap((f) => (f.dependents ?? []).filter((d) => d.parentKind === parentKind));
}

/** Every family's checks that may refuse `change` (an operation name) with ResourceInUseException. */
export function inUseChecksOf(change: string): InUseCheck[] {
  return FAMILIES.flatMap((f) => (f.inUseChecks ?? []).filter((c) => c.change === change));
}

// The stacks family's tables and the lookups other families use: stacks, their fleet
// associations (fleetStackTable of the fleets family: rows under the stack, name = the fleet)
// and their themes (one per stack). family.ts re-exports these; nothing here imports handlers.
import { partitionOf } from '../arns.js';
import { ResourceRepo, type Partition, type ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { S3Location, Stack, Theme } from '../../generated/shapes.js';
import type { DependentRows } from '../resources/family.js';
import { STACK_THEMES, STACKS } from '../../store/tables.js';
import { fleetStackTable, fleetTable, type FleetDoc } from '../fleets/family.js';

/** A stored stack: the wire members, except Name and Arn (the key) and CreatedTime (the row). */
export type StackDoc = Omit<Stack, 'Name' | 'Arn' | 'CreatedTime'>;

export const stackTable = new ResourceRepo<StackDoc>(STACKS);

/**
 * A stored theme, named by its stack: the output members that are stored as given (input
 * spellings of the model are translated on write), and the two S3 locations the URLs are made
 * from. CreatedTime is the row's.
 */
export type ThemeDoc = Pick<Theme, 'State' | 'ThemeStyling' | 'ThemeTitleText' | 'ThemeFooterLinks'> & {
  OrganizationLogoS3Location: S3Location;
  FaviconS3Location: S3Location;
};

/** Footer links per theme [DG:branding] (SPEC-rest §8.2, §12). */
export const MAX_FOOTER_LINKS = 3;

/** Themes: one row per stack, `name` = the stack's name. */
export const themeTable = new ResourceRepo<ThemeDoc>(STACK_THEMES);

/** The family's kind: what DependentRows of a stack name as their parent. */
export const STACK_KIND = 'stack';

/** `arn:<partition>:appstream:<region>:<account>:stack/<name>` (SPEC-rest §0). */
export function stackArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:appstream:${region}:${accountId}:stack/${name}`;
}

/**
 * A `dependents` entry for rows of `repo` that belong to a stack: rows under the stack (the
 * table's parent column is the stack's name), or, with `column`, rows whose reference column
 * (or `name`) is the stack's name. They are deleted in DeleteStack's transaction.
 */
export function deletedWithStack(what: string, repo: ResourceRepo<unknown>, column?: string): DependentRows {
  return {
    parentKind: STACK_KIND,
    what,
    remove: (tx: SqlDb, part: Partition, stackName: string) =>
      repo.removeWhere(tx, part, column === undefined ? { parent: stackName } : { column, value: stackName }),
  };
}

/**
 * The fleet associated with stack `stackName` (a stack has at most one, SPEC-rest §3), if the
 * stack has one and the fleet exists at `nowMs`. For other families' rules (streaming URLs,
 * user associations of domain-joined fleets).
 */
export async function fleetOfStack(db: SqlDb, part: Partition, stackName: string, nowMs: number): Promise<ResourceRecord<FleetDoc> | undefined> {
  const fleetName = await associatedFleetName(db, part, stackName, nowMs);
  return fleetName === undefined ? undefined : fleetTable.get(db, part, fleetName, nowMs);
}

/** The name of the fleet associated with stack `stackName`, if any (whether or not that fleet still exists). */
export async function associatedFleetName(db: SqlDb, part: Partition, stackName: string, nowMs: number): Promise<string | undefined> {
  const [association] = await fleetStackTable.page(db, part, nowMs, { parent: stackName, after: null, limit: 1 });
  return association?.name;
}

/** Whether `fleetName` is associated with `stackName` now. */
export async function isAssociated(db: SqlDb, part: Partition, stackName: string, fleetName: string, nowMs: number): Promise<boolean> {
  return (await fleetStackTable.get(db, part, fleetName, nowMs, stackName)) !== undefined;
}

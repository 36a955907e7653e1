// The entitlements family (SPEC-rest §6): children of stacks, no ARN, not taggable. An
// entitlement's applications (at most 50) live in its doc, so that they come and go with it.
import { compareNames } from '../../catalog/public-images.js';
import type { Entitlement } from '../../generated/shapes.js';
import { AppVisibility_VALUES } from '../../generated/enums.js';
import { ResourceRepo, type Partition, type ResourceRecord } from '../../store/resource-repo.js';
import { ENTITLEMENTS } from '../../store/tables.js';
import type { ResourceFamily, SeedSection } from '../resources/family.js';
import { compact, entryPartition, entryReader, isObj, NAME_RE, SeedError } from '../seed/seed-reader.js';
import { stackTable } from '../stacks/family.js';
import { deletedWithStack } from '../stacks/stack-store.js';
import { replaceRow } from '../seed/replace-row.js';

/** A stored entitlement: Name and StackName are the key, CreatedTime the row. Times are epoch ms. */
export interface EntitlementDoc {
  Description?: string;
  AppVisibility: Entitlement['AppVisibility'];
  Attributes: { Name: string; Value: string }[];
  LastModifiedMs: number;
  /** The ApplicationIdentifiers associated with it (application names), in byte order. */
  Applications: string[];
}

export type EntitlementRecord = ResourceRecord<EntitlementDoc>;

/** Entitlements: parent = the stack's name, name = the entitlement's. */
export const entitlementTable = new ResourceRepo<EntitlementDoc>(ENTITLEMENTS);

/** AWS's attribute names [Md]; any other answers OperationNotPermitted (DECISION, SPEC-rest §6). */
export const ENTITLEMENT_ATTRIBUTE_NAMES = ['roles', 'department', 'organization', 'groups', 'title', 'costCenter', 'userType'];

/** DECISION (SPEC-rest §15.15): at most 50 applications per entitlement (LimitExceededException). */
export const MAX_APPLICATIONS_PER_ENTITLEMENT = 50;

/** The wire Entitlement. */
export function viewEntitlement(record: EntitlementRecord): Entitlement {
  const out: Entitlement = { Name: record.name, StackName: record.parent!, AppVisibility: record.doc.AppVisibility, Attributes: record.doc.Attributes.map((a) => ({ ...a })) };
  if (record.doc.Description !== undefined) out.Description = record.doc.Description;
  out.CreatedTime = new Date(record.createdMs);
  out.LastModifiedTime = new Date(record.doc.LastModifiedMs);
  return out;
}

interface SeedEntitlement {
  label: string;
  record: EntitlementRecord;
}

/**
 * Seed section `entitlements`: Entitlement members in the wire spelling plus AccountId, Region
 * and `Applications` (application names); the stack must exist. Attribute names and the
 * catalogue are not checked (test data may look like anything).
 */
const entitlementSeed: SeedSection<SeedEntitlement> = {
  key: 'entitlements',
  read(entry, index, { nowMs }) {
    const r = entryReader('entitlements', index, entry);
    r.onlyKeys(['AccountId', 'Region', 'StackName', 'Name', 'Description', 'AppVisibility', 'Attributes', 'Applications', 'CreatedTime', 'LastModifiedTime']);
    const attributes = r.o['Attributes'];
    if (!Array.isArray(attributes) || attributes.length === 0 || !attributes.every((a) => isObj(a) && typeof a['Name'] === 'string' && typeof a['Value'] === 'string')) {
      r.fail('Attributes must be a non-empty list of {Name, Value} strings');
    }
    const createdMs = r.time('CreatedTime') ?? nowMs;
    return {
      label: r.label,
      record: {
        ...entryPartition(r),
        parent: r.string('StackName', { required: true, re: NAME_RE, what: 'a stack name' })!,
        name: r.string('Name', { required: true, re: NAME_RE, what: 'an entitlement name' })!,
        createdMs,
        schedule: [],
        goneMs: null,
        doc: compact({
          Description: r.string('Description', { max: 256 }),
          AppVisibility: (r.oneOf('AppVisibility', AppVisibility_VALUES) ?? 'ALL') as Entitlement['AppVisibility'],
          Attributes: (attributes as { Name: string; Value: string }[]).map((a) => ({ Name: a.Name, Value: a.Value })),
          LastModifiedMs: r.time('LastModifiedTime') ?? createdMs,
          Applications: [...new Set(r.stringList('Applications') ?? [])].sort(compareNames),
        }),
      },
    };
  },
  identity: ({ record }) => `${record.accountId}/${record.region}/${record.parent}/${record.name}`,
  async write(tx, { label, record }, { nowMs }) {
    if (!(await stackTable.get(tx, record, record.parent!, nowMs))) {
      throw new SeedError(`${label}: account ${record.accountId} has no stack ${record.parent} in ${record.region} (seed it first)`);
    }
    await replaceRow(tx, entitlementTable, record, nowMs);
  },
};

export const entitlementFamily: ResourceFamily = {
  kind: 'entitlement',
  taggable: false,
  repo: entitlementTable,
  quota: 'entitlements',
  seed: [entitlementSeed],
  // DeleteStack deletes the stack's entitlements (SPEC-rest §2.5, §6).
  dependents: [deletedWithStack('entitlements', entitlementTable as ResourceRepo<unknown>)],
};

// What the Elastic families (applications, app blocks, app block builders; SPEC-rest §7) share:
// their ARNs, ARN lookups, and the lists of values Elastic fleets accept. (Their error texts are
// in src/errors/messages.ts.)
import { twoSubnetsRequiredText } from '../../errors/messages.js';
import { partitionOf, parseAppStreamArn } from '../arns.js';
import type { Partition, ResourceRecord, ResourceRepo } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';

export type ElasticArnType = 'application' | 'app-block' | 'app-block-builder' | 'fleet';

/** `arn:<partition>:appstream:<region>:<account>:<type>/<name>` (SPEC-rest §0). */
export function elasticArn(type: ElasticArnType, part: Partition, name: string): string {
  return `arn:${partitionOf(part.region)}:appstream:${part.region}:${part.accountId}:${type}/${name}`;
}

/** The name in `arn` when it is an ARN of the caller's `type` in the caller's partition; else undefined. */
export function ownName(arn: string, type: ElasticArnType, ctx: Partition): string | undefined {
  const parsed = parseAppStreamArn(arn);
  if (!parsed || parsed.resourceType !== type || parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) return undefined;
  if (parsed.partition !== partitionOf(ctx.region)) return undefined;
  return parsed.name;
}

/** How a message names a resource given by ARN: its name when the ARN is the caller's, else the ARN. */
export function nameOrArn(arn: string, type: ElasticArnType, ctx: Partition): string {
  return ownName(arn, type, ctx) ?? arn;
}

/** Platforms of Elastic fleets, applications and their fleets [Md CreateApplication.Platforms]. */
export const ELASTIC_PLATFORMS = ['WINDOWS_SERVER_2019', 'AMAZON_LINUX2', 'UBUNTU_PRO_2404'] as const;

/** Instance families of applications [Md CreateApplication.InstanceFamilies]. */
export const APPLICATION_INSTANCE_FAMILIES = ['GENERAL_PURPOSE', 'GRAPHICS_G4'] as const;

/** Instance types of app block builders (and Elastic fleets) [Md CreateAppBlockBuilder.InstanceType]. */
export const ELASTIC_INSTANCE_TYPES = [
  'stream.standard.small',
  'stream.standard.medium',
  'stream.standard.large',
  'stream.standard.xlarge',
  'stream.standard.2xlarge',
] as const;

/**
 * DECISION (SPEC-rest §1.2, §7.4): a VPC of at least two distinct subnets; AWS asks for
 * subnets "in different availability zones", which the emulator cannot check. Answers the
 * problem's text, or undefined when the VPC is fine.
 */
export function twoSubnetsProblem(vpc: { SubnetIds?: string[] } | undefined): string | undefined {
  const distinct = new Set(vpc?.SubnetIds ?? []);
  return distinct.size >= 2 ? undefined : twoSubnetsRequiredText();
}

/** Drops the undefined members of a view or a stored doc (absent members are omitted on the wire, never null). */
export function compact<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

export { partOf } from '../context.js';

/**
 * Describe* by ARN (DescribeApplications, DescribeAppBlocks): the caller's names behind
 * `arns` (deduplicated, sorted), or the first ARN that names nothing of the caller's now
 * (the caller answers ResourceNotFoundException for it).
 */
export async function namesOfArns<Doc>(
  db: SqlDb,
  repo: ResourceRepo<Doc>,
  type: ElasticArnType,
  ctx: Partition,
  arns: readonly string[],
  nowMs: number,
): Promise<{ names: string[] } | { missing: string }> {
  const names = new Set<string>();
  for (const arn of arns) {
    const name = ownName(arn, type, ctx);
    if (name === undefined) return { missing: arn };
    names.add(name);
  }
  const sorted = [...names].sort();
  const missing = await repo.missingName(db, ctx, sorted, nowMs);
  return missing === undefined ? { names: sorted } : { missing: elasticArn(type, ctx, missing) };
}

/**
 * Inserts a new resource inside a write; a concurrent writer that took the name first (the
 * store's unique violation) answers `taken()` (ResourceAlreadyExistsException).
 */
export async function insertNew<Doc>(tx: SqlDb, repo: ResourceRepo<Doc>, record: ResourceRecord<Doc>, nowMs: number, taken: () => Error): Promise<void> {
  try {
    await repo.insert(tx, record, nowMs);
  } catch (e) {
    if (tx.isUniqueViolation(e)) throw taken();
    throw e;
  }
}

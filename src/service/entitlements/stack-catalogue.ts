// What a stack offers (SPEC-rest §6): the catalogue of applications of its fleet (at most one,
// §3: the stacks family's fleetOfStack): an image fleet's image `Applications` (public, private
// or shared image), an Elastic fleet's applications associated with it (§7.2).
import { findPublicImage, findPublicImageByArn } from '../../catalog/public-images.js';
import { getImage } from '../../store/images-repo.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { applicationFleetTable } from '../applications/family.js';
import { parseAppStreamArn } from '../arns.js';
import { fleetOfStack } from '../stacks/family.js';

/** Far more than an Elastic fleet's applications (quota 50 by default). */
const MAX_APPLICATIONS = 100_000;

/**
 * The application names (SPEC-rest §6: an ApplicationIdentifier is an application's Name) a
 * stack's fleet offers now; empty when the stack has no fleet or the fleet's image is gone.
 */
export async function stackCatalogue(db: SqlDb, part: Partition, stackName: string, nowMs: number): Promise<Set<string>> {
  const fleet = await fleetOfStack(db, part, stackName, nowMs);
  if (!fleet) return new Set();
  if (fleet.doc.FleetType === 'ELASTIC') {
    const rows = await applicationFleetTable.page(db, part, nowMs, { parent: fleet.name, after: null, limit: MAX_APPLICATIONS });
    // Rows are named by the application's ARN; its name is the ARN's resource name.
    return new Set(rows.map((r) => parseAppStreamArn(r.refs?.['application_arn'] ?? r.name)?.name).filter((n): n is string => n !== undefined));
  }
  return new Set(await imageApplicationNames(db, part, fleet.doc.ImageArn, fleet.doc.ImageName, nowMs));
}

async function imageApplicationNames(db: SqlDb, part: Partition, imageArn: string | undefined, imageName: string | undefined, nowMs: number): Promise<string[]> {
  const names = (apps: readonly unknown[] | undefined) =>
    (apps ?? []).map((a) => (a as { Name?: unknown }).Name).filter((n): n is string => typeof n === 'string');
  const parsed = imageArn === undefined ? undefined : parseAppStreamArn(imageArn);
  if (parsed?.accountId === '') return names(findPublicImageByArn(part.region, imageArn!)?.image?.Applications);
  if (parsed) return names((await getImage(db, parsed.accountId, parsed.region, parsed.name, nowMs))?.doc.Applications);
  if (imageName === undefined) return [];
  const own = await getImage(db, part.accountId, part.region, imageName, nowMs);
  return own ? names(own.doc.Applications) : names(findPublicImage(part.region, imageName)?.image?.Applications);
}

// Fleets and images (SPEC-rest §11): which image a fleet may use, which fleets use an image
// (DeleteImage refuses to delete it), and what revoking a share's allowFleet does to the
// grantee's fleets.
import { findPublicImage, findPublicImageByArn } from '../../catalog/public-images.js';
import type { PlatformType } from '../../generated/shapes.js';
import { getImage, type ImageRecord } from '../../store/images-repo.js';
import { getImagePermission } from '../../store/permissions-repo.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { imageArn, parseAppStreamArn, publicImageArn } from '../arns.js';
import { imageState } from '../images/image-view.js';
import { imageNotFound, imageNotSharedForFleets } from '../../errors/messages.js';
import { imageNotAvailable } from '../lifecycle/rules.js';
import type { ServiceDeps } from '../service-deps.js';
import { fleetTable } from './table.js';
import type { ConfiguringOp } from './fleet-rules.js';
import { fleetState, runningInstances, type FleetRecord } from './fleet-view.js';

/** The image a fleet runs: both its name and its ARN are shown (SPEC-rest §1.3). */
export interface FleetImage {
  name: string;
  /** The owner's ARN (the account field is empty for public images). */
  arn: string;
  platform?: PlatformType;
  supportedInstanceFamilies?: readonly string[];
}

function fromPrivate(record: ImageRecord): FleetImage {
  return {
    name: record.name,
    arn: imageArn(record.region, record.accountId, record.name),
    platform: record.doc.Platform as PlatformType | undefined,
    supportedInstanceFamilies: record.doc.SupportedInstanceFamilies,
  };
}

/**
 * The image named by `ImageName` (a public image, or the caller's own) or `ImageArn` (any
 * image the caller sees; a shared one needs allowFleet). Throws ResourceNotFoundException
 * (`The image <name> for account <acct> does not exist.`), ResourceNotAvailableException for
 * an image that is not AVAILABLE (public deprecated ones included, unless `allowDeprecated`),
 * OperationNotPermittedException for a share without allowFleet.
 */
export async function resolveFleetImage(
  handle: SqlDb,
  deps: Pick<ServiceDeps, 'settings'>,
  ctx: Partition,
  op: ConfiguringOp,
  ref: { ImageName?: string; ImageArn?: string },
  nowMs: number,
  allowDeprecated = false,
): Promise<FleetImage> {
  const publicImages = deps.settings.publicImages;
  let name: string;
  let record: ImageRecord | undefined;
  let lookup;
  if (ref.ImageName !== undefined) {
    name = ref.ImageName;
    // A shared image is never found by name (SPEC §3): only public and own images are.
    lookup = publicImages ? findPublicImage(ctx.region, name) : undefined;
    if (!lookup) record = await getImage(handle, ctx.accountId, ctx.region, name, nowMs);
  } else {
    const arn = ref.ImageArn ?? '';
    const parsed = parseAppStreamArn(arn);
    name = parsed?.name ?? arn;
    if (!parsed || parsed.resourceType !== 'image' || parsed.region !== ctx.region) throw imageNotFound(name, ctx.accountId);
    if (parsed.accountId === '') lookup = publicImages ? findPublicImageByArn(ctx.region, arn) : undefined;
    else {
      const found = await privateImageSeenBy(handle, ctx, parsed.accountId, name, nowMs);
      record = found.record;
      if (record && !found.allowFleet) throw imageNotSharedForFleets(arn);
    }
  }
  if (lookup?.image) {
    const image = lookup.image;
    return { name: image.Name, arn: image.Arn!, platform: image.Platform, supportedInstanceFamilies: image.SupportedInstanceFamilies };
  }
  if (lookup?.deprecated) {
    if (!allowDeprecated) throw imageNotAvailable(op, name, 'DEPRECATED');
    return { name, arn: publicImageArn(ctx.region, name) };
  }
  if (!record) throw imageNotFound(name, ctx.accountId);
  const state = imageState(record, nowMs);
  if (state !== 'AVAILABLE') throw imageNotAvailable(op, name, state);
  return fromPrivate(record);
}

/**
 * The private image `name` of `owner` in `ctx`'s region as `ctx`'s account sees it: its own, or
 * one shared with it (then `allowFleet` is the share's), else no record.
 */
async function privateImageSeenBy(handle: SqlDb, ctx: Partition, owner: string, name: string, nowMs: number): Promise<{ record?: ImageRecord; allowFleet: boolean }> {
  if (owner === ctx.accountId) return { record: await getImage(handle, owner, ctx.region, name, nowMs), allowFleet: true };
  const permission = await getImagePermission(handle, owner, ctx.region, name, ctx.accountId);
  return permission ? { record: await getImage(handle, owner, ctx.region, name, nowMs), allowFleet: permission.allowFleet } : { allowFleet: false };
}

/** The fleets of `part` that run the image `arn` (named `name`), in name order. */
export async function fleetsUsingImage(handle: SqlDb, part: Partition, nowMs: number, name: string, arn: string): Promise<FleetRecord[]> {
  const out: FleetRecord[] = [];
  // By name (indexed), then by ARN: a public and a private image, or two owners' images, may share a name.
  for await (const f of fleetTable.each(handle, part, nowMs, { where: { image_name: name } }, 200)) if (f.doc.ImageArn === arn) out.push(f);
  return out;
}

/**
 * For DeleteImage (inside its write): the first of the owner's fleets that uses the image,
 * in any state. DECISION: only the owner's own fleets block the deletion; a grantee's fleet
 * (its share already revoked, since a shared image cannot be deleted) is not named to the
 * owner, whose account must not learn another's fleets; it reports IMAGE_NOT_FOUND on its
 * next start.
 */
export async function fleetUsingImage(tx: SqlDb, part: Partition, nowMs: number, imageName: string): Promise<string | undefined> {
  return (await fleetsUsingImage(tx, part, nowMs, imageName, imageArn(part.region, part.accountId, imageName)))[0]?.name;
}

/**
 * When the owner of `imageName` (in `owner`) takes allowFleet away from `granteeAccountId`
 * (DeleteImagePermissions, or UpdateImagePermissions without allowFleet): inside that write,
 * the grantee's fleets on the image get desired capacity 0 [DG]; their instances drain over
 * one step (DECISION §15.27) and they keep their ImageArn. Answers how many fleets changed.
 */
export async function revokeFleetUse(tx: SqlDb, owner: Partition, imageName: string, granteeAccountId: string, nowMs: number, stepMs: number): Promise<number> {
  const grantee = { accountId: granteeAccountId, region: owner.region };
  await tx.lockPartition(grantee.accountId, grantee.region);
  const fleets = await fleetsUsingImage(tx, grantee, nowMs, imageName, imageArn(owner.region, owner.accountId, imageName));
  for (const fleet of fleets) {
    const running = runningInstances(fleet, nowMs);
    const capacity = fleet.doc.ComputeCapacity ?? {};
    fleet.doc.ComputeCapacity = capacity.DesiredSessions !== undefined ? { DesiredSessions: 0 } : { DesiredInstances: 0 };
    if (fleetState(fleet, nowMs) === 'RUNNING') fleet.doc.CapacityChange = { from: running, atMs: nowMs, untilMs: nowMs + stepMs };
    await fleetTable.update(tx, fleet);
  }
  return fleets.length;
}

/**
 * Whether the fleet runs an image with license-included applications (`ManagedSoftwareIncluded`,
 * SPEC-rest §9.2): the caller's own image or one shared with it for fleets, as stored now.
 * Public images of the catalogue carry none; an image gone since, or whose share the owner
 * revoked (or narrowed to image builders), counts as without.
 */
export async function runsLicenseIncludedImage(handle: SqlDb, fleet: FleetRecord, nowMs: number): Promise<boolean> {
  const parsed = fleet.doc.ImageArn === undefined ? undefined : parseAppStreamArn(fleet.doc.ImageArn);
  if (!parsed || parsed.resourceType !== 'image' || parsed.accountId === '' || parsed.region !== fleet.region) return false;
  const { record, allowFleet } = await privateImageSeenBy(handle, fleet, parsed.accountId, parsed.name, nowMs);
  return allowFleet && record?.doc.ManagedSoftwareIncluded === true;
}

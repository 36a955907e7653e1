// The image an image builder is created from: public (catalogue), private (own), or shared
// with the caller (by ARN only, with allowImageBuilder). One resolution, used by
// CreateImageBuilder and any later caller that needs it.
import { findPublicImage, findPublicImageByArn } from '../../catalog/public-images.js';
import { exactlyOneSourceImage, imageBuildersNotSupported, imageNotSharedForBuilders } from '../../errors/messages.js';
import { getImage, type ImageRecord } from '../../store/images-repo.js';
import { getImagePermission } from '../../store/permissions-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { imageArn, parseAppStreamArn } from '../arns.js';
import type { CallContext } from '../context.js';
import { imageState } from '../images/image-view.js';
import { imageNotAvailable, imageNotFound } from '../lifecycle/rules.js';
import type { ServiceDeps } from '../service-deps.js';

export interface SourceImage {
  name: string;
  arn: string;
  visibility: 'PUBLIC' | 'PRIVATE' | 'SHARED';
  platform?: string;
  agentVersion?: string;
  /** The source's own BaseImageArn (private and shared images made from another image). */
  baseImageArn?: string;
  publicBaseImageReleasedDate?: number;
  supportedInstanceFamilies?: string[];
  dynamicAppProvidersEnabled?: string;
  /** License-included software the image was made with. */
  softwareNames?: string[];
}

/** Images made from a builder with license-included software remember it (not a wire member). */
export type ImageDocWithSoftware = ImageRecord['doc'] & { SoftwareNames?: string[] };

function fromPrivate(record: ImageRecord, visibility: 'PRIVATE' | 'SHARED'): SourceImage {
  const d = record.doc;
  return {
    name: record.name,
    arn: imageArn(record.region, record.accountId, record.name),
    visibility,
    platform: d.Platform,
    agentVersion: d.AppstreamAgentVersion,
    baseImageArn: d.BaseImageArn,
    publicBaseImageReleasedDate: d.PublicBaseImageReleasedDate,
    supportedInstanceFamilies: d.SupportedInstanceFamilies,
    dynamicAppProvidersEnabled: d.DynamicAppProvidersEnabled,
    softwareNames: (d as ImageDocWithSoftware).SoftwareNames,
  };
}

/**
 * Resolves and checks the source image of CreateImageBuilder: exactly one of ImageName or
 * ImageArn; it must exist for the caller, be AVAILABLE and support image builders.
 */
export async function resolveBuilderSourceImage(
  tx: SqlDb,
  deps: ServiceDeps,
  ctx: CallContext,
  input: { ImageName?: string; ImageArn?: string },
  nowMs: number,
): Promise<SourceImage> {
  const byName = input.ImageName !== undefined && input.ImageName !== '';
  const byArn = input.ImageArn !== undefined && input.ImageArn !== '';
  if (byName === byArn) {
    throw exactlyOneSourceImage();
  }
  const op = 'CreateImageBuilder';
  let publicLookup;
  let privateRecord: ImageRecord | undefined;
  let shared = false;
  let name: string;
  // The account the not-found message names: the ARN's, when the image is named by ARN (issue 17).
  let namedAccount = ctx.accountId;
  if (byName) {
    name = input.ImageName!;
    publicLookup = deps.settings.publicImages ? findPublicImage(ctx.region, name) : undefined;
    if (!publicLookup) privateRecord = await getImage(tx, ctx.accountId, ctx.region, name, nowMs);
    // A shared image named by name is not found (AWS: the image ... for account <caller> does not exist).
  } else {
    const arn = input.ImageArn!;
    const parsed = parseAppStreamArn(arn);
    name = parsed?.name ?? arn;
    if (parsed?.accountId) namedAccount = parsed.accountId;
    if (!parsed || parsed.resourceType !== 'image' || parsed.region !== ctx.region) throw imageNotFound(name, namedAccount);
    if (parsed.accountId === '') {
      publicLookup = deps.settings.publicImages ? findPublicImageByArn(ctx.region, arn) : undefined;
    } else if (parsed.accountId === ctx.accountId) {
      privateRecord = await getImage(tx, ctx.accountId, ctx.region, name, nowMs);
    } else {
      const permission = await getImagePermission(tx, parsed.accountId, ctx.region, name, ctx.accountId);
      if (permission) privateRecord = await getImage(tx, parsed.accountId, ctx.region, name, nowMs);
      if (privateRecord && permission && !permission.allowImageBuilder) {
        // DECISION: shared without allowImageBuilder: OperationNotPermittedException.
        throw imageNotSharedForBuilders(name, ctx.accountId);
      }
      shared = true;
    }
  }
  if (publicLookup) {
    if (publicLookup.deprecated) throw imageNotAvailable(op, name, 'DEPRECATED');
    const image = publicLookup.image;
    return {
      name: image.Name,
      arn: image.Arn!,
      visibility: 'PUBLIC',
      platform: image.Platform,
      agentVersion: image.AppstreamAgentVersion,
      publicBaseImageReleasedDate: image.PublicBaseImageReleasedDate?.getTime(),
      supportedInstanceFamilies: image.SupportedInstanceFamilies,
    };
  }
  if (!privateRecord) throw imageNotFound(name, namedAccount);
  const state = imageState(privateRecord, nowMs);
  if (state !== 'AVAILABLE') throw imageNotAvailable(op, name, state);
  if (privateRecord.doc.ImageBuilderSupported === false) {
    throw imageBuildersNotSupported(name);
  }
  return fromPrivate(privateRecord, shared ? 'SHARED' : 'PRIVATE');
}

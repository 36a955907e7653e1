// Every member of `Image`, for every way an image comes to exist, in one table: what the
// creating operations keep (inheritedMembers) and what the views may show (conformImage) both
// follow it. The type makes the table complete: a member added to the model's Image shape
// does not compile until it has a row.
//
// Ways an image comes to exist (columns):
//   MADE      the Image Assistant in a builder (control API create-image; CloudTrail: CreateImage)
//   COPIED    CopyImage            UPDATED   CreateUpdatedImage      IMPORTED  CreateImportedImage
//   SHARED    how the grantee sees any of the above (DescribeImages, Visibility SHARED)
//   PUBLIC    AWS's public base images (src/catalog; checked against this table by a test)
// Seeded images (control API) carry what the seed gives; only the SHARED column applies to them.
//
// Fills:
//   always    present on every such image (the row says where the value comes from)
//   input     from the creating call, when given          builder  from the builder or its source image, when known
//   source    kept from the image it was made from        input-or-source  the call's value, else the source's
//   failure   only while the image is FAILED              owner    as the image's owner sees it
//   catalogue from AWS's catalogue entry, when it has it  absent   never present
// [Md X] is member X's text in AWS's API reference (the doc strings of botocore's model).
import type { Image } from '../../generated/shapes.js';
import type { ImageDoc } from '../../store/images-repo.js';

export type ImageOrigin = 'MADE' | 'COPIED' | 'UPDATED' | 'IMPORTED';
export type Fill = 'always' | 'input' | 'builder' | 'source' | 'input-or-source' | 'failure' | 'owner' | 'catalogue' | 'absent';
export type ImageMemberRow = Record<ImageOrigin | 'SHARED' | 'PUBLIC', Fill> & { why: string };

/** A stored image's doc with the way it came to exist (not a wire member; absent on seeded images). */
export type ImageDocWithOrigin = ImageDoc & { Origin?: ImageOrigin };

const row = (MADE: Fill, COPIED: Fill, UPDATED: Fill, IMPORTED: Fill, SHARED: Fill, PUBLIC: Fill, why: string): ImageMemberRow => ({
  MADE,
  COPIED,
  UPDATED,
  IMPORTED,
  SHARED,
  PUBLIC,
  why,
});

//                                         MADE       COPIED     UPDATED    IMPORTED   SHARED     PUBLIC
export const IMAGE_MEMBERS: { readonly [K in keyof Required<Image>]: ImageMemberRow } = {
  Name: row('always', 'always', 'always', 'always', 'always', 'always', 'the key'),
  Arn: row('always', 'always', 'always', 'always', 'always', 'always',
    "SPEC §2: the owner's ARN (also in the SHARED view); public images have an empty account field"),
  BaseImageArn: row('always', 'source', 'always', 'absent', 'owner', 'absent',
    '[Md] "the image from which this image was created": MADE, the builder\'s source image; UPDATED, the existing image (DECISION); ' +
      "COPIED keeps the source's (DECISION: the same image in another region); IMPORTED comes from an AMI, not an image (DECISION); PUBLIC: SPEC §3"),
  DisplayName: row('input', 'source', 'input-or-source', 'input', 'owner', 'always',
    'create-image DisplayName; newImageDisplayName; CreateImportedImage DisplayName; CopyImage has no display name member'),
  State: row('always', 'always', 'always', 'always', 'always', 'always', "from the image's schedule; PUBLIC: AVAILABLE (SPEC §3)"),
  Visibility: row('always', 'always', 'always', 'always', 'always', 'always', 'PRIVATE to the owner, SHARED to a grantee, PUBLIC (SPEC §3)'),
  ImageBuilderSupported: row('always', 'source', 'source', 'always', 'owner', 'always',
    'DECISION: true for images made in a builder and for imports; PUBLIC: true (SPEC §3)'),
  ImageBuilderName: row('always', 'absent', 'absent', 'absent', 'absent', 'absent',
    '[Md] "The name of the image builder that was used to create the private image. If the image is shared, copied, or updated by using ' +
      'Managed Image Updates, this value is null." An import has no builder'),
  Platform: row('builder', 'source', 'source', 'always', 'owner', 'always',
    "the builder's platform; IMPORTED: WINDOWS_SERVER_2022 ([Md SourceAmiId]: the AMI must be Windows Server 2022 Full Base)"),
  Description: row('input', 'input-or-source', 'input-or-source', 'input', 'owner', 'always',
    'create-image Description; DestinationImageDescription; newImageDescription; CreateImportedImage Description'),
  StateChangeReason: row('failure', 'failure', 'failure', 'failure', 'owner', 'absent', 'SPEC §4: a FAILED image says why'),
  Applications: row('builder', 'source', 'source', 'input', 'owner', 'catalogue',
    "the Image Assistant's catalogue; AppCatalogConfig (SPEC §4); PUBLIC: the sample image's applications"),
  CreatedTime: row('always', 'always', 'always', 'always', 'always', 'always', 'when the operation ran; PUBLIC: the release date (SPEC §3)'),
  PublicBaseImageReleasedDate: row('builder', 'source', 'source', 'absent', 'owner', 'always',
    '[Md] "For private images, this date is the release date of the base image from which the image was created"; an AMI has no public base image (DECISION)'),
  AppstreamAgentVersion: row('builder', 'source', 'always', 'always', 'owner', 'always',
    "the builder's agent (or the latest, when asked); UPDATED: the latest ([Md] CreateUpdatedImage); IMPORTED: the latest (DECISION)"),
  ImagePermissions: row('absent', 'absent', 'absent', 'absent', 'always', 'absent', "SPEC §3: a grantee sees what it was granted"),
  ImageErrors: row('failure', 'failure', 'failure', 'failure', 'owner', 'absent', 'SPEC §4: a FAILED image lists its errors'),
  LatestAppstreamAgentVersion: row('builder', 'source', 'always', 'always', 'owner', 'always', 'derived from AppstreamAgentVersion whenever that is known'),
  SupportedInstanceFamilies: row('builder', 'source', 'source', 'always', 'owner', 'always',
    "the builder's source image's; IMPORTED: see importedImageFamilies (DECISION)"),
  DynamicAppProvidersEnabled: row('builder', 'source', 'source', 'absent', 'owner', 'absent', "the builder's source image's, when it has it"),
  ImageSharedWithOthers: row('always', 'always', 'always', 'always', 'absent', 'absent',
    '[Md] "whether the image is shared with another account ID": told to the owner (SPEC §3); DECISION: not to a grantee, not for public images'),
  ManagedSoftwareIncluded: row('builder', 'source', 'source', 'absent', 'owner', 'absent',
    'true when license-included software was installed in the builder (DECISION: imports bring none)'),
  ImageType: row('always', 'source', 'source', 'always', 'owner', 'always',
    '[Md] "Images created through AMI import have type custom, while WorkSpaces Applications provided images have type native": ' +
      'MADE NATIVE (DECISION), IMPORTED CUSTOM (AMI) or BYOL (WorkSpaces image, DECISION), PUBLIC NATIVE (SPEC §3)'),
};

const MEMBERS = Object.keys(IMAGE_MEMBERS) as (keyof Image)[];

/**
 * The members of `source` (a stored doc) that an image made from it by `origin` keeps:
 * those the table fills with 'source' or 'input-or-source' (the handler then applies the
 * input). License-included software (SoftwareNames, not a wire member) goes with
 * ManagedSoftwareIncluded. Everything else (the builder name, failure details, the origin) stays behind.
 */
export function inheritedMembers(origin: 'COPIED' | 'UPDATED', source: ImageDoc): ImageDoc {
  const out: Record<string, unknown> = {};
  const keeps = (fill: Fill) => fill === 'source' || fill === 'input-or-source';
  for (const [key, value] of Object.entries(source)) {
    const r = IMAGE_MEMBERS[key as keyof Image];
    if (r ? keeps(r[origin]) : key === 'SoftwareNames' && keeps(IMAGE_MEMBERS.ManagedSoftwareIncluded[origin])) out[key] = value;
  }
  return out as ImageDoc;
}

/**
 * Drops from a viewed image the members the table says it cannot have: by its origin (when
 * known) and, for a grantee, by the SHARED column; 'failure' members unless it is FAILED.
 * Mutates and returns `image`.
 */
export function conformImage(image: Image, origin: ImageOrigin | undefined, visibility: 'PRIVATE' | 'SHARED'): Image {
  for (const member of MEMBERS) {
    const r = IMAGE_MEMBERS[member];
    // A grantee's view follows the SHARED column; where that says 'owner', the origin's.
    const fill = visibility === 'SHARED' && r.SHARED !== 'owner' ? r.SHARED : origin && r[origin];
    if (fill === 'absent' || (fill === 'failure' && image.State !== 'FAILED')) delete image[member];
  }
  return image;
}

// The count and combination rules of the image operations' inputs that AWS's API reference
// documents and the model's constraints do not carry (the generated validators check the
// model's: required, lengths, ranges, patterns, enums). One function per operation; each rule
// names its source: [Md <Shape.Member>] is the member's text in AWS's API reference (the doc
// strings of botocore's AppStream model), DECISION where the rule or its answer is ours.
//
// Rules already enforced elsewhere, listed so this stays the index:
//   CreateImageBuilder  exactly one of ImageName / ImageArn (SPEC §4)            source-image.ts
//                       InstanceType from AWS's image builder list [Md]          instance-types.ts
//   CreateImportedImage exactly one of SourceAmiId / WorkspaceImageId (SPEC §4)   image-lifecycle-handlers.ts
//                       RuntimeValidationConfig.IntendedInstanceType a real type  instance-types.ts
//   CreateImageBuilderStreamingURL  Validity 1..604800, default 3600 [Md]       image-builder-handlers.ts
//   UpdateImagePermissions  SharedAccountId a 12-digit account [Md]             image-permission-handlers.ts
//   CopyImage           DestinationRegion required even for the same region [Md]: the same region is accepted.
import { protocolErrors } from '../../errors/catalog.js';
import { builderNeedsOneSubnet, duplicateEntry, outOfRange } from '../../errors/messages.js';
import type { CreateImageBuilderRequest, CreateImportedImageRequest } from '../../generated/shapes.js';
import { failure, lengthAtLeast, lengthAtMost, listMemberConstraints } from '../../validation/message.js';

/** [Md VolumeConfig.VolumeSizeInGb] "Valid range is 200-500 GB. The default is 200 GB." */
export const ROOT_VOLUME_GB = { min: 200, max: 500 } as const;

/** [Md CreateImportedImageRequest.Name] "between 1 and 100 characters" (the Name pattern allows 101). */
export const IMPORTED_IMAGE_NAME_MAX = 100;

/**
 * CreateImageBuilder:
 * - [Md VpcConfig.SubnetIds, CreateImageBuilderRequest.VpcConfig] "Image builder instances use
 *   one subnet" / "You can specify only one subnet": a VpcConfig with SubnetIds names exactly
 *   one (DECISION: an empty list counts as a wrong count; no VpcConfig, or one with only
 *   security groups, is accepted). InvalidParameterCombinationException (issue 17).
 * - [Md VolumeConfig.VolumeSizeInGb, CreateImageBuilderRequest.RootVolumeConfig] 200..500 GB.
 *   InvalidParameterCombinationException (DECISION, SPEC-rest §15.26).
 */
export function checkCreateImageBuilderInput(input: CreateImageBuilderRequest): void {
  const subnets = input.VpcConfig?.SubnetIds;
  if (subnets !== undefined && subnets.length !== 1) throw builderNeedsOneSubnet(subnets.length);
  checkRootVolume(input.RootVolumeConfig?.VolumeSizeInGb);
}

/** [Md VolumeConfig.VolumeSizeInGb] 200..500 GB when given. */
export function checkRootVolume(sizeInGb: number | undefined): void {
  if (sizeInGb === undefined) return;
  if (!(Number.isInteger(sizeInGb) && sizeInGb >= ROOT_VOLUME_GB.min && sizeInGb <= ROOT_VOLUME_GB.max)) {
    throw outOfRange('RootVolumeConfig.VolumeSizeInGb', sizeInGb, ROOT_VOLUME_GB.min, ROOT_VOLUME_GB.max);
  }
}

/**
 * CreateImportedImage:
 * - [Md CreateImportedImageRequest.Name] at most 100 characters: ValidationException in AWS's
 *   form (DECISION: a length is a constraint, answered as the model's constraints are).
 * - [Md ApplicationConfig.Name] "must be unique within the application catalog":
 *   InvalidParameterCombinationException.
 * - [Md ApplicationConfig.AbsoluteAppPath / AbsoluteIconPath / AbsoluteManifestPath] "1-32767
 *   characters" (the model has only the maximum): ValidationException in AWS's form.
 */
export function checkCreateImportedImageInput(input: CreateImportedImageRequest): void {
  const failures: string[] = [];
  if (input.Name.length > IMPORTED_IMAGE_NAME_MAX) {
    failures.push(failure(input.Name, 'name', lengthAtMost(IMPORTED_IMAGE_NAME_MAX)));
  }
  const apps = input.AppCatalogConfig ?? [];
  apps.forEach((app, i) => {
    for (const member of ['AbsoluteAppPath', 'AbsoluteIconPath', 'AbsoluteManifestPath'] as const) {
      if (app[member] === '') {
        const path = `appCatalogConfig.${i + 1}.member.${member.charAt(0).toLowerCase()}${member.slice(1)}`;
        // ApplicationConfig is sensitive in the model: its values are not shown.
        failures.push(failure('', path, lengthAtLeast(1), true));
      }
    }
  });
  if (failures.length > 0) throw protocolErrors.validation(failures);
  const seen = new Set<string>();
  for (const app of apps) {
    if (seen.has(app.Name)) throw duplicateEntry('AppCatalogConfig application names', app.Name);
    seen.add(app.Name);
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const TWELVE_DIGITS = 'Member must be a 12-digit AWS account ID';

/**
 * [Md DescribeImagePermissionsRequest.SharedAwsAccountIds, DeleteImagePermissionsRequest.SharedAccountId]
 * "The 12-digit identifier" (the model's pattern is only ^\d+$). DECISION: ValidationException
 * about the member (neither operation models an error that fits), as UpdateImagePermissions does.
 */
export function checkAccountIds(ids: string | readonly string[] | undefined, member: string): void {
  if (ids === undefined) return;
  const list = typeof ids === 'string' ? [ids] : ids;
  if (list.every((id) => ACCOUNT_ID.test(id))) return;
  // A list of scalars is reported once, at the list (AWS's form; see src/validation/message.ts).
  const constraint = typeof ids === 'string' ? TWELVE_DIGITS : listMemberConstraints([TWELVE_DIGITS]);
  throw protocolErrors.validation([failure(ids, member, constraint)]);
}


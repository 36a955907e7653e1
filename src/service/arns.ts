// AppStream ARNs (SPEC §2). Public images have an empty account field.
import { partitionOf, publicImageArn } from '../catalog/public-images.js';

export { partitionOf, publicImageArn };

export function imageArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:appstream:${region}:${accountId}:image/${name}`;
}

export function imageBuilderArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:appstream:${region}:${accountId}:image-builder/${name}`;
}

export interface ParsedArn {
  partition: string;
  region: string;
  accountId: string; // '' for public images
  resourceType: string; // image, image-builder, fleet, ...
  name: string;
}

/** Splits an AppStream ARN; undefined when it is not one. */
export function parseAppStreamArn(arn: string): ParsedArn | undefined {
  const m = /^arn:(aws|aws-us-gov|aws-cn):appstream:([a-z0-9-]+):(\d{12}|):([a-z-]+)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, region: m[2]!, accountId: m[3]!, resourceType: m[4]!, name: m[5]! };
}

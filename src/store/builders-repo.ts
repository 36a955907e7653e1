// Image builders in the store: a use of the generic resource repository (resource-repo.ts).
// Wire members that are only echoed back live in `doc` in their wire spelling.
import { ResourceRepo, type ResourceRecord } from './resource-repo.js';
import type { SqlDb } from './sql-db.js';
import { IMAGE_BUILDERS } from './tables.js';

/** An application added to a builder's catalogue through the Image Assistant. */
export interface AssistantApplication {
  Name: string;
  DisplayName?: string;
  AbsoluteAppPath: string;
  LaunchParameters?: string;
  WorkingDirectory?: string;
}

/**
 * The stored members of an image builder, in wire spelling. Derived members are not stored:
 * Name and Arn (the key), State (from the schedule), CreatedTime (a column),
 * LatestAppstreamAgentVersion (from AppstreamAgentVersion). Times are epoch ms.
 */
export interface ImageBuilderDoc {
  ImageArn?: string;
  Description?: string;
  DisplayName?: string;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  InstanceType?: string;
  Platform?: string;
  IamRoleArn?: string;
  EnableDefaultInternetAccess?: boolean;
  DomainJoinInfo?: { DirectoryName?: string; OrganizationalUnitDistinguishedName?: string };
  AppstreamAgentVersion?: string;
  AccessEndpoints?: { EndpointType: string; VpceId?: string }[];
  RootVolumeConfig?: { VolumeSizeInGb?: number };
  DisableIMDSV1?: boolean;
  /** Shown as is (seeded builders); planned failures use PlannedFailure. */
  StateChangeReason?: { Code?: string; Message?: string };
  ImageBuilderErrors?: { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number }[];
  /** Applied when the schedule reaches FAILED (a failure rule was consumed). */
  PlannedFailure?: {
    StateChangeReason: { Code: string; Message: string };
    ImageBuilderErrors: { ErrorCode: string; ErrorMessage: string }[];
  };
  /** What images made from this builder inherit from its source image (not a wire member). */
  Source?: {
    /** The source image's BaseImageArn, when it has one (a private source). */
    BaseImageArn?: string;
    PublicBaseImageReleasedDate?: number;
    SupportedInstanceFamilies?: string[];
    DynamicAppProvidersEnabled?: string;
  };
  /** The Image Assistant's application catalogue (not a wire member). */
  Applications?: AssistantApplication[];
}

/** A stored image builder (times are emulated epoch ms; goneMs: when a deleted one stops existing). */
export type ImageBuilderRecord = ResourceRecord<ImageBuilderDoc>;

/**
 * The image_builders table (migration 1): deletions linger until gone_ms. refs.directory_name
 * (migration 15) is the DomainJoinInfo's directory config, set on insert.
 */
export const imageBuilderTable = new ResourceRepo<ImageBuilderDoc>(IMAGE_BUILDERS);

/**
 * Inserts a new image builder. A deleted builder whose name is free again is purged first.
 * Throws the store's unique violation (see SqlDb.isUniqueViolation) when the name is taken.
 */
export function insertImageBuilder(db: SqlDb, builder: ImageBuilderRecord, nowMs: number): Promise<void> {
  return imageBuilderTable.insert(db, { ...builder, refs: { directory_name: builder.doc.DomainJoinInfo?.DirectoryName ?? null } }, nowMs);
}

/** Writes back what may change after creation: the schedule, gone time and doc. */
export function updateImageBuilder(db: SqlDb, builder: ImageBuilderRecord): Promise<void> {
  return imageBuilderTable.update(db, builder);
}

/** An existing (not gone) builder of an account, or undefined. */
export function getImageBuilder(db: SqlDb, accountId: string, region: string, name: string, nowMs: number): Promise<ImageBuilderRecord | undefined> {
  return imageBuilderTable.get(db, { accountId, region }, name, nowMs);
}

/** How many builders the account has in the region now (the quota's count). */
export function countImageBuilders(db: SqlDb, accountId: string, region: string, nowMs: number): Promise<number> {
  return imageBuilderTable.count(db, { accountId, region }, nowMs);
}

/** One keyset page of an account's builders in name order, after `afterName` (exclusive). */
export function pageImageBuilders(db: SqlDb, accountId: string, region: string, afterName: string | null, limit: number, nowMs: number): Promise<ImageBuilderRecord[]> {
  return imageBuilderTable.page(db, { accountId, region }, nowMs, { after: afterName, limit });
}

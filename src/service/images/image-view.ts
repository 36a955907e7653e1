// A stored image as a caller sees it: the Image shape with its derived members filled in
// (Arn, State at the emulated now, Visibility, sharing, failure details, agent freshness).
import { LATEST_AGENT_VERSION } from '../../catalog/public-images.js';
import type { Image, ImagePermissions } from '../../generated/shapes.js';
import type { ImageRecord } from '../../store/images-repo.js';
import { imageArn } from '../arns.js';
import { stateAt } from '../../core/schedule.js';
import { conformImage, type ImageDocWithOrigin } from './image-members.js';

export type ImageViewer = { visibility: 'PRIVATE' } | { visibility: 'SHARED'; permissions: ImagePermissions };

const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function imageState(record: ImageRecord, nowMs: number): string {
  return stateAt(record.schedule, nowMs).state;
}

export function viewImage(record: ImageRecord, nowMs: number, viewer: ImageViewer = { visibility: 'PRIVATE' }): Image {
  const d = record.doc;
  const state = imageState(record, nowMs);
  const failure = state === 'FAILED' && d.PlannedFailure ? d.PlannedFailure : undefined;
  const stateChangeReason = failure?.StateChangeReason ?? d.StateChangeReason;
  const imageErrors = failure
    ? failure.ImageErrors.map((e) => ({ ...e, ErrorTimestamp: new Date(stateAt(record.schedule, nowMs).atMs) }))
    : d.ImageErrors?.map((e) => ({ ...e, ErrorTimestamp: toDate(e.ErrorTimestamp) }));
  const image: Image = {
    Name: record.name,
    Arn: imageArn(record.region, record.accountId, record.name),
    BaseImageArn: d.BaseImageArn,
    DisplayName: d.DisplayName,
    State: state as Image['State'],
    Visibility: viewer.visibility,
    ImageBuilderSupported: d.ImageBuilderSupported ?? true,
    ImageBuilderName: d.ImageBuilderName,
    Platform: d.Platform as Image['Platform'],
    Description: d.Description,
    StateChangeReason: stateChangeReason as Image['StateChangeReason'],
    Applications: d.Applications as Image['Applications'],
    CreatedTime: new Date(record.createdMs),
    PublicBaseImageReleasedDate: toDate(d.PublicBaseImageReleasedDate),
    AppstreamAgentVersion: d.AppstreamAgentVersion,
    ImagePermissions: viewer.visibility === 'SHARED' ? viewer.permissions : undefined,
    ImageErrors: imageErrors as Image['ImageErrors'],
    LatestAppstreamAgentVersion:
      d.AppstreamAgentVersion === undefined ? undefined : d.AppstreamAgentVersion === LATEST_AGENT_VERSION ? 'TRUE' : 'FALSE',
    SupportedInstanceFamilies: d.SupportedInstanceFamilies,
    DynamicAppProvidersEnabled: d.DynamicAppProvidersEnabled as Image['DynamicAppProvidersEnabled'],
    ImageSharedWithOthers: viewer.visibility === 'PRIVATE' ? (record.sharedWithOthers ? 'TRUE' : 'FALSE') : undefined,
    ManagedSoftwareIncluded: d.ManagedSoftwareIncluded,
    ImageType: d.ImageType as Image['ImageType'],
  };
  // Absent members are omitted on the wire, never null: drop the undefined ones here once.
  for (const key of Object.keys(image) as (keyof Image)[]) if (image[key] === undefined) delete image[key];
  // The members this kind of image may have (image-members.ts), e.g. no ImageBuilderName when shared.
  return conformImage(image, (d as ImageDocWithOrigin).Origin, viewer.visibility);
}

// The operations that make, change and remove private images (SPEC §4): CopyImage,
// CreateUpdatedImage, CreateImportedImage, DeleteImage. (Images made from a builder: see
// image-builders/image-assistant.ts.) States are schedules:
//   copy:   COPYING -> AVAILABLE | FAILED        (the copy, in the destination region)
//   update: CREATING -> AVAILABLE | FAILED       (the new image)
//   import: IMPORTING [-> VALIDATING] -> AVAILABLE | FAILED
//   delete: AVAILABLE | FAILED -> DELETING -> gone
import { KNOWN_REGIONS, LATEST_AGENT_VERSION, partitionOf } from '../../catalog/public-images.js';
import { modeledError, protocolErrors } from '../../errors/catalog.js';
import type { Application, Image } from '../../generated/shapes.js';
import { getImage, updateImage, type ImageRecord } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { removeAllTags } from '../../store/tags-repo.js';
import { imageArn } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../handler-types.js';
import { checkInstanceType, instanceFamilyOf } from '../image-builders/instance-types.js';
import type { ImageDocWithSoftware } from '../image-builders/source-image.js';
import {
  checkIamRoleArn,
  checkImageNameFree,
  checkNewImageName,
  imageNotAvailable,
  imageNotFound,
  insertNewImage,
  lockAndCheckImageQuota,
  lockAndNow,
  stateError,
} from '../lifecycle/rules.js';
import { appendTransitions, newSchedule } from '../../core/schedule.js';
import { consumeFailure, imageFailure, stepMs } from '../lifecycle/transitions.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { imageState, viewImage } from './image-view.js';
import { refuseDeleteWhileExporting } from '../export-image-tasks/export-task-handlers.js';

type LifecycleHandlers = {
  CopyImage: Handler<'CopyImage'>;
  CreateUpdatedImage: Handler<'CreateUpdatedImage'>;
  CreateImportedImage: Handler<'CreateImportedImage'>;
  DeleteImage: Handler<'DeleteImage'>;
};

/** An image the caller owns, existing now (images shared with the caller are not found by name). */
async function requireOwnImage(handle: SqlDb, ctx: CallContext, name: string, nowMs: number): Promise<ImageRecord> {
  const image = await getImage(handle, ctx.accountId, ctx.region, name, nowMs);
  if (!image) throw imageNotFound(name, ctx.accountId);
  return image;
}

/** The view an action answers: the state it just entered, whatever the step length. */
function viewAsEntered(record: ImageRecord, nowMs: number, state: string): Image {
  return viewImage({ ...record, schedule: [{ state, atMs: nowMs }], sharedWithOthers: record.sharedWithOthers ?? false }, nowMs);
}

/** Drops undefined members so the stored doc stays small. */
function compact<T extends object>(doc: T): T {
  for (const key of Object.keys(doc) as (keyof T)[]) if (doc[key] === undefined) delete doc[key];
  return doc;
}

/**
 * DECISION: a destination region must have AWS's form (e.g. eu-west-1) and be in the source's
 * partition; any such region is served (the catalogue's regions are the known ones, not a limit).
 */
function checkDestinationRegion(source: string, destination: string): void {
  const valid = /^[a-z]{2}(-[a-z]+)+-\d+$/.test(destination) && partitionOf(destination) === partitionOf(source);
  if (!valid) {
    throw protocolErrors.validation([
      `Value '${destination}' at 'destinationRegion' failed to satisfy constraint: Member must be an AppStream 2.0 region of the partition ${partitionOf(source)}${
        KNOWN_REGIONS.length ? ` (e.g. ${KNOWN_REGIONS.slice(0, 3).join(', ')})` : ''
      }`,
    ]);
  }
}

/** DECISION: an imported image's platform; AWS reads it from the AMI, which the emulator does not have. */
const IMPORTED_PLATFORM = 'WINDOWS_SERVER_2022';

export function imageLifecycleHandlers(deps: ServiceDeps): LifecycleHandlers {
  const { db, clock } = deps;

  return {
    async CopyImage(input, ctx) {
      checkNewImageName(input.DestinationImageName, 'DestinationImageName');
      checkDestinationRegion(ctx.region, input.DestinationRegion);
      const destination = input.DestinationRegion;
      return db.transaction(async (tx) => {
        // Both partitions: the source must not change under the copy, the destination holds the quota.
        const now = await lockAndNow(tx, deps, ctx.accountId, ctx.region, destination);
        const source = await requireOwnImage(tx, ctx, input.SourceImageName, now);
        const state = imageState(source, now);
        if (state !== 'AVAILABLE') throw imageNotAvailable('CopyImage', source.name, state);
        // The quota and the name are the destination's (lock that partition).
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, destination, now);
        await checkImageNameFree(tx, ctx.accountId, destination, input.DestinationImageName, now);
        const fails = await consumeFailure(tx, 'CopyImage', ctx.accountId);
        // DECISION: a copy keeps the source's members but the builder name (no builder exists
        // there); DestinationImageDescription replaces the description; tags are not copied.
        const { PlannedFailure: _p, StateChangeReason: _r, ImageErrors: _e, ImageBuilderName: _b, ...kept } = source.doc;
        const copy: ImageRecord = {
          accountId: ctx.accountId,
          region: destination,
          name: input.DestinationImageName,
          createdMs: now,
          schedule: newSchedule(now, stepMs(deps), 'COPYING', fails ? 'FAILED' : 'AVAILABLE'),
          goneMs: null,
          doc: compact({
            ...kept,
            Description: input.DestinationImageDescription ?? source.doc.Description,
            PlannedFailure: fails ? imageFailure('CopyImage') : undefined,
          }),
        };
        await insertNewImage(tx, copy, now);
        return { DestinationImageName: input.DestinationImageName };
      });
    },

    async CreateUpdatedImage(input, ctx) {
      const op = 'CreateUpdatedImage';
      if (!input.dryRun) checkNewImageName(input.newImageName, 'NewImageName');
      return db.transaction(async (tx) => {
        const now = await lockAndNow(tx, deps, ctx.accountId, ctx.region);
        const existing = await requireOwnImage(tx, ctx, input.existingImageName, now);
        const state = imageState(existing, now);
        if (state !== 'AVAILABLE') throw imageNotAvailable(op, existing.name, state);
        const canUpdate = existing.doc.AppstreamAgentVersion !== LATEST_AGENT_VERSION;
        if (input.dryRun) {
          // DECISION: dryRun answers the existing image and whether it can be updated; it creates nothing.
          return { image: viewImage(existing, now), canUpdateImage: canUpdate };
        }
        if (!canUpdate) {
          throw modeledError(
            'IncompatibleImageException',
            `The image ${existing.name} already uses the latest AppStream 2.0 agent (${LATEST_AGENT_VERSION}); there is no update to apply.`,
          );
        }
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, ctx.region, now);
        await checkImageNameFree(tx, ctx.accountId, ctx.region, input.newImageName, now);
        const fails = await consumeFailure(tx, op, ctx.accountId);
        const { PlannedFailure: _p, StateChangeReason: _r, ImageErrors: _e, ...kept } = existing.doc;
        const updated: ImageRecord = {
          accountId: ctx.accountId,
          region: ctx.region,
          name: input.newImageName,
          createdMs: now,
          schedule: newSchedule(now, stepMs(deps), 'CREATING', fails ? 'FAILED' : 'AVAILABLE'),
          goneMs: null,
          doc: compact({
            ...kept,
            // DECISION: the updated image is made from the existing one: that is its BaseImageArn.
            BaseImageArn: imageArn(ctx.region, ctx.accountId, existing.name),
            DisplayName: input.newImageDisplayName ?? existing.doc.DisplayName,
            Description: input.newImageDescription ?? existing.doc.Description,
            AppstreamAgentVersion: LATEST_AGENT_VERSION,
            PlannedFailure: fails ? imageFailure(op) : undefined,
          }),
        };
        await insertNewImage(tx, updated, now);
        await applyCreateTags(tx, imageArn(ctx.region, ctx.accountId, updated.name), input.newImageTags);
        return { image: viewAsEntered(updated, now, 'CREATING'), canUpdateImage: true };
      });
    },

    async CreateImportedImage(input, ctx) {
      const op = 'CreateImportedImage';
      const byAmi = input.SourceAmiId !== undefined && input.SourceAmiId !== '';
      const byWorkspace = input.WorkspaceImageId !== undefined && input.WorkspaceImageId !== '';
      if (byAmi === byWorkspace) {
        throw modeledError('InvalidParameterCombinationException', 'Exactly one of SourceAmiId or WorkspaceImageId must be specified.');
      }
      checkNewImageName(input.Name, 'Name');
      checkIamRoleArn(input.IamRoleArn);
      const intended = input.RuntimeValidationConfig?.IntendedInstanceType;
      if (intended !== undefined) checkInstanceType(intended);
      return db.transaction(async (tx) => {
        const now = await lockAndNow(tx, deps, ctx.accountId, ctx.region);
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, ctx.region, now);
        await checkImageNameFree(tx, ctx.accountId, ctx.region, input.Name, now);
        if (input.DryRun) {
          throw modeledError('DryRunOperationException', 'Request would have succeeded, but DryRun flag is set.');
        }
        const fails = await consumeFailure(tx, op, ctx.accountId);
        const platform = IMPORTED_PLATFORM;
        const families = intended !== undefined ? [instanceFamilyOf(intended)!] : ['GENERAL_PURPOSE', 'COMPUTE_OPTIMIZED', 'MEMORY_OPTIMIZED'];
        const applications: Application[] = (input.AppCatalogConfig ?? []).map((a) =>
          compact({
            Name: a.Name,
            DisplayName: a.DisplayName ?? a.Name,
            LaunchPath: a.AbsoluteAppPath,
            LaunchParameters: a.LaunchParameters,
            WorkingDirectory: a.WorkingDirectory,
            Enabled: true,
            Platforms: [platform] as Application['Platforms'],
            InstanceFamilies: families,
            Metadata: {},
          }),
        );
        const states = ['IMPORTING', ...(input.RuntimeValidationConfig ? ['VALIDATING'] : []), fails ? 'FAILED' : 'AVAILABLE'];
        const doc: ImageDocWithSoftware = compact({
          DisplayName: input.DisplayName,
          Description: input.Description,
          ImageBuilderSupported: true,
          Platform: platform,
          // DECISION: an AMI import is CUSTOM; a WorkSpaces image (bring your own license) is BYOL.
          ImageType: byAmi ? 'CUSTOM' : 'BYOL',
          Applications: applications.length > 0 ? applications : undefined,
          // DECISION: imports get the latest agent (AgentSoftwareVersion CURRENT_LATEST or ALWAYS_LATEST alike).
          AppstreamAgentVersion: LATEST_AGENT_VERSION,
          SupportedInstanceFamilies: families,
          PlannedFailure: fails ? imageFailure(op) : undefined,
        });
        const image: ImageRecord = {
          accountId: ctx.accountId,
          region: ctx.region,
          name: input.Name,
          createdMs: now,
          schedule: newSchedule(now, stepMs(deps), ...states),
          goneMs: null,
          doc,
        };
        await insertNewImage(tx, image, now);
        await applyCreateTags(tx, imageArn(ctx.region, ctx.accountId, input.Name), input.Tags);
        return { Image: viewAsEntered(image, now, 'IMPORTING') };
      });
    },

    async DeleteImage(input, ctx) {
      return db.transaction(async (tx) => {
        const now = await lockAndNow(tx, deps, ctx.accountId, ctx.region);
        const image = await requireOwnImage(tx, ctx, input.Name, now);
        if (image.sharedWithOthers) {
          throw modeledError(
            'ResourceInUseException',
            `The image ${image.name} is shared with other accounts. Remove its image permissions before you delete it.`,
          );
        }
        await refuseDeleteWhileExporting(tx, ctx, image.name, now, (text) => modeledError('ResourceInUseException', text));
        const state = imageState(image, now);
        if (state !== 'AVAILABLE' && state !== 'FAILED') {
          // DeleteImage does not list ResourceNotAvailableException: OperationNotPermittedException.
          throw stateError('DeleteImage', `The image ${image.name} is ${state}. The image must be in an AVAILABLE or FAILED state for this action to succeed.`);
        }
        const step = stepMs(deps);
        image.schedule = appendTransitions(image.schedule, now, step, 'DELETING');
        image.goneMs = now + step;
        await updateImage(tx, image);
        await removeAllTags(tx, imageArn(ctx.region, ctx.accountId, image.name));
        return { Image: viewAsEntered(image, now, 'DELETING') };
      });
    },
  };
}

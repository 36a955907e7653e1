// The operations that make, change and remove private images (SPEC §4): CopyImage,
// CreateUpdatedImage, CreateImportedImage, DeleteImage. (Images made from a builder: see
// image-builders/image-assistant.ts.) States are schedules:
//   copy:   COPYING -> AVAILABLE | FAILED        (the copy, in the destination region)
//   update: CREATING -> AVAILABLE | FAILED       (the new image)
//   import: IMPORTING [-> VALIDATING] -> AVAILABLE | FAILED
//   delete: AVAILABLE | FAILED -> DELETING -> gone
import { KNOWN_REGIONS, LATEST_AGENT_VERSION, partitionOf } from '../../catalog/public-images.js';
import { protocolErrors } from '../../errors/catalog.js';
import { dryRunWouldSucceed, exactlyOneImportSource, imageAlreadyLatest, imageInUseByFleet, imageNotDeletableText, imageSharedInUse } from '../../errors/messages.js';
import type { Application, Image } from '../../generated/shapes.js';
import { getImage, updateImage, type ImageRecord } from '../../store/images-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { removeAllTags } from '../../store/tags-repo.js';
import { imageArn } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { checkInstanceType, importedImageFamilies } from '../image-builders/instance-types.js';
import type { ImageDocWithSoftware } from '../image-builders/source-image.js';
import {
  checkIamRoleArn,
  checkImageNameFree,
  checkNewImageName,
  imageNotAvailable,
  imageNotFound,
  insertNewImage,
  lockAndCheckImageQuota,
  stateError,
} from '../lifecycle/rules.js';
import { write } from '../resources/write.js';
import { advance, begin, goneAfter } from '../resources/state-machine.js';
import { IMAGE_STATES } from './states.js';
import { consumeFailure, imageFailure, stepMs } from '../lifecycle/transitions.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { fleetUsingImage } from '../fleets/fleet-image.js';
import { imageState, viewImage } from './image-view.js';
import { refuseDeleteWhileExporting } from '../export-image-tasks/export-task-handlers.js';
import { inheritedMembers, type ImageDocWithOrigin } from './image-members.js';
import { checkCreateImportedImageInput } from './input-rules.js';

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

/** An imported image's platform: [Md CreateImportedImage.SourceAmiId] the AMI must be Windows Server 2022 Full Base. */
const IMPORTED_PLATFORM = 'WINDOWS_SERVER_2022';

export function imageLifecycleHandlers(deps: ServiceDeps): LifecycleHandlers {

  return {
    async CopyImage(input, ctx) {
      checkNewImageName(input.DestinationImageName, 'DestinationImageName');
      checkDestinationRegion(ctx.region, input.DestinationRegion);
      const destination = input.DestinationRegion;
      return write(deps, ctx, async ({ tx, now }) => {
        // Both partitions: the source must not change under the copy, the destination holds the quota.
        const source = await requireOwnImage(tx, ctx, input.SourceImageName, now);
        const state = imageState(source, now);
        if (state !== 'AVAILABLE') throw imageNotAvailable('CopyImage', source.name, state);
        // The quota and the name are the destination's (lock that partition).
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, destination, now);
        await checkImageNameFree(tx, ctx.accountId, destination, input.DestinationImageName, now);
        const fails = await consumeFailure(tx, 'CopyImage', ctx.accountId);
        // A copy keeps what image-members.ts says (not the builder name: [Md] Image.ImageBuilderName);
        // DestinationImageDescription replaces the description; tags are not copied ([Md] CopyImage).
        const kept = inheritedMembers('COPIED', source.doc);
        const copy: ImageRecord = {
          accountId: ctx.accountId,
          region: destination,
          name: input.DestinationImageName,
          createdMs: now,
          schedule: begin(IMAGE_STATES, 'copy', now, stepMs(deps), fails),
          goneMs: null,
          doc: compact<ImageDocWithOrigin>({
            ...kept,
            Origin: 'COPIED',
            Description: input.DestinationImageDescription ?? source.doc.Description,
            PlannedFailure: fails ? imageFailure('CopyImage') : undefined,
          }),
        };
        await insertNewImage(tx, copy, now);
        return { DestinationImageName: input.DestinationImageName };
      }, [destination]);
    },

    async CreateUpdatedImage(input, ctx) {
      const op = 'CreateUpdatedImage';
      if (!input.dryRun) checkNewImageName(input.newImageName, 'NewImageName');
      return write(deps, ctx, async ({ tx, now }) => {
        const existing = await requireOwnImage(tx, ctx, input.existingImageName, now);
        const state = imageState(existing, now);
        if (state !== 'AVAILABLE') throw imageNotAvailable(op, existing.name, state);
        const canUpdate = existing.doc.AppstreamAgentVersion !== LATEST_AGENT_VERSION;
        if (input.dryRun) {
          // DECISION: dryRun answers the existing image and whether it can be updated; it creates nothing.
          return { image: viewImage(existing, now), canUpdateImage: canUpdate };
        }
        if (!canUpdate) {
          throw imageAlreadyLatest(existing.name, LATEST_AGENT_VERSION);
        }
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, ctx.region, now);
        await checkImageNameFree(tx, ctx.accountId, ctx.region, input.newImageName, now);
        const fails = await consumeFailure(tx, op, ctx.accountId);
        // Not the builder name: [Md] Image.ImageBuilderName is null for updated images (issue 17).
        const kept = inheritedMembers('UPDATED', existing.doc);
        const updated: ImageRecord = {
          accountId: ctx.accountId,
          region: ctx.region,
          name: input.newImageName,
          createdMs: now,
          schedule: begin(IMAGE_STATES, 'update', now, stepMs(deps), fails),
          goneMs: null,
          doc: compact<ImageDocWithOrigin>({
            ...kept,
            Origin: 'UPDATED',
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
        throw exactlyOneImportSource();
      }
      checkNewImageName(input.Name, 'Name');
      checkCreateImportedImageInput(input);
      checkIamRoleArn(input.IamRoleArn);
      const intended = input.RuntimeValidationConfig?.IntendedInstanceType;
      if (intended !== undefined) checkInstanceType(intended, 'runtimeValidation');
      return write(deps, ctx, async ({ tx, now }) => {
        await lockAndCheckImageQuota(tx, deps, ctx.accountId, ctx.region, now);
        await checkImageNameFree(tx, ctx.accountId, ctx.region, input.Name, now);
        if (input.DryRun) {
          throw dryRunWouldSucceed();
        }
        const fails = await consumeFailure(tx, op, ctx.accountId);
        const platform = IMPORTED_PLATFORM;
        const families = importedImageFamilies(intended);
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
        const doc: ImageDocWithSoftware & ImageDocWithOrigin = compact({
          Origin: 'IMPORTED' as const,
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
          schedule: begin(IMAGE_STATES, input.RuntimeValidationConfig ? 'importValidated' : 'import', now, stepMs(deps), fails),
          goneMs: null,
          doc,
        };
        await insertNewImage(tx, image, now);
        await applyCreateTags(tx, imageArn(ctx.region, ctx.accountId, input.Name), input.Tags);
        return { Image: viewAsEntered(image, now, 'IMPORTING') };
      });
    },

    async DeleteImage(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const image = await requireOwnImage(tx, ctx, input.Name, now);
        if (image.sharedWithOthers) {
          throw imageSharedInUse(image.name);
        }
        // An image a fleet runs cannot go (SPEC-rest §11), checked after the shares.
        const fleet = await fleetUsingImage(tx, ctx, now, image.name);
        if (fleet !== undefined) throw imageInUseByFleet(image.name, fleet);
        await refuseDeleteWhileExporting(tx, ctx, image.name, now);
        const state = imageState(image, now);
        if (state !== 'AVAILABLE' && state !== 'FAILED') {
          // DeleteImage does not list ResourceNotAvailableException: OperationNotPermittedException.
          throw stateError('DeleteImage', imageNotDeletableText(image.name, state));
        }
        const step = stepMs(deps);
        image.schedule = advance(IMAGE_STATES, 'delete', image.schedule, now, step);
        image.goneMs = now + goneAfter(IMAGE_STATES, 'delete', step)!;
        await updateImage(tx, image);
        await removeAllTags(tx, imageArn(ctx.region, ctx.accountId, image.name));
        return { Image: viewAsEntered(image, now, 'DELETING') };
      });
    },
  };
}

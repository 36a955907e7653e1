// The image builder group (SPEC §4): CreateImageBuilder, StartImageBuilder, StopImageBuilder,
// DeleteImageBuilder, DescribeImageBuilders, CreateImageBuilderStreamingURL.
//
// States are data: a builder's schedule says what it is at any time (see core/schedule.ts).
//   create: PENDING -> RUNNING (or FAILED, when a failure rule is consumed)
//   stop:   RUNNING -> STOPPING -> STOPPED
//   start:  STOPPED -> PENDING -> RUNNING (or FAILED)
//   delete: RUNNING | STOPPED | FAILED -> DELETING -> gone
//   create-image (Image Assistant): RUNNING -> SNAPSHOTTING -> STOPPED
// Every write takes the partition lock first, so two actions on one builder serialize.
import { LATEST_AGENT_VERSION } from '../../catalog/public-images.js';
import type { ImageBuilder } from '../../generated/shapes.js';
import {
  getImageBuilder,
  imageBuilderTable,
  updateImageBuilder,
  type ImageBuilderRecord,
} from '../../store/builders-repo.js';
import { deleteBuilderSoftware, putSoftwareAssociation } from '../../store/software-repo.js';
import { removeAllTags } from '../../store/tags-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { imageBuilderArn } from '../arns.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import {
  builderNameTaken,
  builderNotFound,
  builderWrongState,
  checkIamRoleArn,
  insertNewImageBuilder,
  lockAndCheckBuilderQuota,
} from '../lifecycle/rules.js';
import { write } from '../resources/write.js';
import { newSchedule } from '../../core/schedule.js';
import { advance, begin } from '../resources/state-machine.js';
import { BUILDER_STATES } from './states.js';
import { builderFailure, consumeFailure, stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import { requireDomainJoin } from '../directory-configs/domain-join.js';
import { errorsOf } from '../resources/op-errors.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { builderState, viewImageBuilder, viewImageBuilderAsEntered } from './builder-view.js';
import { checkCreateImageBuilderInput } from '../images/input-rules.js';
import { checkInstanceType } from './instance-types.js';
import { checkSoftwareNames, LICENSE_INCLUDED_SOFTWARE, REMOVED } from './software.js';
import { resolveBuilderSourceImage } from './source-image.js';
import { builderStreamingAnswer, builderStreamingValidity } from '../streaming-urls.js';
import { ViewMemo } from '../resources/view-memo.js';

/** Builders as DescribeImageBuilders answers them, kept per row version (resources/view-memo.ts). */
const builderViews = new ViewMemo(imageBuilderTable, '', viewImageBuilder);

type BuilderHandlers = {
  CreateImageBuilder: Handler<'CreateImageBuilder'>;
  StartImageBuilder: Handler<'StartImageBuilder'>;
  StopImageBuilder: Handler<'StopImageBuilder'>;
  DeleteImageBuilder: Handler<'DeleteImageBuilder'>;
  DescribeImageBuilders: Handler<'DescribeImageBuilders'>;
  CreateImageBuilderStreamingURL: Handler<'CreateImageBuilderStreamingURL'>;
};

/** DECISION: `AppstreamAgentVersion: LATEST` (AWS's keyword) means the newest agent; other values are kept as given. */
export function resolveAgentVersion(requested: string | undefined, fallback: string | undefined): string | undefined {
  if (requested === undefined) return fallback;
  return requested.toUpperCase() === 'LATEST' ? LATEST_AGENT_VERSION : requested;
}


/** A builder of the caller, existing now, or ResourceNotFoundException. */
export async function requireBuilder(handle: SqlDb, ctx: CallContext, name: string, nowMs: number): Promise<ImageBuilderRecord> {
  const builder = await getImageBuilder(handle, ctx.accountId, ctx.region, name, nowMs);
  if (!builder) throw builderNotFound(name, ctx.accountId);
  return builder;
}

export function imageBuilderHandlers(deps: ServiceDeps): BuilderHandlers {
  const { db, clock } = deps;

  return {
    async CreateImageBuilder(input, ctx) {
      checkIamRoleArn(input.IamRoleArn);
      checkCreateImageBuilderInput(input);
      return write(deps, ctx, async ({ tx, now }) => {
        const source = await resolveBuilderSourceImage(tx, deps, ctx, input, now);
        checkInstanceType(input.InstanceType, 'imageBuilder', { supportedInstanceFamilies: source.supportedInstanceFamilies });
        // SPEC-rest §8.1: the directory config it joins must exist.
        await requireDomainJoin(tx, ctx, input.DomainJoinInfo, now, errorsOf('CreateImageBuilder'));
        const toInstall = [...new Set(input.SoftwaresToInstall ?? [])];
        const toUninstall = [...new Set(input.SoftwaresToUninstall ?? [])];
        checkSoftwareNames('CreateImageBuilder', [...toInstall, ...toUninstall], source.platform, `the image ${source.name}`);
        if (await getImageBuilder(tx, ctx.accountId, ctx.region, input.Name, now)) throw builderNameTaken(input.Name);
        await lockAndCheckBuilderQuota(tx, deps, ctx.accountId, ctx.region, now);
        const step = stepMs(deps);
        const fails = await consumeFailure(tx, 'CreateImageBuilder', ctx.accountId);
        const record: ImageBuilderRecord = {
          accountId: ctx.accountId,
          region: ctx.region,
          name: input.Name,
          createdMs: now,
          schedule: begin(BUILDER_STATES, 'create', now, step, fails),
          goneMs: null,
          doc: {
            ImageArn: source.arn,
            Description: input.Description,
            DisplayName: input.DisplayName,
            VpcConfig: input.VpcConfig,
            InstanceType: input.InstanceType,
            Platform: source.platform,
            IamRoleArn: input.IamRoleArn,
            EnableDefaultInternetAccess: input.EnableDefaultInternetAccess ?? false,
            DomainJoinInfo: input.DomainJoinInfo,
            AppstreamAgentVersion: resolveAgentVersion(input.AppstreamAgentVersion, source.agentVersion),
            AccessEndpoints: input.AccessEndpoints,
            RootVolumeConfig: input.RootVolumeConfig,
            DisableIMDSV1: input.DisableIMDSV1,
            PlannedFailure: fails ? builderFailure('CreateImageBuilder') : undefined,
            Source: {
              BaseImageArn: source.baseImageArn,
              PublicBaseImageReleasedDate: source.publicBaseImageReleasedDate,
              SupportedInstanceFamilies: source.supportedInstanceFamilies,
              DynamicAppProvidersEnabled: source.dynamicAppProvidersEnabled,
            },
          },
        };
        await insertNewImageBuilder(tx, record, now);
        // Software: what the source image has stays installed unless asked to uninstall it;
        // SoftwaresToInstall deploys while the builder starts.
        await deleteBuilderSoftware(tx, ctx.accountId, ctx.region, input.Name);
        const base = { accountId: ctx.accountId, region: ctx.region, builderName: input.Name };
        for (const softwareName of source.softwareNames ?? []) {
          if (!LICENSE_INCLUDED_SOFTWARE.includes(softwareName) || toInstall.includes(softwareName)) continue;
          const schedule = toUninstall.includes(softwareName)
            ? newSchedule(now, step, 'PENDING_UNINSTALLATION', REMOVED)
            : newSchedule(now, 0, 'INSTALLED');
          await putSoftwareAssociation(tx, { ...base, softwareName, doc: { schedule } });
        }
        for (const softwareName of toInstall) {
          const schedule = newSchedule(now, step, 'PENDING_INSTALLATION', fails ? 'FAILED_TO_INSTALL' : 'INSTALLED');
          await putSoftwareAssociation(tx, {
            ...base,
            softwareName,
            doc: fails ? { schedule, DeploymentError: [{ ErrorCode: 'INTERNAL_ERROR', ErrorMessage: 'The image builder failed to start.' }] } : { schedule },
          });
        }
        await applyCreateTags(tx, imageBuilderArn(ctx.region, ctx.accountId, input.Name), input.Tags);
        return { ImageBuilder: viewImageBuilderAsEntered(record, now, 'PENDING') };
      });
    },

    async StartImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.Name, now);
        const state = builderState(builder, now);
        if (state !== 'STOPPED') throw builderWrongState('StartImageBuilder', builder.name, state, ['STOPPED']);
        const fails = await consumeFailure(tx, 'StartImageBuilder', ctx.accountId);
        builder.schedule = advance(BUILDER_STATES, 'start', builder.schedule, now, stepMs(deps), fails);
        builder.doc.PlannedFailure = fails ? builderFailure('StartImageBuilder') : undefined;
        builder.doc.AppstreamAgentVersion = resolveAgentVersion(input.AppstreamAgentVersion, builder.doc.AppstreamAgentVersion);
        await updateImageBuilder(tx, builder);
        return { ImageBuilder: viewImageBuilderAsEntered(builder, now, 'PENDING') };
      });
    },

    async StopImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.Name, now);
        const state = builderState(builder, now);
        if (state !== 'RUNNING') throw builderWrongState('StopImageBuilder', builder.name, state, ['RUNNING']);
        builder.schedule = advance(BUILDER_STATES, 'stop', builder.schedule, now, stepMs(deps));
        await updateImageBuilder(tx, builder);
        return { ImageBuilder: viewImageBuilderAsEntered(builder, now, 'STOPPING') };
      });
    },

    async DeleteImageBuilder(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await requireBuilder(tx, ctx, input.Name, now);
        const state = builderState(builder, now);
        // DECISION: a builder can be deleted when it is settled (RUNNING, STOPPED or FAILED), not mid-transition.
        const deletable = ['RUNNING', 'STOPPED', 'FAILED'];
        if (!deletable.includes(state)) throw builderWrongState('DeleteImageBuilder', builder.name, state, deletable);
        const step = stepMs(deps);
        builder.schedule = advance(BUILDER_STATES, 'delete', builder.schedule, now, step);
        builder.goneMs = now + step;
        await updateImageBuilder(tx, builder);
        await deleteBuilderSoftware(tx, ctx.accountId, ctx.region, builder.name);
        await removeAllTags(tx, imageBuilderArn(ctx.region, ctx.accountId, builder.name));
        return { ImageBuilder: viewImageBuilderAsEntered(builder, now, 'DELETING') };
      });
    },

    async DescribeImageBuilders(input, ctx) {
      const names = [...new Set(input.Names ?? [])];
      const part = { accountId: ctx.accountId, region: ctx.region };
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeImageBuilders', ctx, input, {
        filters: { Names: [...names].sort() },
        keyLength: 1,
        async fetch(cursor, limit) {
          const after = cursor?.[0] ?? null;
          // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
          if (names.length === 0) return (await builderViews.page(db, part, clock.reading(), { after, limit })).views;
          const now = await clock.now();
          if (after === null) {
            // Every requested name must exist (AWS: ResourceNotFoundException), naming the first missing one.
            const missing = await imageBuilderTable.missingName(db, part, names, now);
            if (missing !== undefined) throw builderNotFound(missing, ctx.accountId);
          }
          return (await builderViews.page(db, part, now, { names, after, limit })).views;
        },
        key: (b) => [b.Name!],
      });
      const out: { ImageBuilders: ImageBuilder[]; NextToken?: string } = { ImageBuilders: items };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async CreateImageBuilderStreamingURL(input, ctx) {
      const now = await clock.now();
      const validity = builderStreamingValidity(input.Validity);
      const builder = await requireBuilder(db, ctx, input.Name, now);
      const state = builderState(builder, now);
      if (state !== 'RUNNING') throw builderWrongState('CreateImageBuilderStreamingURL', builder.name, state, ['RUNNING']);
      return builderStreamingAnswer(deps, ctx, 'image-builder', builder.name, now, validity);
    },
  };
}

/** For the console and the control API: a builder's view, or ResourceNotFoundException. */
export async function describeImageBuilder(deps: ServiceDeps, ctx: CallContext, name: string): Promise<ImageBuilder> {
  const now = await deps.clock.now();
  return viewImageBuilder(await requireBuilder(deps.db, ctx, name, now), now);
}

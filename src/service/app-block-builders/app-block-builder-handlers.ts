// The app block builder group (SPEC-rest §7.4): CreateAppBlockBuilder, DescribeAppBlockBuilders,
// UpdateAppBlockBuilder, DeleteAppBlockBuilder, StartAppBlockBuilder, StopAppBlockBuilder,
// CreateAppBlockBuilderStreamingURL. States are the family's machine on the stored schedule:
//   create: STOPPED
//   start:  STOPPED -> STARTING -> RUNNING (-> STOPPED with errors when it fails on purpose)
//   stop:   STARTING | RUNNING -> STOPPING -> STOPPED
import * as msg from '../../errors/messages.js';
import { appBlockBuilderWithoutAppBlock, resourceKindExists, resourceKindNotFound } from '../../errors/messages.js';
import type { AppBlockBuilder } from '../../generated/shapes.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { removeAllTags } from '../../store/tags-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { stateAt } from '../../core/schedule.js';
import { ELASTIC_INSTANCE_TYPES, compact, elasticArn, insertNew, partOf, twoSubnetsProblem } from '../applications/elastic-common.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { checkIamRoleArn } from '../lifecycle/rules.js';
import { consumeFailure, stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { advance, begin, canStart } from '../resources/state-machine.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { APP_BLOCK_BUILDER_STATES } from './states.js';
import { appBlockBuilderAppBlockTable, appBlockBuilderTable, type AppBlockBuilderDoc } from './table.js';
import { builderStreamingAnswer, builderStreamingValidity } from '../streaming-urls.js';

type BuilderHandlers = {
  CreateAppBlockBuilder: Handler<'CreateAppBlockBuilder'>;
  DescribeAppBlockBuilders: Handler<'DescribeAppBlockBuilders'>;
  UpdateAppBlockBuilder: Handler<'UpdateAppBlockBuilder'>;
  DeleteAppBlockBuilder: Handler<'DeleteAppBlockBuilder'>;
  StartAppBlockBuilder: Handler<'StartAppBlockBuilder'>;
  StopAppBlockBuilder: Handler<'StopAppBlockBuilder'>;
  CreateAppBlockBuilderStreamingURL: Handler<'CreateAppBlockBuilderStreamingURL'>;
};

export type AppBlockBuilderRecord = ResourceRecord<AppBlockBuilderDoc>;

/** The builder's state at `nowMs`. */
export function builderStateAt(record: AppBlockBuilderRecord, nowMs: number): string {
  return stateAt(record.schedule, nowMs).state;
}

/** An app block builder as callers see it. */
export function viewAppBlockBuilder(record: AppBlockBuilderRecord, nowMs: number): AppBlockBuilder {
  const { PlannedFailure: failure, ...d } = record.doc;
  const current = stateAt(record.schedule, nowMs);
  const failed = failure !== undefined && current.state === 'STOPPED';
  return compact<AppBlockBuilder>({
    Arn: elasticArn('app-block-builder', record, record.name),
    Name: record.name,
    DisplayName: d.DisplayName,
    Description: d.Description,
    Platform: d.Platform,
    InstanceType: d.InstanceType,
    EnableDefaultInternetAccess: d.EnableDefaultInternetAccess,
    IamRoleArn: d.IamRoleArn,
    VpcConfig: d.VpcConfig,
    State: current.state as AppBlockBuilder['State'],
    CreatedTime: new Date(record.createdMs),
    AppBlockBuilderErrors: failed ? [{ ErrorCode: failure.ErrorCode, ErrorMessage: failure.Message, ErrorTimestamp: new Date(current.atMs) }] : undefined,
    StateChangeReason: failed ? { Code: failure.Code, Message: failure.Message } : undefined,
    AccessEndpoints: d.AccessEndpoints,
    DisableIMDSV1: d.DisableIMDSV1,
  });
}

/** App block builders as DescribeAppBlockBuilders answers them, kept per row version (resources/view-memo.ts). */
const appBlockBuilderViews = new ViewMemo(appBlockBuilderTable, '', viewAppBlockBuilder);

/** The view an action answers: the state it just entered, whatever the step length. */
function viewAsEntered(record: AppBlockBuilderRecord, nowMs: number, state: string): AppBlockBuilder {
  return viewAppBlockBuilder({ ...record, schedule: [{ state, atMs: nowMs }] }, nowMs);
}

/** A builder of the caller existing now, or undefined. */
export function findBuilder(handle: SqlDb, ctx: CallContext, name: string, nowMs: number): Promise<AppBlockBuilderRecord | undefined> {
  return appBlockBuilderTable.get(handle, partOf(ctx), name, nowMs);
}

/** The ARN of the app block the builder is associated with (one at most), if any. */
export async function associatedAppBlockArn(handle: SqlDb, ctx: CallContext, builderName: string, nowMs: number): Promise<string | undefined> {
  const [row] = await appBlockBuilderAppBlockTable.page(handle, partOf(ctx), nowMs, { parent: builderName, after: null, limit: 1 });
  return row?.name;
}

/** `The app block builder <name> is <STATE>. ...` (messages.ts). */
export const builderStateText = msg.appBlockBuilderWrongStateText;

/** DECISION (SPEC-rest §7.4): the instance types and VPC of a builder; the problem's text, or undefined. */
function configProblem(input: { InstanceType?: string; VpcConfig?: { SubnetIds?: string[] } }): string | undefined {
  if (input.InstanceType !== undefined && !(ELASTIC_INSTANCE_TYPES as readonly string[]).includes(input.InstanceType)) {
    return msg.appBlockBuilderInstanceTypeText(input.InstanceType, ELASTIC_INSTANCE_TYPES);
  }
  if (input.VpcConfig !== undefined) return twoSubnetsProblem(input.VpcConfig);
  return undefined;
}

/** What UpdateAppBlockBuilder may change while RUNNING [Md]; nothing while STARTING or STOPPING. */
const UPDATABLE_WHILE_RUNNING = new Set(['DisplayName', 'Description']);

export function appBlockBuilderHandlers(deps: ServiceDeps): BuilderHandlers {
  const { db, clock } = deps;

  return {
    async CreateAppBlockBuilder(input, ctx) {
      const E = errorsOf('CreateAppBlockBuilder');
      const problem = configProblem(input);
      if (problem) throw E.InvalidParameterCombinationException(problem);
      checkIamRoleArn(input.IamRoleArn);
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        if (await appBlockBuilderTable.get(tx, part, input.Name, now)) throw resourceKindExists('app block builder', input.Name);
        const limit = deps.settings.quotas.appBlockBuilders;
        if ((await appBlockBuilderTable.count(tx, part, now)) >= limit) throw E.LimitExceededException(msg.quotaReachedText('app block builders', limit, msg.partitionScope(ctx.accountId, ctx.region)));
        const record: AppBlockBuilderRecord = {
          ...part,
          name: input.Name,
          createdMs: now,
          schedule: begin(APP_BLOCK_BUILDER_STATES, 'create', now, 0),
          goneMs: null,
          doc: compact<AppBlockBuilderDoc>({
            DisplayName: input.DisplayName,
            Description: input.Description,
            Platform: input.Platform,
            InstanceType: input.InstanceType,
            // DECISION: false unless asked, as for image builders.
            EnableDefaultInternetAccess: input.EnableDefaultInternetAccess ?? false,
            IamRoleArn: input.IamRoleArn,
            VpcConfig: input.VpcConfig,
            AccessEndpoints: input.AccessEndpoints,
            DisableIMDSV1: input.DisableIMDSV1,
          }),
        };
        await insertNew(tx, appBlockBuilderTable, record, now, () => resourceKindExists('app block builder', input.Name));
        await applyCreateTags(tx, elasticArn('app-block-builder', part, input.Name), input.Tags);
        return { AppBlockBuilder: viewAppBlockBuilder(record, now) };
      });
    },

    async DescribeAppBlockBuilders(input, ctx) {
      const E = errorsOf('DescribeAppBlockBuilders');
      const part = partOf(ctx);
      const names = [...new Set(input.Names ?? [])].sort();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeAppBlockBuilders', ctx, input, {
        filters: { Names: names },
        keyLength: 1,
        async fetch(cursor, limit) {
          // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
          if (names.length === 0) return (await appBlockBuilderViews.page(db, part, clock.reading(), { after: cursor?.[0] ?? null, limit })).views;
          const now = await clock.now();
          if (!cursor) {
            // Every requested name must exist [Md: ResourceNotFound], naming the first missing one.
            const missing = await appBlockBuilderTable.missingName(db, part, names, now);
            if (missing !== undefined) throw resourceKindNotFound('app block builder', missing);
          }
          return (await appBlockBuilderViews.page(db, part, now, { after: cursor?.[0] ?? null, limit, names })).views;
        },
        key: (b) => [b.Name!],
      });
      return compact({ AppBlockBuilders: items, NextToken });
    },

    async UpdateAppBlockBuilder(input, ctx) {
      const E = errorsOf('UpdateAppBlockBuilder');
      // AppBlockBuilderPlatformType has one value [M]; Update takes the wider PlatformType.
      if (input.Platform !== undefined && input.Platform !== 'WINDOWS_SERVER_2019') {
        throw E.InvalidParameterCombinationException(msg.elasticPlatformUnsupportedText(input.Platform, ['WINDOWS_SERVER_2019'], 'app block builders'));
      }
      const problem = configProblem(input);
      if (problem) throw E.InvalidParameterCombinationException(problem);
      const deleting = new Set(input.AttributesToDelete ?? []);
      const clash =
        (deleting.has('IAM_ROLE_ARN') && input.IamRoleArn !== undefined && 'IamRoleArn') ||
        (deleting.has('ACCESS_ENDPOINTS') && input.AccessEndpoints !== undefined && 'AccessEndpoints') ||
        (deleting.has('VPC_CONFIGURATION_SECURITY_GROUP_IDS') && input.VpcConfig?.SecurityGroupIds !== undefined && 'VpcConfig.SecurityGroupIds');
      if (clash) throw E.InvalidParameterCombinationException(msg.setAndDeletedText(clash));
      checkIamRoleArn(input.IamRoleArn);
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await findBuilder(tx, ctx, input.Name, now);
        if (!builder) throw resourceKindNotFound('app block builder', input.Name);
        const state = builderStateAt(builder, now);
        const changing = Object.entries(input).filter(([k, v]) => k !== 'Name' && v !== undefined).map(([k]) => k);
        const forbidden = state === 'STOPPED' ? [] : changing.filter((k) => state !== 'RUNNING' || !UPDATABLE_WHILE_RUNNING.has(k));
        if (forbidden.length > 0) {
          // DECISION (SPEC-rest §7.4): the fleet message form, with the builder's public state.
          throw E.ResourceInUseException(
            msg.appBlockBuilderUpdateNeedsStopText(forbidden[0]!, builder.name, state),
          );
        }
        const changes: Partial<AppBlockBuilderDoc> = compact({
          Description: input.Description,
          DisplayName: input.DisplayName,
          Platform: input.Platform as AppBlockBuilderDoc['Platform'] | undefined,
          InstanceType: input.InstanceType,
          VpcConfig: input.VpcConfig,
          EnableDefaultInternetAccess: input.EnableDefaultInternetAccess,
          IamRoleArn: input.IamRoleArn,
          AccessEndpoints: input.AccessEndpoints,
          DisableIMDSV1: input.DisableIMDSV1,
        });
        const next: AppBlockBuilderDoc = { ...builder.doc, ...changes };
        if (deleting.has('IAM_ROLE_ARN')) delete next.IamRoleArn;
        if (deleting.has('ACCESS_ENDPOINTS')) delete next.AccessEndpoints;
        if (deleting.has('VPC_CONFIGURATION_SECURITY_GROUP_IDS') && next.VpcConfig) {
          next.VpcConfig = compact({ ...next.VpcConfig, SecurityGroupIds: undefined });
        }
        builder.doc = next;
        await appBlockBuilderTable.update(tx, builder);
        return { AppBlockBuilder: viewAppBlockBuilder(builder, now) };
      });
    },

    async DeleteAppBlockBuilder(input, ctx) {
      const E = errorsOf('DeleteAppBlockBuilder');
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await findBuilder(tx, ctx, input.Name, now);
        if (!builder) throw resourceKindNotFound('app block builder', input.Name);
        // AWS [Md]: only without an app block association. DECISION: checked before the state.
        const associated = await associatedAppBlockArn(tx, ctx, builder.name, now);
        if (associated !== undefined) {
          throw E.ResourceInUseException(
            msg.appBlockBuilderAssociatedText(builder.name, associated),
          );
        }
        const state = builderStateAt(builder, now);
        if (state !== 'STOPPED') {
          // DECISION (SPEC-rest §7.4): OperationNotPermitted, the fleet's DeleteFleet text form.
          throw E.OperationNotPermittedException(msg.appBlockBuilderDeleteNeedsStopText(builder.name, state));
        }
        await appBlockBuilderTable.remove(tx, partOf(ctx), builder.name);
        await removeAllTags(tx, elasticArn('app-block-builder', ctx, builder.name));
        return {};
      });
    },

    async StartAppBlockBuilder(input, ctx) {
      const E = errorsOf('StartAppBlockBuilder');
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await findBuilder(tx, ctx, input.Name, now);
        if (!builder) throw resourceKindNotFound('app block builder', input.Name);
        if (!canStart(APP_BLOCK_BUILDER_STATES, 'start', builder.schedule, now)) {
          // DECISION (SPEC-rest §7.4): a start in another state than STOPPED is a concurrent change.
          throw E.ConcurrentModificationException(builderStateText(builder.name, builderStateAt(builder, now), 'STOPPED'));
        }
        // AWS [Md]: it "can only be started when it's associated with an app block".
        if ((await associatedAppBlockArn(tx, ctx, builder.name, now)) === undefined) {
          throw appBlockBuilderWithoutAppBlock(builder.name);
        }
        const fails = await consumeFailure(tx, 'StartAppBlockBuilder', ctx.accountId);
        builder.schedule = advance(APP_BLOCK_BUILDER_STATES, 'start', builder.schedule, now, stepMs(deps), fails);
        builder.doc = compact({
          ...builder.doc,
          // DECISION: a start that fails on purpose says INTERNAL_ERROR / INTERNAL_SERVICE_ERROR.
          PlannedFailure: fails
            ? { Code: 'INTERNAL_ERROR' as const, Message: 'The app block builder could not be started because of an internal error.', ErrorCode: 'INTERNAL_SERVICE_ERROR' as const }
            : undefined,
        });
        await appBlockBuilderTable.update(tx, builder);
        return { AppBlockBuilder: viewAsEntered(builder, now, 'STARTING') };
      });
    },

    async StopAppBlockBuilder(input, ctx) {
      const E = errorsOf('StopAppBlockBuilder');
      return write(deps, ctx, async ({ tx, now }) => {
        const builder = await findBuilder(tx, ctx, input.Name, now);
        if (!builder) throw resourceKindNotFound('app block builder', input.Name);
        // DECISION (SPEC-rest §7.4): stopping a STOPPED or STOPPING builder changes nothing.
        if (!canStart(APP_BLOCK_BUILDER_STATES, 'stop', builder.schedule, now)) return { AppBlockBuilder: viewAppBlockBuilder(builder, now) };
        builder.schedule = advance(APP_BLOCK_BUILDER_STATES, 'stop', builder.schedule, now, stepMs(deps));
        await appBlockBuilderTable.update(tx, builder);
        return { AppBlockBuilder: viewAsEntered(builder, now, 'STOPPING') };
      });
    },

    async CreateAppBlockBuilderStreamingURL(input, ctx) {
      const E = errorsOf('CreateAppBlockBuilderStreamingURL');
      const validity = builderStreamingValidity(input.Validity);
      const now = await clock.now();
      const builder = await findBuilder(db, ctx, input.AppBlockBuilderName, now);
      if (!builder) throw resourceKindNotFound('app block builder', input.AppBlockBuilderName);
      const state = builderStateAt(builder, now);
      if (state !== 'RUNNING') throw E.OperationNotPermittedException(builderStateText(builder.name, state, 'RUNNING'));
      return builderStreamingAnswer(deps, ctx, 'app-block-builder', builder.name, now, validity);
    },
  };
}

// The app block group (SPEC-rest §7.3): CreateAppBlock, DescribeAppBlocks, DeleteAppBlock.
//   CUSTOM:     ACTIVE from creation (its setup script installs the applications);
//   APPSTREAM2: INACTIVE -> ACTIVE once an app block builder has packaged it (the control API's
//               finish-app-block, app-block-builders/finish-app-block.ts).
import * as msg from '../../errors/messages.js';
import { resourceKindExists, resourceKindNotFound } from '../../errors/messages.js';
import type { AppBlock } from '../../generated/shapes.js';
import { parentsByRef } from '../../store/elastic-repo.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { removeAllTags } from '../../store/tags-repo.js';
import { APP_BLOCK_BUILDER_APP_BLOCKS } from '../../store/tables.js';
import { stateAt } from '../../core/schedule.js';
import { applicationTable } from '../applications/family.js';
import { compact, elasticArn, insertNew, nameOrArn, namesOfArns, partOf } from '../applications/elastic-common.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { begin } from '../resources/state-machine.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { APP_BLOCK_STATES, appBlockTable, type AppBlockDoc } from './family.js';

type AppBlockHandlers = {
  CreateAppBlock: Handler<'CreateAppBlock'>;
  DescribeAppBlocks: Handler<'DescribeAppBlocks'>;
  DeleteAppBlock: Handler<'DeleteAppBlock'>;
};

/** An app block as callers see it (State from the schedule at `nowMs`). */
export function viewAppBlock(record: ResourceRecord<AppBlockDoc>, nowMs: number): AppBlock {
  const d = record.doc;
  return compact<AppBlock>({
    Name: record.name,
    Arn: elasticArn('app-block', record, record.name),
    Description: d.Description,
    DisplayName: d.DisplayName,
    SourceS3Location: d.SourceS3Location,
    SetupScriptDetails: d.SetupScriptDetails,
    CreatedTime: new Date(record.createdMs),
    PostSetupScriptDetails: d.PostSetupScriptDetails,
    PackagingType: d.PackagingType,
    State: stateAt(record.schedule, nowMs).state as AppBlock['State'],
    AppBlockErrors: d.AppBlockErrors && d.AppBlockErrors.length > 0 ? d.AppBlockErrors : undefined,
  });
}

/** App blocks as DescribeAppBlocks answers them, kept per row version (resources/view-memo.ts). */
const appBlockViews = new ViewMemo(appBlockTable, '', viewAppBlock);

export function appBlockHandlers(deps: ServiceDeps): AppBlockHandlers {
  const { db, clock } = deps;

  return {
    async CreateAppBlock(input, ctx) {
      const E = errorsOf('CreateAppBlock');
      // DECISION (SPEC-rest §7.3): CUSTOM unless said otherwise.
      const packaging = input.PackagingType ?? 'CUSTOM';
      // AWS [Md]: SetupScriptDetails "must be provided for the CUSTOM PackagingType";
      // PostSetupScriptDetails "can only be provided for the APPSTREAM2 PackagingType".
      // CreateAppBlock lists no InvalidParameterCombinationException: OperationNotPermitted.
      if (packaging === 'CUSTOM' && !input.SetupScriptDetails) {
        throw E.OperationNotPermittedException(msg.appBlockNeedsSetupScriptText());
      }
      if (packaging !== 'APPSTREAM2' && input.PostSetupScriptDetails) {
        throw E.OperationNotPermittedException(msg.appBlockPostSetupOnlyPackagedText());
      }
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        if (await appBlockTable.get(tx, part, input.Name, now)) throw resourceKindExists('app block', input.Name);
        const limit = deps.settings.quotas.appBlocks;
        if ((await appBlockTable.count(tx, part, now)) >= limit) throw E.LimitExceededException(msg.quotaReachedText('app blocks', limit, msg.partitionScope(ctx.accountId, ctx.region)));
        const record: ResourceRecord<AppBlockDoc> = {
          ...part,
          name: input.Name,
          createdMs: now,
          schedule: begin(APP_BLOCK_STATES, packaging === 'APPSTREAM2' ? 'createPackaged' : 'createCustom', now, 0),
          goneMs: null,
          doc: compact<AppBlockDoc>({
            Description: input.Description,
            DisplayName: input.DisplayName,
            SourceS3Location: input.SourceS3Location,
            SetupScriptDetails: input.SetupScriptDetails,
            PostSetupScriptDetails: input.PostSetupScriptDetails,
            PackagingType: packaging,
          }),
        };
        await insertNew(tx, appBlockTable, record, now, () => resourceKindExists('app block', input.Name));
        await applyCreateTags(tx, elasticArn('app-block', part, input.Name), input.Tags);
        return { AppBlock: viewAppBlock(record, now) };
      });
    },

    async DescribeAppBlocks(input, ctx) {
      const E = errorsOf('DescribeAppBlocks');
      const part = partOf(ctx);
      const arns = input.Arns ?? [];
      let names: string[] | undefined;
      if (arns.length > 0) {
        const now = await clock.now();
        const resolved = await namesOfArns(db, appBlockTable, 'app-block', part, arns, now);
        if ('missing' in resolved) throw resourceKindNotFound('app block', nameOrArn(resolved.missing, 'app-block', part));
        names = resolved.names;
      }
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeAppBlocks', ctx, input, {
        filters: { Arns: names ?? [] },
        keyLength: 1,
        // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
        fetch: async (cursor, limit) => (await appBlockViews.page(db, part, clock.reading(), { after: cursor?.[0] ?? null, limit, names })).views,
        key: (b) => [b.Name],
      });
      return compact({ AppBlocks: items, NextToken });
    },

    async DeleteAppBlock(input, ctx) {
      const E = errorsOf('DeleteAppBlock');
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const block = await appBlockTable.get(tx, part, input.Name, now);
        if (!block) throw resourceKindNotFound('app block', input.Name);
        const arn = elasticArn('app-block', part, block.name);
        const [app] = await applicationTable.findByRef(tx, part, now, 'app_block_arn', arn);
        if (app) {
          // DECISION (SPEC-rest §7.3): an app block that an application uses stays.
          throw E.ResourceInUseException(msg.appBlockUsedByApplicationText(block.name, app.name));
        }
        const [builder] = await parentsByRef(tx, APP_BLOCK_BUILDER_APP_BLOCKS, part, now, 'app_block_arn', arn, null, 1);
        if (builder !== undefined) {
          // DECISION (SPEC-rest §7.3): so does one associated with an app block builder.
          throw E.ResourceInUseException(msg.appBlockAssociatedWithBuilderText(block.name, builder));
        }
        await appBlockTable.remove(tx, part, block.name);
        await removeAllTags(tx, arn);
        return {};
      });
    },
  };
}

// App block builder - app block associations (SPEC-rest §7.4): AssociateAppBlockBuilderAppBlock,
// DisassociateAppBlockBuilderAppBlock, DescribeAppBlockBuilderAppBlockAssociations. One row per
// pair, under the builder, named by the app block's ARN.
import * as msg from '../../errors/messages.js';
import { resourceKindNotFound } from '../../errors/messages.js';
import type { AppBlockBuilderAppBlockAssociation } from '../../generated/shapes.js';
import { parentsByRef } from '../../store/elastic-repo.js';
import { APP_BLOCK_BUILDER_APP_BLOCKS } from '../../store/tables.js';
import { appBlockTable } from '../app-blocks/family.js';
import { compact, nameOrArn, ownName, partOf } from '../applications/elastic-common.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { associatedAppBlockArn, findBuilder } from './app-block-builder-handlers.js';
import { appBlockBuilderAppBlockTable } from './family.js';

type AssociationHandlers = {
  AssociateAppBlockBuilderAppBlock: Handler<'AssociateAppBlockBuilderAppBlock'>;
  DisassociateAppBlockBuilderAppBlock: Handler<'DisassociateAppBlockBuilderAppBlock'>;
  DescribeAppBlockBuilderAppBlockAssociations: Handler<'DescribeAppBlockBuilderAppBlockAssociations'>;
};

export function appBlockBuilderAssociationHandlers(deps: ServiceDeps): AssociationHandlers {
  const { db, clock } = deps;

  return {
    async AssociateAppBlockBuilderAppBlock(input, ctx) {
      const E = errorsOf('AssociateAppBlockBuilderAppBlock');
      return write(deps, ctx, async ({ tx, now }) => {
        const part = partOf(ctx);
        const builder = await findBuilder(tx, ctx, input.AppBlockBuilderName, now);
        if (!builder) throw resourceKindNotFound('app block builder', input.AppBlockBuilderName);
        const blockName = ownName(input.AppBlockArn, 'app-block', ctx);
        const block = blockName === undefined ? undefined : await appBlockTable.get(tx, part, blockName, now);
        if (!block) throw resourceKindNotFound('app block', nameOrArn(input.AppBlockArn, 'app-block', ctx));
        if (block.doc.PackagingType !== 'APPSTREAM2') {
          // DECISION (SPEC-rest §7.4): builders package APPSTREAM2 app blocks only.
          throw E.InvalidParameterCombinationException(
            msg.appBlockNotPackagedText(block.name, block.doc.PackagingType ?? 'CUSTOM'),
          );
        }
        const current = await associatedAppBlockArn(tx, ctx, builder.name, now);
        const association = { AppBlockArn: input.AppBlockArn, AppBlockBuilderName: builder.name };
        if (current === input.AppBlockArn) return { AppBlockBuilderAppBlockAssociation: association };
        if (current !== undefined) {
          // DECISION (SPEC-rest §15.17): one app block per builder.
          throw E.LimitExceededException(msg.appBlockBuilderHasAppBlockText(builder.name, current));
        }
        await appBlockBuilderAppBlockTable.insert(
          tx,
          { ...part, parent: builder.name, name: input.AppBlockArn, createdMs: now, schedule: [], goneMs: null, doc: {}, refs: { app_block_arn: input.AppBlockArn } },
          now,
        );
        return { AppBlockBuilderAppBlockAssociation: association };
      });
    },

    async DisassociateAppBlockBuilderAppBlock(input, ctx) {
      const E = errorsOf('DisassociateAppBlockBuilderAppBlock');
      return write(deps, ctx, async ({ tx }) => {
        const removed = await appBlockBuilderAppBlockTable.remove(tx, partOf(ctx), input.AppBlockArn, input.AppBlockBuilderName);
        if (!removed) {
          // DECISION (SPEC-rest §7.4): an unknown pair is ResourceNotFound (the op models it).
          throw E.ResourceNotFoundException(
            msg.appBlockBuilderPairUnknownText(input.AppBlockBuilderName, nameOrArn(input.AppBlockArn, 'app-block', ctx)),
          );
        }
        return {};
      });
    },

    async DescribeAppBlockBuilderAppBlockAssociations(input, ctx) {
      const E = errorsOf('DescribeAppBlockBuilderAppBlockAssociations');
      const { AppBlockArn: arn, AppBlockBuilderName: builderName } = input;
      if (arn === undefined && builderName === undefined) {
        // DECISION (SPEC-rest §7.4), the form of AWS's text for application-fleet associations.
        throw E.InvalidParameterCombinationException(msg.eitherMemberRequiredText('AppBlockArn', 'AppBlockBuilderName'));
      }
      const now = await clock.now();
      const part = partOf(ctx);
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeAppBlockBuilderAppBlockAssociations', ctx, input, {
        filters: { AppBlockArn: arn ?? null, AppBlockBuilderName: builderName ?? null },
        keyLength: 1,
        async fetch(cursor, limit): Promise<AppBlockBuilderAppBlockAssociation[]> {
          const after = cursor?.[0] ?? null;
          if (builderName !== undefined) {
            // One builder: its association (at most one), filtered by the app block when given.
            const rows = await appBlockBuilderAppBlockTable.page(db, part, now, { parent: builderName, after, limit });
            return rows.filter((r) => arn === undefined || r.name === arn).map((r) => ({ AppBlockArn: r.name, AppBlockBuilderName: builderName }));
          }
          const builders = await parentsByRef(db, APP_BLOCK_BUILDER_APP_BLOCKS, part, now, 'app_block_arn', arn!, after, limit);
          return builders.map((b) => ({ AppBlockArn: arn!, AppBlockBuilderName: b }));
        },
        // The builder's name when listing one app block's builders; the app block's ARN for one builder.
        key: (a) => [builderName !== undefined ? a.AppBlockArn : a.AppBlockBuilderName],
      });
      return compact({ AppBlockBuilderAppBlockAssociations: items, NextToken });
    },
  };
}

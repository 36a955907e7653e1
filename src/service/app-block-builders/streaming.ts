// What happens inside a RUNNING app block builder (no public API in AWS): "finish app block",
// which packages the builder's APPSTREAM2 app block and makes it ACTIVE (SPEC-rest §7.3, §4.3).
// The control API and the streaming page both call finishAppBlock.
import { stateAt } from '../../core/schedule.js';
import { modeledError } from '../../errors/catalog.js';
import { appBlockBuilderWithoutAppBlock, appBlockNotPackagedText, resourceKindNotFound } from '../../errors/messages.js';
import type { AppBlock } from '../../generated/shapes.js';
import { viewAppBlock } from '../app-blocks/app-block-handlers.js';
import { APP_BLOCK_STATES, appBlockTable } from '../app-blocks/family.js';
import { ownName, partOf } from '../applications/elastic-common.js';
import type { CallContext } from '../context.js';
import { advance } from '../resources/state-machine.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import type { AppBlockBuilder } from '../../generated/shapes.js';
import { associatedAppBlockArn, builderStateAt, builderStateText, findBuilder, viewAppBlockBuilder } from './app-block-builder-handlers.js';


/**
 * Finishes the app block of a RUNNING app block builder: its associated APPSTREAM2 app block
 * becomes ACTIVE (already ACTIVE: unchanged). Answers the app block. Errors (control API
 * envelope, HTTP 400): ResourceNotFoundException for an unknown builder, OperationNotPermitted
 * when it is not RUNNING or has no app block, InvalidParameterCombination for a CUSTOM block.
 */
export async function finishAppBlock(deps: ServiceDeps, ctx: CallContext, builderName: string): Promise<AppBlock> {
  return write(deps, ctx, async ({ tx, now }) => {
    const builder = await findBuilder(tx, ctx, builderName, now);
    if (!builder) throw resourceKindNotFound('app block builder', builderName);
    const state = builderStateAt(builder, now);
    if (state !== 'RUNNING') throw modeledError('OperationNotPermittedException', builderStateText(builder.name, state, 'RUNNING'));
    const arn = await associatedAppBlockArn(tx, ctx, builder.name, now);
    const blockName = arn === undefined ? undefined : ownName(arn, 'app-block', ctx);
    const block = blockName === undefined ? undefined : await appBlockTable.get(tx, partOf(ctx), blockName, now);
    if (!block) throw appBlockBuilderWithoutAppBlock(builder.name);
    if (block.doc.PackagingType !== 'APPSTREAM2') {
      throw modeledError('InvalidParameterCombinationException', appBlockNotPackagedText(block.name, block.doc.PackagingType ?? 'CUSTOM'));
    }
    if (stateAt(block.schedule, now).state !== 'ACTIVE') {
      block.schedule = advance(APP_BLOCK_STATES, 'finish', block.schedule, now, 0);
      await appBlockTable.update(tx, block);
    }
    return viewAppBlock(block, now);
  });
}

/** What a builder's streaming page shows: the builder and its app block, or undefined when the builder is gone. */
export async function describeBuilderSession(deps: ServiceDeps, ctx: CallContext, builderName: string): Promise<{ builder: AppBlockBuilder; appBlock?: AppBlock } | undefined> {
  const now = await deps.clock.now();
  const builder = await findBuilder(deps.db, ctx, builderName, now);
  if (!builder) return undefined;
  const arn = await associatedAppBlockArn(deps.db, ctx, builder.name, now);
  const blockName = arn === undefined ? undefined : ownName(arn, 'app-block', ctx);
  const block = blockName === undefined ? undefined : await appBlockTable.get(deps.db, partOf(ctx), blockName, now);
  return { builder: viewAppBlockBuilder(builder, now), ...(block ? { appBlock: viewAppBlock(block, now) } : {}) };
}

export { verifyBuilderStreamingToken, type BuilderStreamingGrant } from './streaming-token.js';

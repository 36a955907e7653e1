// The app block builders family (SPEC-rest §7.4), with their app block associations as children.
import type { AppBlockBuilder } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCK_BUILDER_APP_BLOCKS, APP_BLOCK_BUILDERS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { appBlockBuilderSeed } from './seed.js';
import { APP_BLOCK_BUILDER_STATES } from './states.js';

export { APP_BLOCK_BUILDER_STATES };

/**
 * A stored app block builder: the wire members except Name and Arn (the key), CreatedTime (the
 * row), State (the schedule), and the failure members, which show only after a start failed on
 * purpose (`PlannedFailure`).
 */
export type AppBlockBuilderDoc = Omit<AppBlockBuilder, 'Name' | 'Arn' | 'CreatedTime' | 'State' | 'AppBlockBuilderErrors' | 'StateChangeReason'> & {
  /** Set by a start that fails on purpose: shown while the builder is STOPPED after it. */
  PlannedFailure?: { Code: 'INTERNAL_ERROR'; Message: string; ErrorCode: 'INTERNAL_SERVICE_ERROR' };
};

export const appBlockBuilderTable = new ResourceRepo<AppBlockBuilderDoc>(APP_BLOCK_BUILDERS);

/** Builder - app block associations: one row per (builder, app block ARN); refs.app_block_arn = the ARN. */
export const appBlockBuilderAppBlockTable = new ResourceRepo<Record<string, never>>(APP_BLOCK_BUILDER_APP_BLOCKS);

export const appBlockBuilderFamily: ResourceFamily = {
  kind: 'app block builder',
  arnType: 'app-block-builder',
  taggable: true,
  repo: appBlockBuilderTable,
  quota: 'appBlockBuilders',
  states: APP_BLOCK_BUILDER_STATES,
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [appBlockBuilderSeed];
  },
  accountColumns: [
    { table: APP_BLOCK_BUILDERS.table, account: 'account_id' },
    { table: APP_BLOCK_BUILDER_APP_BLOCKS.table, account: 'account_id' },
  ],
};

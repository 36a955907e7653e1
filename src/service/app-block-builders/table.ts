// The app block builders table, their app block associations, and the stored document (the
// family, its seed and its handlers import them from here: no cycle through family.ts).
import type { AppBlockBuilder } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCK_BUILDER_APP_BLOCKS, APP_BLOCK_BUILDERS } from '../../store/tables.js';

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

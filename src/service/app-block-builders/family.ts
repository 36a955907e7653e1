// The app block builders family (SPEC-rest §7.4), with their app block associations as children.
import { AppBlockBuilderState_VALUES } from '../../generated/enums.js';
import type { AppBlockBuilder } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCK_BUILDER_APP_BLOCKS, APP_BLOCK_BUILDERS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { stateMachine } from '../resources/state-machine.js';
import { appBlockBuilderSeed } from './seed-section.js';

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

/**
 * The states [M] and transitions (SPEC-rest §7.4). DECISION (§15.17): a builder is STOPPED after
 * creation; a start that fails on purpose falls back to STOPPED (the model has no FAILED state).
 */
export const APP_BLOCK_BUILDER_STATES = stateMachine({
  states: AppBlockBuilderState_VALUES,
  transitions: {
    create: { path: ['STOPPED'] },
    start: { from: ['STOPPED'], path: ['STARTING', 'RUNNING'], failTo: 'STOPPED' },
    stop: { from: ['STARTING', 'RUNNING'], path: ['STOPPING', 'STOPPED'] },
  },
});

export const appBlockBuilderFamily: ResourceFamily = {
  kind: 'app block builder',
  arnType: 'app-block-builder',
  taggable: true,
  repo: appBlockBuilderTable,
  quota: 'appBlockBuilders',
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [appBlockBuilderSeed];
  },
  accountColumns: [
    { table: APP_BLOCK_BUILDERS.table, account: 'account_id' },
    { table: APP_BLOCK_BUILDER_APP_BLOCKS.table, account: 'account_id' },
  ],
};

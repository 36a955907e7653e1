// The app block builders family (SPEC-rest §7.4), with their app block associations as children.
import { APP_BLOCK_BUILDER_APP_BLOCKS, APP_BLOCK_BUILDERS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { appBlockBuilderSeed } from './seed.js';
import { APP_BLOCK_BUILDER_STATES } from './states.js';
import { appBlockBuilderTable } from './table.js';

export { APP_BLOCK_BUILDER_STATES };
export { appBlockBuilderAppBlockTable, appBlockBuilderTable, type AppBlockBuilderDoc } from './table.js';


export const appBlockBuilderFamily: ResourceFamily = {
  kind: 'app block builder',
  arnType: 'app-block-builder',
  taggable: true,
  repo: appBlockBuilderTable,
  quota: 'appBlockBuilders',
  states: APP_BLOCK_BUILDER_STATES,
  seed: [appBlockBuilderSeed],
  accountColumns: [
    { table: APP_BLOCK_BUILDERS.table, account: 'account_id' },
    { table: APP_BLOCK_BUILDER_APP_BLOCKS.table, account: 'account_id' },
  ],
};

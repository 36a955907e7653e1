// The app blocks family (SPEC-rest §7.3): what an Elastic fleet's applications are installed
// from. CUSTOM app blocks are ACTIVE from the start; APPSTREAM2 ones are INACTIVE until an app
// block builder has packaged them (the control API's "finish app block", SPEC-rest §4.3).
import type { AppBlock } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { APP_BLOCKS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { appBlockSeed } from './seed.js';
import { APP_BLOCK_STATES } from './states.js';

export { APP_BLOCK_STATES };

/** A stored app block: the wire members except Name, Arn (the key), CreatedTime (the row) and State (the schedule). */
export type AppBlockDoc = Omit<AppBlock, 'Name' | 'Arn' | 'CreatedTime' | 'State'>;

export const appBlockTable = new ResourceRepo<AppBlockDoc>(APP_BLOCKS);

export const appBlockFamily: ResourceFamily = {
  kind: 'app block',
  arnType: 'app-block',
  taggable: true,
  repo: appBlockTable,
  quota: 'appBlocks',
  states: APP_BLOCK_STATES,
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [appBlockSeed];
  },
};

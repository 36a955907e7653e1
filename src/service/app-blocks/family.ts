// The app blocks family (SPEC-rest §7.3): what an Elastic fleet's applications are installed
// from. CUSTOM app blocks are ACTIVE from the start; APPSTREAM2 ones are INACTIVE until an app
// block builder has packaged them (the control API's "finish app block", SPEC-rest §4.3).
import type { ResourceFamily } from '../resources/family.js';
import { appBlockSeed } from './seed.js';
import { APP_BLOCK_STATES } from './states.js';
import { appBlockTable } from './table.js';

export { APP_BLOCK_STATES };
export { appBlockTable, type AppBlockDoc } from './table.js';

export const appBlockFamily: ResourceFamily = {
  kind: 'app block',
  arnType: 'app-block',
  taggable: true,
  repo: appBlockTable,
  quota: 'appBlocks',
  states: APP_BLOCK_STATES,
  seed: [appBlockSeed],
};

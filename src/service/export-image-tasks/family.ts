// The export image tasks family (SPEC-rest §10): an AppStream image copied out as an EC2 AMI.
// No ARN, not taggable (TagSpecifications are the AMI's tags). Its rows carry, besides the doc,
// the image's name, the AMI's name, and when and how the task settles (see tables.ts), so that
// the store can list tasks by state at any time.
import type { ResourceFamily } from '../resources/family.js';
import { exportImageTaskSeed } from './seed.js';
import { EXPORT_TASK_STATES } from './states.js';
import { exportImageTaskTable } from './table.js';

export { EXPORT_TASK_STATES };
export { exportImageTaskTable, type ExportImageTaskDoc } from './table.js';


export const exportImageTaskFamily: ResourceFamily = {
  kind: 'export image task',
  taggable: false,
  repo: exportImageTaskTable,
  quota: 'exportImageTasks',
  states: EXPORT_TASK_STATES,
  seed: [exportImageTaskSeed],
};

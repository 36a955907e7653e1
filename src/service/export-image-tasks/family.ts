// The export image tasks family (SPEC-rest §10): an AppStream image copied out as an EC2 AMI.
// No ARN, not taggable (TagSpecifications are the AMI's tags). Its rows carry, besides the doc,
// the image's name, the AMI's name, and when and how the task settles (see tables.ts), so that
// the store can list tasks by state at any time.
import type { ExportImageTask } from '../../generated/shapes.js';
import { ResourceRepo } from '../../store/resource-repo.js';
import { EXPORT_IMAGE_TASKS } from '../../store/tables.js';
import type { ResourceFamily } from '../resources/family.js';
import { exportImageTaskSeed } from './seed.js';
import { EXPORT_TASK_STATES } from './states.js';

export { EXPORT_TASK_STATES };

/** A stored task: the wire members except TaskId (the key), CreatedDate (the row), State (the schedule) and AmiId/ErrorDetails (derived from the outcome). */
export type ExportImageTaskDoc = Omit<ExportImageTask, 'TaskId' | 'CreatedDate' | 'State' | 'AmiId' | 'ErrorDetails'> & {
  /** The image's name (also the `image_name` column). */
  ImageName: string;
  /** What a FAILED task reports. */
  PlannedFailure?: { ErrorCode: string; ErrorMessage: string };
};

export const exportImageTaskTable = new ResourceRepo<ExportImageTaskDoc>(EXPORT_IMAGE_TASKS);

export const exportImageTaskFamily: ResourceFamily = {
  kind: 'export image task',
  taggable: false,
  repo: exportImageTaskTable,
  quota: 'exportImageTasks',
  states: EXPORT_TASK_STATES,
  // A getter: the seed module imports this one (no use of it before both are loaded).
  get seed() {
    return [exportImageTaskSeed];
  },
};

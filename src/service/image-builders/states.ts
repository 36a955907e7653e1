// The state machine of the image-builders family (SPEC §4): its own module, so that the family, its seed and its handlers share it without a cycle.
import { ImageBuilderState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

/** An image builder's states [M] and transitions (SPEC §4); failures on purpose end FAILED. */
export const BUILDER_STATES = stateMachine({
  states: ImageBuilderState_VALUES,
  transitions: {
    create: { path: ['PENDING', 'RUNNING'], failTo: 'FAILED' },
    start: { from: ['STOPPED'], path: ['PENDING', 'RUNNING'], failTo: 'FAILED' },
    stop: { from: ['RUNNING'], path: ['STOPPING', 'STOPPED'] },
    /** The Image Assistant makes an image: the builder stops when the snapshot is taken. */
    snapshot: { from: ['RUNNING'], path: ['SNAPSHOTTING', 'STOPPED'] },
    delete: { from: ['RUNNING', 'STOPPED', 'FAILED'], path: ['DELETING'], gone: true },
    // AWS's other transient states (seeded builders show them); each ends RUNNING.
    updateAgent: { path: ['UPDATING_AGENT', 'RUNNING'] },
    reboot: { path: ['REBOOTING', 'RUNNING'] },
    update: { path: ['UPDATING', 'RUNNING'] },
    qualify: { path: ['PENDING_QUALIFICATION', 'RUNNING'] },
    pendingSyncApps: { path: ['PENDING_SYNCING_APPS', 'RUNNING'] },
    syncApps: { path: ['SYNCING_APPS', 'RUNNING'] },
    importImage: { path: ['PENDING_IMAGE_IMPORT', 'RUNNING'] },
  },
});

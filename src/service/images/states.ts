// The state machine of the images family (SPEC §4): its own module, so that the family, its seed and its handlers share it without a cycle.
import { ImageState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

/** An image's states [M] and how it gets to them (SPEC §4); failures on purpose end FAILED. */
export const IMAGE_STATES = stateMachine({
  states: ImageState_VALUES,
  transitions: {
    /** Made by the Image Assistant (CreateImage). */
    create: { path: ['PENDING', 'AVAILABLE'], failTo: 'FAILED' },
    copy: { path: ['COPYING', 'AVAILABLE'], failTo: 'FAILED' },
    update: { path: ['CREATING', 'AVAILABLE'], failTo: 'FAILED' },
    import: { path: ['IMPORTING', 'AVAILABLE'], failTo: 'FAILED' },
    /** An import with RuntimeValidationConfig is validated first. */
    importValidated: { path: ['IMPORTING', 'VALIDATING', 'AVAILABLE'], failTo: 'FAILED' },
    delete: { path: ['DELETING'], gone: true },
  },
});

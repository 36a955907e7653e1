// The export image task's states [M] and transitions (SPEC-rest §10): EXPORTING -> COMPLETED on
// the clock; -> FAILED when a failure rule is consumed.
import { ExportImageTaskState_VALUES } from '../../generated/enums.js';
import { stateMachine } from '../resources/state-machine.js';

export const EXPORT_TASK_STATES = stateMachine({
  states: ExportImageTaskState_VALUES,
  transitions: {
    export: { path: ['EXPORTING', 'COMPLETED'], failTo: 'FAILED' },
  },
});

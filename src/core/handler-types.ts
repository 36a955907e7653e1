// The typed handler map: one entry per operation of the model, so adding an operation to the
// model without deciding what it does fails to compile. `notImplemented` is that decision
// for the operations this emulator does not serve (yet).
import type { OperationName, OperationTypes } from '../generated/operations.js';
import type { CallContext } from './context.js';

export type Handler<Op extends OperationName> = (
  input: OperationTypes[Op]['input'],
  ctx: CallContext,
) => Promise<OperationTypes[Op]['output']>;

export const notImplemented = Symbol('notImplemented');

export type OperationHandlers = { [Op in OperationName]: Handler<Op> | typeof notImplemented };

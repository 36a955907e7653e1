// Typed error builders per operation: errorsOf('CreateFleet').ResourceNotFoundException(text)
// compiles only for the errors the model lists for that operation (plus the unmodeled codes
// AWS was observed to send, SPEC-rest §0), so a handler cannot answer an error its model lacks.
import type { AwsError } from '../../errors/aws-error.js';
import { modeledError, unmodeledError, type ModeledErrorCode } from '../../errors/catalog.js';
import { OPERATIONS, type OperationName } from '../../generated/operations.js';

/**
 * AWS's observed unmodeled codes, by operation (SPEC §4 allows exactly these):
 * `Cannot create a user with 'API' authentication type` from CreateUser [SPEC-rest §0].
 */
export const OBSERVED_UNMODELED = {
  CreateUser: ['InvalidParameterValueException'],
} as const satisfies Partial<Record<OperationName, readonly string[]>>;

type Observed<Op extends OperationName> = Op extends keyof typeof OBSERVED_UNMODELED ? (typeof OBSERVED_UNMODELED)[Op][number] : never;

/** The error codes `Op` may answer. */
export type ErrorCodeOf<Op extends OperationName> = (typeof OPERATIONS)[Op]['errors'][number] | Observed<Op>;

export type ErrorBuilders<Op extends OperationName> = { readonly [C in ErrorCodeOf<Op>]: (message: string) => AwsError };

const cache = new Map<OperationName, object>();

/** The error builders of one operation. */
export function errorsOf<Op extends OperationName>(operation: Op): ErrorBuilders<Op> {
  let builders = cache.get(operation);
  if (!builders) {
    const entries: [string, (message: string) => AwsError][] = (OPERATIONS[operation].errors as readonly ModeledErrorCode[]).map((code) => [
      code,
      (message: string) => modeledError(code, message),
    ]);
    const observed: readonly string[] = (OBSERVED_UNMODELED as Partial<Record<OperationName, readonly string[]>>)[operation] ?? [];
    for (const code of observed) entries.push([code, (message: string) => unmodeledError(code, message)]);
    builders = Object.freeze(Object.fromEntries(entries));
    cache.set(operation, builders);
  }
  return builders as ErrorBuilders<Op>;
}

/** Whether the model (or an observation) lets `operation` answer `code`. */
export function mayAnswer(operation: OperationName, code: string): boolean {
  return code in errorsOf(operation);
}

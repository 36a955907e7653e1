// Assertions on errors that SDK clients raise.
import assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-appstream';
import { MODELED_ERROR_CODES, modeledErrorStatus, type ModeledErrorCode } from '../../src/errors/catalog.js';

const MODELED = new Set<string>(MODELED_ERROR_CODES);
const ANSWERED_WITH_400 = new Set<string>(['ValidationException', 'SerializationException']);

/**
 * Asserts that `promise` rejects with the error `code` (a modeled error as the SDK's own
 * exception class, with the model's HTTP status: 404 ResourceNotFoundException, 412
 * DryRunOperationException, 400 the others; 400 for validation errors) and, if given, the exact
 * message or one matching the pattern.
 */
export async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (e: any): true => {
    assert.equal(e.name, code, `expected ${code}, got ${e.name}: ${e.message}`);
    const status: unknown = e.$metadata?.httpStatusCode;
    if (MODELED.has(code)) {
      const ctor = (sdk as unknown as Record<string, abstract new (...args: never[]) => unknown>)[code];
      assert.ok(ctor !== undefined && e instanceof ctor, `${code} is not the SDK's ${code} class`);
      assert.equal(status, modeledErrorStatus(code as ModeledErrorCode));
    }
    if (ANSWERED_WITH_400.has(code)) assert.equal(status, 400);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

// Assertions on errors that SDK clients raise.
import assert from 'node:assert/strict';
import { MODELED_ERROR_CODES } from '../../src/errors/catalog.js';

const ANSWERED_WITH_400 = new Set<string>([...MODELED_ERROR_CODES, 'ValidationException', 'SerializationException']);

/**
 * Asserts that `promise` rejects with the error `code` (HTTP 400 for modeled and validation
 * errors) and, if given, the exact message or one matching the pattern.
 */
export async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, code, `expected ${code}, got ${e.name}: ${e.message}`);
    if (ANSWERED_WITH_400.has(code)) assert.equal(e.$metadata?.httpStatusCode, 400);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

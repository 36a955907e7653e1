// Runtime helpers for the generated validators (src/generated/validators.ts).
// The generated code does the cheap checks inline (typeof, length, comparisons); it calls these
// only for the rare cases (a coercion, a failure, an error), so a valid input costs no allocation.
import type { AwsError } from '../errors/aws-error.js';
import { protocolErrors } from '../errors/catalog.js';
import * as msg from './message.js';

/** A decoded JSON object / CBOR map. */
export type Obj = Record<string, unknown>;
/** Constraint failures collected so far (rendered), or undefined while there are none. */
export type Failures = string[] | undefined;
/** A generated structure checker: collects failures, throws a SerializationException on a wrong type. */
export type Checker = (o: Obj, path: string, wire: string, f: Failures) => Failures;

export { NOT_NULL, enumSet, lengthAtLeast, lengthAtMost, listMemberConstraints, mapKeyConstraints, mapValueConstraints, pattern, valueAtLeast, valueAtMost } from './message.js';
export { listMemberPath, memberPath as at, wireListPath, wireMapPath } from './message.js';

/** A JSON object or CBOR map (not a list, byte string, timestamp or null). */
export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** Appends one rendered failure; returns the (possibly new) list. */
export function fail(f: Failures, value: unknown, path: string, constraint: string, sensitive = false): string[] {
  const line = msg.failure(value, path, constraint, sensitive);
  if (f === undefined) return [line];
  f.push(line);
  return f;
}

export function validationFailed(f: string[]): AwsError {
  return protocolErrors.validation(f);
}

export function wrongType(wirePath: string, expected: msg.ExpectedKind, value: unknown): AwsError {
  return protocolErrors.serialization(msg.wrongType(wirePath, expected, value));
}

export function unknownOperation(operation: string): AwsError {
  return protocolErrors.unknownOperation(operation);
}

export function inputNotAnObject(operation: string, value: unknown): AwsError {
  return protocolErrors.serialization(msg.inputNotAnObject(operation, value));
}

// ---------------------------------------------------------------------------------------------
// String lengths. The model's lengths count Unicode code points (Smithy's `@length`); JS strings
// count UTF-16 code units. A string's code point count is at most its unit count and at least
// half of it, so the code points are only counted when the unit count cannot decide.

export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Length in code points > max? */
export function longerThan(s: string, max: number): boolean {
  return s.length > max && codePointLength(s) > max;
}

/** Length in code points < min? */
export function shorterThan(s: string, min: number): boolean {
  return s.length < min || (s.length < 2 * min && codePointLength(s) < min);
}

// ---------------------------------------------------------------------------------------------
// Numbers. The generated code tests `typeof v === 'number' && (v | 0) === v` (integer) or
// `Number.isSafeInteger(v)` (long) inline and calls these only when that fails: they convert
// what can be converted (a CBOR bigint in range, a long past 2^53) or throw a SerializationException.

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export function toInteger(v: unknown, wirePath: string): number {
  return toWhole(v, wirePath, 'integer', INT_MIN, INT_MAX);
}

/**
 * A `long`: int64's range, as AWS reads it, so that a value past 2^53 gets the member's own
 * range error (the model's one long, `Validity`, allows 1 to 604800) rather than a
 * SerializationException. A JS number is exact only to 2^53 - 1: beyond, the value keeps its
 * magnitude, which is all a range check needs, and an error that quotes it may round it.
 */
export function toLong(v: unknown, wirePath: string): number {
  return toWhole(v, wirePath, 'long', LONG_MIN, LONG_MAX);
}

function toWhole(v: unknown, wirePath: string, kind: 'integer' | 'long', min: bigint, max: bigint): number {
  if (typeof v === 'bigint') {
    if (v >= min && v <= max) return Number(v);
    throw protocolErrors.serialization(msg.integerOutOfRange(wirePath, min, max, v));
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    // Compared as doubles: a JSON number is one already, so a long's bounds are the nearest
    // doubles, ±2^63. 9223372036854775807 (Long.MAX_VALUE, a classic test value) reads as 2^63
    // and is in range; 9223372036854775808 reads the same and is let in too.
    if (v >= Number(min) && v <= Number(max)) return v;
    throw protocolErrors.serialization(msg.integerOutOfRange(wirePath, min, max, v));
  }
  throw wrongType(wirePath, kind, v);
}

// ---------------------------------------------------------------------------------------------
// Timestamps: epoch seconds as a number (awsJson1_1; fractions allowed) or a Date (RPC v2 CBOR's
// tag 1, which the CBOR decoder turns into a Date). Returned as a Date.

export function toTimestamp(v: unknown, wirePath: string): Date {
  if (v instanceof Date) {
    if (!Number.isNaN(v.getTime())) return v;
  } else if (typeof v === 'number' && Number.isFinite(v)) {
    const d = new Date(v * 1000);
    if (!Number.isNaN(d.getTime())) return d;
  } else if (typeof v === 'bigint') {
    return toTimestamp(Number(v), wirePath);
  }
  throw wrongType(wirePath, 'timestamp', v);
}

// ---------------------------------------------------------------------------------------------
// Blobs: a base64 string (JSON; padding optional) or a byte string (CBOR). Returned as a Uint8Array.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export function toBlob(v: unknown, wirePath: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    if (!BASE64.test(v)) throw protocolErrors.serialization(msg.invalidBase64(wirePath));
    return new Uint8Array(Buffer.from(v, 'base64'));
  }
  throw wrongType(wirePath, 'blob', v);
}

// Smithy RPC v2 CBOR: CBOR map bodies, errors as a map of __type (the error's absolute shape ID)
// and its message member, timestamps as tag 1.
import { Decoder, Encoder } from 'cbor-x';
import { hasSharedList, holdsShared, isShared } from '../core/shared-values.js';
import { protocolErrors } from '../errors/catalog.js';
import type { AwsError } from '../errors/aws-error.js';
import { normaliseCbor } from './cbor-scan.js';
import { mediaType, type WireProtocol } from './wire-protocol.js';

// useRecords:false keeps cbor-x to standard CBOR (its record extension is not RPC v2 CBOR);
// mapsAsObjects decodes maps to plain objects like JSON.parse would.
const codec = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);

/**
 * Smithy omits absent members; cbor-x would write `undefined` as CBOR undefined, so drop them.
 * Copy-on-write: a plain tree without undefined members is returned as is (outputs built by the
 * handlers usually are: bench profile showed the full copy at ~4% of a DescribeImages request).
 * Anything that is not a plain object or array is copied as before.
 */
/** `out[key] = v`, also for the key "__proto__" (an assignment would set the prototype instead). */
function setOwn(out: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  else out[key] = v;
}

function withoutUndefined(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const clean = withoutUndefined(item);
      if (clean !== item) (copy ??= value.slice())[i] = clean;
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  let out: Record<string, unknown> | undefined = proto === Object.prototype || proto === null ? undefined : {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    const clean = v === undefined ? undefined : withoutUndefined(v);
    if (out === undefined && (clean === undefined || clean !== v)) {
      out = {};
      for (const before in value) {
        if (before === key) break;
        setOwn(out, before, (value as Record<string, unknown>)[before]);
      }
    }
    if (out !== undefined && clean !== undefined) setOwn(out, key, clean);
  }
  return out ?? value;
}

/** The kept encoding of each shared value (core/shared-values.ts); it lives as long as the value. */
const sharedCbor = new WeakMap<object, Buffer>();

function sharedCborOf(value: object): Buffer {
  let bytes = sharedCbor.get(value);
  if (!bytes) {
    const encoded = codec.encode(withoutUndefined(value));
    // Its own memory, not a slice of the encoder's buffer (which a kept slice would pin).
    bytes = Buffer.allocUnsafeSlow(encoded.length);
    bytes.set(encoded);
    sharedCbor.set(value, bytes);
  }
  return bytes;
}

/** A CBOR array header as cbor-x writes it (the shortest form). */
function arrayHeader(length: number): Uint8Array {
  if (length < 0x18) return Uint8Array.of(0x80 | length);
  if (length < 0x100) return Uint8Array.of(0x98, length);
  if (length < 0x10000) return Uint8Array.of(0x99, length >> 8, length & 0xff);
  return Uint8Array.of(0x9a, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
}

/**
 * codec.encode(withoutUndefined(value)) for an object with a list of shared values, assembled
 * from pieces: cbor-x writes a plain object as a map with a 16-bit count (0xb9) and its members
 * in key order, an array with the shortest header, and every value the same wherever it sits, so
 * a shared value's kept encoding is the same bytes it would have inside the whole answer.
 */
function spliceCbor(value: Record<string, unknown>): Buffer {
  const parts: Uint8Array[] = [];
  let count = 0;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === undefined) continue;
    count++;
    parts.push(codec.encode(key));
    if (Array.isArray(member) && holdsShared(member)) {
      parts.push(arrayHeader(member.length));
      for (const item of member) parts.push(isShared(item) ? sharedCborOf(item) : codec.encode(withoutUndefined(item)));
    } else {
      parts.push(codec.encode(withoutUndefined(member)));
    }
  }
  return Buffer.concat([Uint8Array.of(0xb9, count >> 8, count & 0xff), ...parts]);
}

/** Containers nested below the top-level map beyond this are refused (cbor-x decodes recursively). */
const MAX_NESTING = 64;

/**
 * cbor-x decodes text strings that are not UTF-8 leniently (each bad sequence becomes U+FFFD);
 * RFC 8949 §3.1 makes them invalid, and the JSON protocol rejects them, so count the U+FFFDs the
 * decoder produced against the ones the body really spelled (EF BF BD): more means bad bytes.
 */
function replacementChars(value: unknown, depth: number): number {
  if (typeof value === 'string') return countReplacements(value);
  if (value === null || typeof value !== 'object' || depth > MAX_NESTING || value instanceof Date || ArrayBuffer.isView(value)) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) n += replacementChars(v, depth + 1);
    return n;
  }
  // cbor-x turns some tags into other objects (259: a Map, 258: a Set, 27: a class instance);
  // the validators would read them as structures without members, losing their content.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw protocolErrors.serialization('Request body holds a tagged CBOR value (a Map, Set or object tag) that RPC v2 CBOR does not use.');
  }
  for (const key in value) n += countReplacements(key) + replacementChars((value as Record<string, unknown>)[key], depth + 1);
  return n;
}
function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}
const UTF8_REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);
function spelledReplacements(body: Buffer): number {
  let n = 0;
  for (let i = body.indexOf(UTF8_REPLACEMENT); i >= 0; i = body.indexOf(UTF8_REPLACEMENT, i + 3)) n++;
  return n;
}

/**
 * cbor-x builds objects by assignment, so a map key "__proto__" (a valid tag key, say) would be
 * lost. Bodies that spell that key are decoded to Maps and converted here instead (rare: the
 * common path stays cbor-x's own).
 */
const PROTO_KEY = Buffer.from([0x69, ...Buffer.from('__proto__')]);
const mapCodec = new Decoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false } as ConstructorParameters<typeof Decoder>[0]);
function mapsToObjects(value: unknown, depth: number): unknown {
  if (depth > MAX_NESTING) throw protocolErrors.serialization('Request body is nested too deeply.');
  if (Array.isArray(value)) return value.map((v) => mapsToObjects(v, depth + 1));
  if (!(value instanceof Map)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of value) {
    if (typeof key !== 'string') throw protocolErrors.serialization('Request body map keys must be text strings.');
    setOwn(out, key, mapsToObjects(v, depth + 1));
  }
  return out;
}

export const rpcV2Cbor: WireProtocol = {
  name: 'rpcv2Cbor',
  contentType: 'application/cbor',
  responseHeaders: { 'smithy-protocol': 'rpc-v2-cbor' },
  acceptsContentType(contentType) {
    // Only application/cbor itself (parameters allowed): application/cbor-seq is another format.
    return mediaType(contentType) === 'application/cbor';
  },
  decode(body) {
    if (body.length === 0) return {};
    // Indefinite-length strings made definite, non-text map keys and deep nesting refused,
    // before cbor-x sees the bytes (it refuses the first and stringifies the second).
    // DECISION: a map with a duplicate key keeps the last value, as JSON.parse does in awsJson1_1.
    const bytes = normaliseCbor(body, MAX_NESTING);
    let parsed: unknown;
    try {
      parsed = bytes.includes(PROTO_KEY) ? mapsToObjects(mapCodec.decode(bytes), 0) : codec.decode(bytes);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SerializationException') throw error;
      throw protocolErrors.serialization('Request body is not valid CBOR.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || parsed instanceof Date || ArrayBuffer.isView(parsed)) {
      throw protocolErrors.serialization('Request body must be a CBOR map.');
    }
    if (parsed instanceof Map) throw protocolErrors.serialization('Request body map keys must be text strings.');
    const replaced = replacementChars(parsed, 0);
    if (replaced > 0 && replaced > spelledReplacements(bytes)) throw protocolErrors.serialization('Request body holds a text string that is not valid UTF-8.');
    return parsed;
  },
  encodeOutput(output) {
    const value = output ?? {};
    if (hasSharedList(value)) return spliceCbor(value as Record<string, unknown>);
    return codec.encode(withoutUndefined(value));
  },
  encodeError(error: AwsError) {
    // The Smithy spec: `__type` is the error's absolute shape ID and the body is the error's
    // structure (the message in its member: `Message` for AppStream's modeled errors).
    return codec.encode({ __type: error.shapeId, [error.messageMember]: error.message });
  },
  errorHeaders() {
    // The Smithy spec: type information is in the body only; no X-Amzn-ErrorType.
    return {};
  },
};

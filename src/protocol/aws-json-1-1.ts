// awsJson1_1: JSON bodies, errors as {"__type","message","Message"}, timestamps as epoch seconds.
import { isUtf8 } from 'node:buffer';
import { hasSharedList, holdsShared, isShared } from '../core/shared-values.js';
import { jsonHoldsLoneSurrogate } from '../core/unicode.js';
import { protocolErrors } from '../errors/catalog.js';
import type { AwsError } from '../errors/aws-error.js';
import { mediaType, type WireProtocol } from './wire-protocol.js';

const dateToJson = Date.prototype.toJSON;
function toEpochSeconds(this: Date): number {
  return this.getTime() / 1000;
}

/**
 * JSON with every Date as epoch seconds. Dates are the only values the wire form changes, so
 * Date.prototype.toJSON is swapped for the length of one synchronous JSON.stringify (no other
 * code can run meanwhile; the original is restored even if stringify throws) and stringify
 * runs without a replacer. Bench profile: a replacer, which calls back into JavaScript for
 * every key, made encoding ~20% of a DescribeImages request; this takes about half as long on
 * real pages (bench/RESULTS.md), with the same bytes.
 *
 * An object with a list of shared values (core/shared-values.ts: a Describe page of views kept
 * per stored row) is spliced instead: each shared value's text is encoded once and kept, and
 * the answer is the same bytes JSON.stringify would give, copied together.
 */
export function encodeJson(value: unknown): Buffer {
  Date.prototype.toJSON = toEpochSeconds as unknown as typeof dateToJson;
  try {
    if (hasSharedList(value)) return spliceJson(value as Record<string, unknown>);
    return Buffer.from(JSON.stringify(value));
  } finally {
    Date.prototype.toJSON = dateToJson;
  }
}

/** The kept JSON text (UTF-8) of each shared value; it lives as long as the value. */
const sharedJson = new WeakMap<object, Buffer>();

/** Called with Date.prototype.toJSON swapped (encodeJson). */
function sharedJsonOf(value: object): Buffer {
  let bytes = sharedJson.get(value);
  if (!bytes) {
    const text = JSON.stringify(value);
    // Its own memory, not a slice of Buffer's shared pool (which a kept slice would pin).
    bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    bytes.write(text);
    sharedJson.set(value, bytes);
  }
  return bytes;
}

/**
 * JSON.stringify(value), assembled from pieces: members as JSON.stringify writes them (in
 * Object.keys order, undefined ones left out), lists that hold shared values element by element
 * (a shared one from its kept text, any other one as JSON.stringify writes an array element).
 */
function spliceJson(value: Record<string, unknown>): Buffer {
  const parts: (string | Buffer)[] = [];
  let text = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (Array.isArray(member) && holdsShared(member)) {
      text += (first ? '' : ',') + JSON.stringify(key) + ':[';
      for (let i = 0; i < member.length; i++) {
        if (i > 0) text += ',';
        const item: unknown = member[i];
        if (isShared(item)) {
          parts.push(text, sharedJsonOf(item));
          text = '';
        } else {
          text += JSON.stringify(item) ?? 'null';
        }
      }
      text += ']';
    } else {
      const encoded = JSON.stringify(member);
      if (encoded === undefined) continue;
      text += (first ? '' : ',') + JSON.stringify(key) + ':' + encoded;
    }
    first = false;
  }
  parts.push(text + '}');
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part !== 'string') {
      // TypedArray set: a builtin copy, where Buffer's copy runs JavaScript checks for each part.
      out.set(part, at);
      at += part.length;
    }
    else if (part.length === 1) out[at++] = part.charCodeAt(0); // a lone ',' between two shared values
    else if (part.length > 0) at += out.write(part, at);
  }
  return out;
}

/** The media types a JSON request may name (AWS's SDKs send x-amz-json-1.1; some tools send plain JSON). */
const JSON_MEDIA_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

export const awsJson11: WireProtocol = {
  name: 'awsJson1_1',
  contentType: 'application/x-amz-json-1.1',
  responseHeaders: {},
  acceptsContentType(contentType) {
    return JSON_MEDIA_TYPES.has(mediaType(contentType));
  },
  decode(body) {
    // An empty body is an empty input (some clients send nothing for operations without members).
    if (body.length === 0) return {};
    // Checked, then decoded: no decoder object is shared between requests (a module-level fatal
    // TextDecoder rejected valid SDK bodies in the lifecycle tests; not understood, so avoided).
    if (!isUtf8(body)) throw protocolErrors.serialization('Request body is not valid UTF-8.');
    const text = body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw protocolErrors.serialization('Request body is not valid JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw protocolErrors.serialization('Request body must be a JSON object.');
    }
    // Half a surrogate pair (core/unicode.ts), refused as the CBOR decoder refuses invalid UTF-8.
    if (jsonHoldsLoneSurrogate(text, parsed)) {
      throw protocolErrors.serialization('Request body holds a string with an unpaired surrogate escape, which is not valid Unicode.');
    }
    return parsed;
  },
  encodeOutput(output) {
    return encodeJson(output ?? {});
  },
  encodeError(error: AwsError) {
    // DECISION (SPEC §1): the bare code in `__type`, and the message in both spellings:
    // botocore and the generic readers of the SDKs read `message`, the SDKs' modeled exception
    // classes read the model's member `Message`. Clients differ, so both stay.
    return Buffer.from(JSON.stringify({ __type: error.code, message: error.message, Message: error.message }));
  },
  errorHeaders(error: AwsError) {
    return { 'x-amzn-errortype': error.code };
  },
};

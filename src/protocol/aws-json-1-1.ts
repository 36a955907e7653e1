// awsJson1_1: JSON bodies, errors as {"__type","message","Message"}, timestamps as epoch seconds.
import { isUtf8 } from 'node:buffer';
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
 */
export function encodeJson(value: unknown): Buffer {
  Date.prototype.toJSON = toEpochSeconds as unknown as typeof dateToJson;
  try {
    return Buffer.from(JSON.stringify(value));
  } finally {
    Date.prototype.toJSON = dateToJson;
  }
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

// awsJson1_1: JSON bodies, errors as {"__type","message"}, timestamps as epoch seconds.
import { protocolErrors } from '../errors/catalog.js';
import type { AwsError } from '../errors/aws-error.js';
import type { WireProtocol } from './wire-protocol.js';

/** JSON.stringify calls this for every value; only Dates need rewriting (to epoch seconds). */
function epochSecondsReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

/** True when a value tree holds a Date; lets the common case use the replacer-free stringify. */
function containsDate(value: unknown, depth = 0): boolean {
  if (value instanceof Date) return true;
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsDate(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (containsDate((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(containsDate(value) ? JSON.stringify(value, epochSecondsReplacer) : JSON.stringify(value));
}

export const awsJson11: WireProtocol = {
  name: 'awsJson1_1',
  contentType: 'application/x-amz-json-1.1',
  responseHeaders: {},
  decode(body) {
    // An empty body is an empty input (some clients send nothing for operations without members).
    if (body.length === 0) return {};
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw protocolErrors.serialization('Request body is not valid UTF-8.');
    }
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
    // Both spellings of the message: botocore reads `message`, some SDKs read `Message`.
    return Buffer.from(JSON.stringify({ __type: error.code, message: error.message, Message: error.message }));
  },
};

// What a wire protocol must provide to the pipeline: decode a request body, encode an output
// or an error. Protocols know nothing about AppStream; the pipeline knows nothing about bytes.
import type { AwsError } from '../errors/aws-error.js';

export type ProtocolName = 'awsJson1_1' | 'rpcv2Cbor';

export interface WireProtocol {
  readonly name: ProtocolName;
  readonly contentType: string;
  /** Headers that every response of this protocol carries, errors included. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Whether a request's Content-Type header names this protocol's media type (parameters allowed). */
  acceptsContentType(contentType: string): boolean;
  /** Parses a body into a plain object; throws SerializationException for anything else. */
  decode(body: Buffer): unknown;
  encodeOutput(output: unknown): Buffer;
  encodeError(error: AwsError): Buffer;
  /** Headers of an error answer beyond `responseHeaders` (awsJson1_1's x-amzn-ErrorType). */
  errorHeaders(error: AwsError): Record<string, string>;
}

/** The media type of a Content-Type value, without parameters, lower-cased (`Application/CBOR; x=1` -> `application/cbor`). */
export function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

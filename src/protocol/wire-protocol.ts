// What a wire protocol must provide to the pipeline: decode a request body, encode an output
// or an error. Protocols know nothing about AppStream; the pipeline knows nothing about bytes.
import type { AwsError } from '../errors/aws-error.js';

export type ProtocolName = 'awsJson1_1' | 'rpcv2Cbor';

export interface WireProtocol {
  readonly name: ProtocolName;
  readonly contentType: string;
  /** Headers that every response of this protocol carries, errors included. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Parses a body into a plain object; throws SerializationException for anything else. */
  decode(body: Buffer): unknown;
  encodeOutput(output: unknown): Buffer;
  encodeError(error: AwsError): Buffer;
}

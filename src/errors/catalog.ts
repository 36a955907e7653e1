// The error catalogue: every error this server can send, in one place.
// Modeled errors (the model's 15 exceptions) and protocol-level errors (what AWS's JSON
// front end answers before a request reaches AppStream) are both built here, so a code,
// its status and its text can only be spelled once.
import { AwsError } from './aws-error.js';
import { MODELED_EXCEPTIONS, MODELED_EXCEPTION_STATUS, type ModeledExceptionName } from '../generated/operations.js';

/** The Smithy namespace of the AppStream model: modeled errors are `com.amazonaws.appstream#<Code>`. */
export const SERVICE_NAMESPACE = 'com.amazonaws.appstream';

/** The model's exceptions, by wire code (generated from the model). */
export const MODELED_ERROR_CODES = MODELED_EXCEPTIONS;
export type ModeledErrorCode = ModeledExceptionName;

/**
 * DECISION (SPEC §1, amended 2026-11-29; reverses the earlier 400-for-all): a modeled error is
 * sent with the model's `httpStatusCode` (404 ResourceNotFoundException, 412
 * DryRunOperationException, 400 the others), in both protocols, as Smithy's protocols require.
 */
export function modeledErrorStatus(code: ModeledErrorCode): number {
  return MODELED_EXCEPTION_STATUS[code];
}

/** A modeled error: the model's status, its shape ID, and its one member `Message`. */
export function modeledError(code: ModeledErrorCode, message: string): AwsError {
  return new AwsError(code, message, modeledErrorStatus(code), { shapeId: `${SERVICE_NAMESPACE}#${code}`, messageMember: 'Message' });
}

/**
 * DECISION: protocol-level errors are no shape of the model, yet RPC v2 CBOR's `__type` must be
 * an absolute shape ID. They take the namespaces that AWS's JSON front end spells in `__type`
 * for these codes (`com.amazon.coral.validate#ValidationException`,
 * `com.amazon.coral.service#<Code>` for the rest); every SDK strips the namespace. Their message
 * is in `message`, the member that SDKs read for errors they have no class for.
 */
function protocolError(code: string, message: string, status: number): AwsError {
  const namespace = code === 'ValidationException' ? 'com.amazon.coral.validate' : 'com.amazon.coral.service';
  return new AwsError(code, message, status, { shapeId: `${namespace}#${code}`, messageMember: 'message' });
}

/**
 * An error code AWS was observed to send although the model does not list it (SPEC §4,
 * SPEC-rest §0: InvalidParameterValueException from CreateUser). Only through errorsOf().
 */
export function unmodeledError(code: string, message: string): AwsError {
  // DECISION: the service's namespace, status 400, and the message in `message`: the code is not
  // in the SDKs' models, so the Go SDK reads such an error's CBOR message from `message` only
  // (compat/go TestUsers; JS reads either spelling).
  return new AwsError(code, message, 400, { shapeId: `${SERVICE_NAMESPACE}#${code}`, messageMember: 'message' });
}

/** Protocol-level errors, with AWS's texts where AWS's are known (SPEC §1). */
export const protocolErrors = {
  unknownOperation: (what: string) =>
    protocolError('UnknownOperationException', what ? `Unknown operation ${what}` : 'Unknown operation', 400),
  serialization: (message: string) => protocolError('SerializationException', message, 400),
  /** `failures` are already rendered (`Value '30' at 'maxResults' failed to satisfy constraint: ...`). */
  validation: (failures: string[]) =>
    protocolError(
      'ValidationException',
      `${failures.length} validation error${failures.length === 1 ? '' : 's'} detected: ${failures.join('; ')}`,
      400,
    ),
  missingAuthenticationToken: () =>
    protocolError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
  incompleteSignature: (message: string) => protocolError('IncompleteSignatureException', message, 403),
  unrecognizedClient: () =>
    protocolError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403),
  invalidSignature: () =>
    protocolError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    ),
  credentialWrongService: (service: string) =>
    protocolError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`, 403),
  signatureExpired: (requestDate: string, earliest: string, latest: string) =>
    protocolError(
      'InvalidSignatureException',
      `Signature expired: ${requestDate} is now earlier than ${earliest} (${latest} - 15 min.)`,
      403,
    ),
  signatureNotYetValid: (requestDate: string, latest: string, now: string) =>
    protocolError(
      'InvalidSignatureException',
      `Signature not yet current: ${requestDate} is still later than ${latest} (${now} + 15 min.)`,
      403,
    ),
  /** DECISION (SPEC §1): an operation of the model without a handler answers 501 naming it. */
  notImplemented: (operation: string) =>
    protocolError('NotImplementedException', `The operation ${operation} is not implemented by appstream-local.`, 501),
  requestTooLarge: (limit: number) =>
    protocolError('RequestEntityTooLargeException', `Request body is larger than the limit of ${limit} bytes.`, 413),
  /** The HTTP layer's own refusals (bytes node's parser could not take as a request), DECISION: these codes and texts, AWS's front end being unobservable here. */
  headersTooLarge: (limit: number) =>
    protocolError('RequestEntityTooLargeException', `Request headers are larger than the limit of ${limit} bytes.`, 431),
  requestTimeout: (ms: number) => protocolError('RequestTimeoutException', `The request was not received in full within ${ms} ms.`, 408),
  malformedHttp: (reason: string) => protocolError('SerializationException', `The request is not valid HTTP/1.1 (${reason}).`, 400),
  unsupportedMediaType: (contentType: string) =>
    protocolError('UnsupportedMediaTypeException', `Unsupported Content-Type: ${contentType || '(none)'}`, 415),
  notFound: (path: string) => protocolError('UnknownOperationException', `No route for ${path}`, 404),
  methodNotAllowed: (method: string) =>
    protocolError('UnknownOperationException', `Method ${method} is not allowed; AWS operations are POST requests.`, 405),
  serviceUnavailable: (message: string) => protocolError('ServiceUnavailableException', message, 503),
  internal: () => protocolError('InternalFailure', 'The request processing has failed because of an unknown error.', 500),
} as const;

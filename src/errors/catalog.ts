// The error catalogue: every error this server can send, in one place.
// Modeled errors (the model's 15 exceptions) and protocol-level errors (what AWS's JSON
// front end answers before a request reaches AppStream) are both built here, so a code,
// its status and its text can only be spelled once.
import { AwsError } from './aws-error.js';
import { MODELED_EXCEPTIONS, type ModeledExceptionName } from '../generated/operations.js';

/**
 * DECISION (SPEC §1): every modeled AppStream error is sent with HTTP 400, as AWS's API
 * reference lists; the newest model says 404 for ResourceNotFoundException and 412 for
 * DryRunOperationException. Clients dispatch on the code, so only this table changes if
 * that turns out wrong.
 */
export const MODELED_ERROR_STATUS = 400;

/** The model's exceptions, by wire code (generated from the model). */
export const MODELED_ERROR_CODES = MODELED_EXCEPTIONS;
export type ModeledErrorCode = ModeledExceptionName;

export function modeledError(code: ModeledErrorCode, message: string): AwsError {
  return new AwsError(code, message, MODELED_ERROR_STATUS);
}

/**
 * An error code AWS was observed to send although the model does not list it (SPEC §4,
 * SPEC-rest §0: InvalidParameterValueException from CreateUser). Only through errorsOf().
 */
export function unmodeledError(code: string, message: string): AwsError {
  return new AwsError(code, message, 400);
}

/** Protocol-level errors, with AWS's texts where AWS's are known (SPEC §1). */
export const protocolErrors = {
  unknownOperation: (what: string) =>
    new AwsError('UnknownOperationException', what ? `Unknown operation ${what}` : 'Unknown operation', 400),
  serialization: (message: string) => new AwsError('SerializationException', message, 400),
  /** `failures` are already rendered (`Value '30' at 'maxResults' failed to satisfy constraint: ...`). */
  validation: (failures: string[]) =>
    new AwsError(
      'ValidationException',
      `${failures.length} validation error${failures.length === 1 ? '' : 's'} detected: ${failures.join('; ')}`,
      400,
    ),
  missingAuthenticationToken: () =>
    new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
  incompleteSignature: (message: string) => new AwsError('IncompleteSignatureException', message, 403),
  unrecognizedClient: () =>
    new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403),
  invalidSignature: () =>
    new AwsError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    ),
  credentialWrongService: (service: string) =>
    new AwsError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`, 403),
  signatureExpired: (requestDate: string, earliest: string, latest: string) =>
    new AwsError(
      'InvalidSignatureException',
      `Signature expired: ${requestDate} is now earlier than ${earliest} (${latest} - 15 min.)`,
      403,
    ),
  signatureNotYetValid: (requestDate: string, latest: string, now: string) =>
    new AwsError(
      'InvalidSignatureException',
      `Signature not yet current: ${requestDate} is still later than ${latest} (${now} + 15 min.)`,
      403,
    ),
  /** DECISION (SPEC §1): an operation of the model without a handler answers 501 naming it. */
  notImplemented: (operation: string) =>
    new AwsError('NotImplementedException', `The operation ${operation} is not implemented by appstream-local.`, 501),
  requestTooLarge: (limit: number) =>
    new AwsError('RequestEntityTooLargeException', `Request body is larger than the limit of ${limit} bytes.`, 413),
  unsupportedMediaType: (contentType: string) =>
    new AwsError('UnsupportedMediaTypeException', `Unsupported Content-Type: ${contentType || '(none)'}`, 415),
  notFound: (path: string) => new AwsError('UnknownOperationException', `No route for ${path}`, 404),
  methodNotAllowed: (method: string) =>
    new AwsError('UnknownOperationException', `Method ${method} is not allowed; AWS operations are POST requests.`, 405),
  serviceUnavailable: (message: string) => new AwsError('ServiceUnavailableException', message, 503),
  internal: () => new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500),
} as const;

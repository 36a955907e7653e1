// The one error type that crosses layers: a wire code, a message and an HTTP status.
// Protocol codecs render it; the service layer throws it; nothing else is sent to a client.

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

// The one error type that crosses layers: a wire code, a message and an HTTP status.
// Protocol codecs render it; the service layer throws it; nothing else is sent to a client.

export interface AwsErrorShape {
  /** The error's absolute shape ID (`namespace#Code`), which RPC v2 CBOR sends as `__type`. */
  shapeId?: string;
  /** The member that holds the message in the error's structure (`Message` for AppStream's modeled errors). */
  messageMember?: string;
}

export class AwsError extends Error {
  readonly shapeId: string;
  readonly messageMember: string;
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    shape: AwsErrorShape = {},
  ) {
    super(message);
    this.name = code;
    this.shapeId = shape.shapeId ?? code;
    this.messageMember = shape.messageMember ?? 'message';
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

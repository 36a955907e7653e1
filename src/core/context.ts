// What a handler knows about its caller. Nothing here is HTTP: the pipeline fills it in.

export interface CallContext {
  /** The caller's account (12 digits), from the access key or the credentials file. */
  readonly accountId: string;
  /** The region of the credential scope. */
  readonly region: string;
  readonly requestId: string;
}

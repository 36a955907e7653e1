// Everything one AWS API request carries through the pipeline's steps.
import type { WireProtocol } from '../protocol/wire-protocol.js';

export interface RequestContext {
  readonly requestId: string;
  readonly startedAt: number;
  protocol: WireProtocol;
  /** The operation named by the target header or path (not yet known to be valid). */
  operation: string;
  accountId: string;
  region: string;
}

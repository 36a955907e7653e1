// The emulator's own API under /_appstream/*: routes are small records, grouped by file.
import type { ServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { OperationHandlers } from '../core/handler-types.js';
import type { ServiceDeps } from '../service/service-deps.js';

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as JSON (`{}` when empty); a ControlError 400 when it is not JSON. */
  json(): unknown;
}

export interface ControlResponse {
  status?: number;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: { contentType: string; data: Buffer | string };
  headers?: Record<string, string>;
}

export interface ControlDeps {
  service: ServiceDeps;
  /** Every operation's handler, as the API pipeline runs them (the console calls these). */
  handlers: OperationHandlers;
  config: ServerConfig;
  storeKind: string;
  version: string;
  logger: Logger;
  /** The base of URLs handed out: --public-url, else the listening address (known once listening). */
  baseUrl(): string;
}

export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Exact path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  handle(request: ControlRequest, params: string[]): Promise<ControlResponse> | ControlResponse;
}

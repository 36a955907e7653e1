// Dispatches /_appstream/* requests to their routes; errors use the API's JSON envelope.
import { timingSafeEqual } from 'node:crypto';
import { type AwsError, isAwsError } from '../errors/aws-error.js';
import type { ControlDeps, ControlRequest, ControlResponse, ControlRoute } from './control-types.js';
import { healthRoutes } from './health.js';
import { clockRoutes } from './clock.js';
import { failureRoutes } from './failures.js';
import { imageAssistantRoutes } from './image-assistant.js';
import { resetRoutes } from './reset.js';
import { seedRoutes } from './seed.js';
import { userPoolRoutes } from './user-pool.js';
import { controlError } from './control-kit.js';
import { elasticRoutes } from './elastic.js';
import { sessionRoutes } from './sessions.js';
import { AUTHENTICATE_PATH } from '../service/fleets/streaming-url.js';

export const CONTROL_PREFIX = '/_appstream';

/** Every control route of the emulator: one line per route group (the console's come from app.ts). */
export function controlRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    ...healthRoutes(deps),
    ...clockRoutes(deps),
    ...failureRoutes(deps),
    ...imageAssistantRoutes(deps),
    ...seedRoutes(deps),
    ...userPoolRoutes(deps),
    ...resetRoutes(deps),
    ...elasticRoutes(deps),
    ...sessionRoutes(deps),
  ];
}

export { controlError } from './control-kit.js';

function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  // The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` from a proxy or probe counts.
  const m = value === undefined ? null : /^bearer +(.*)$/i.exec(value);
  const given = Buffer.from(m ? m[1]! : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The router of /_appstream/*: the control routes, then `extraRoutes` (the console's). */
export function createControlRouter(deps: ControlDeps, classifyUnexpected: (e: unknown) => AwsError, extraRoutes: readonly ControlRoute[] = []) {
  const routes = [...controlRoutes(deps), ...extraRoutes];
  return async function route(request: ControlRequest): Promise<ControlResponse> {
    try {
      // The console's pages check the token themselves (a browser cannot send the header on navigation);
      // the Image Assistant's POSTs are authorized by the signed streaming URL they carry.
      const isPublicPage =
        (request.method === 'GET' && request.path.startsWith(`${CONTROL_PREFIX}/console`)) ||
        (request.method === 'POST' && request.path.startsWith(`${CONTROL_PREFIX}/console/streaming/`)) ||
        // End users open streaming URLs in a browser: the signed URL authorizes them.
        (request.method === 'GET' && request.path === AUTHENTICATE_PATH);
      if (deps.config.controlToken && !isPublicPage && !bearerMatches(request.headers['authorization'], deps.config.controlToken)) {
        throw controlError('The control API requires Authorization: Bearer <control token>.', 401, 'UnauthorizedException');
      }
      let pathMatched = false;
      for (const candidate of routes) {
        let params: string[] | null = null;
        if (typeof candidate.path === 'string') {
          if (candidate.path === request.path) params = [];
        } else {
          const m = candidate.path.exec(request.path);
          if (m) params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
        }
        if (params === null) continue;
        pathMatched = true;
        if (candidate.method !== request.method) continue;
        return await candidate.handle(request, params);
      }
      throw pathMatched
        ? controlError(`Method ${request.method} is not allowed on ${request.path}.`, 405, 'MethodNotAllowedException')
        : controlError(`No control route ${request.path}.`, 404, 'NotFoundException');
    } catch (caught) {
      const error = isAwsError(caught) ? caught : classifyUnexpected(caught);
      return { status: error.status, body: { __type: error.code, message: error.message, Message: error.message } };
    }
  };
}

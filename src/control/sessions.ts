// Streaming sessions through the control API (SPEC-rest §4.3; thin: the logic is in
// service/fleets/session-control.ts):
//   POST /_appstream/sessions {AccountId, Region, StackName, FleetName, UserId, AuthenticationType?}
//   POST /_appstream/sessions/disconnect | reconnect | expire {AccountId, Region, SessionId}
// What CreateStreamingURL hands out, GET /_appstream/authenticate?parameters=...&signature=...
// (a session: {Session}), is opened by console/streaming-url-routes.ts, where every kind of
// streaming URL opens (a builder's leads to its console page).
import { AUTHENTICATION_TYPES, changeSession, openUserSession, type SessionAction } from '../service/fleets/session-control.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRequest, ControlRoute } from './control-types.js';

type Body = Record<string, unknown>;

/** The JSON object body with exactly the allowed members, the strings checked. */
function readBody(request: ControlRequest, required: readonly string[], optional: readonly string[] = []): Record<string, string> {
  const body = request.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw controlError(`The body must be a JSON object with ${required.join(', ')}.`);
  const extra = Object.keys(body).filter((k) => !required.includes(k) && !optional.includes(k));
  if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (this route takes ${[...required, ...optional].join(', ')}).`);
  const out: Record<string, string> = {};
  for (const key of [...required, ...optional]) {
    const v = (body as Body)[key];
    if (v === undefined && optional.includes(key)) continue;
    if (typeof v !== 'string' || v === '') throw controlError(`${key} must be a non-empty string.`);
    out[key] = v;
  }
  if (!/^\d{12}$/.test(out['AccountId']!)) throw controlError('AccountId must be a 12-digit account id.');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(out['Region']!)) throw controlError('Region must be a region like us-east-1.');
  return out;
}

export function sessionRoutes(deps: ControlDeps): ControlRoute[] {
  const change = (action: SessionAction): ControlRoute => ({
    method: 'POST',
    path: `/_appstream/sessions/${action}`,
    async handle(request) {
      const b = readBody(request, ['AccountId', 'Region', 'SessionId']);
      return { body: await changeSession(deps.service, { accountId: b['AccountId']!, region: b['Region']! }, b['SessionId']!, action) };
    },
  });
  return [
    {
      method: 'POST',
      path: '/_appstream/sessions',
      async handle(request) {
        const b = readBody(request, ['AccountId', 'Region', 'StackName', 'FleetName', 'UserId'], ['AuthenticationType']);
        const type = (b['AuthenticationType'] ?? 'API') as (typeof AUTHENTICATION_TYPES)[number];
        if (!AUTHENTICATION_TYPES.includes(type)) throw controlError(`AuthenticationType must be one of ${AUTHENTICATION_TYPES.join(', ')}.`);
        const part = { accountId: b['AccountId']!, region: b['Region']! };
        return { body: await openUserSession(deps.service, part, { stackName: b['StackName']!, fleetName: b['FleetName']!, userId: b['UserId']!, authenticationType: type }) };
      },
    },
    change('disconnect'),
    change('reconnect'),
    change('expire'),
  ];
}

// POST /_appstream/reset: empties every resource table and sets the emulated clock back to real
// time ({"AccountId": "..."}: one account's rows; the clock is everyone's, so it stays). The
// token secret (meta) stays; the public catalogue is data.
import { resetStore } from '../service/seed/reset.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function resetRoutes(deps: ControlDeps): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/_appstream/reset',
      async handle(request) {
        const body = request.json();
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw controlError('The body must be a JSON object ({} or {"AccountId": "123456789012"}).');
        const extra = Object.keys(body).filter((k) => k !== 'AccountId');
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (reset takes only AccountId).`);
        const accountId = (body as { AccountId?: unknown }).AccountId;
        if (accountId !== undefined && (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId))) {
          throw controlError('AccountId must be a 12-digit account id.');
        }
        const result = await resetStore(deps.service.db, accountId);
        if (accountId !== undefined) return { body: result };
        // After the rows are gone, so no resource sees its schedule jump back.
        const now = await deps.service.clock.setTime(null);
        return { body: { ...result, clock: { now: new Date(now).toISOString(), epochMillis: now } } };
      },
    },
  ];
}

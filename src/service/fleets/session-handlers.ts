// The streaming group (SPEC-rest §4): CreateStreamingURL, DescribeSessions, ExpireSession,
// DrainSessionInstance. Sessions themselves are opened through the control API (a streaming
// URL opened, or a USERPOOL / SAML user signing in): see sessions.ts and control/sessions.ts.
import {
  fleetDomainJoined,
  fleetNotAssociated,
  fleetNotMultiSession,
  fleetNotRunningText,
  outOfRange,
  resourceKindNotFound,
  sessionUserNeedsType,
} from '../../errors/messages.js';
import type { DescribeSessionsRequest, DescribeSessionsResult } from '../../generated/shapes.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { stepMs } from '../lifecycle/transitions.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { isAssociated, stackTable } from '../stacks/family.js';
import { urlExpiresMs } from '../streaming-urls.js';
import { FLEET_DEFAULTS } from './fleet-rules.js';
import { fleetSessions, fleetState, sessionLive } from './fleet-view.js';
import { fleetTable, sessionTable } from './table.js';
import { endSession, viewSession } from './sessions.js';
import { endUserStreamingUrl } from './streaming-url.js';

type SessionHandlers = {
  CreateStreamingURL: Handler<'CreateStreamingURL'>;
  DescribeSessions: Handler<'DescribeSessions'>;
  ExpireSession: Handler<'ExpireSession'>;
  DrainSessionInstance: Handler<'DrainSessionInstance'>;
};

/** CreateStreamingURL's Validity: 1..604800 seconds, 60 by default [Md]. */
export const END_USER_VALIDITY = { default: 60, min: 1, max: 604800 } as const;

export function sessionHandlers(deps: ServiceDeps): SessionHandlers {
  const { db, clock } = deps;

  return {
    async CreateStreamingURL(input, ctx) {
      const E = errorsOf('CreateStreamingURL');
      const validity = input.Validity ?? END_USER_VALIDITY.default;
      if (!(validity >= END_USER_VALIDITY.min && validity <= END_USER_VALIDITY.max)) throw outOfRange('Validity', validity, END_USER_VALIDITY.min, END_USER_VALIDITY.max);
      const now = await clock.now();
      // The checks of SPEC-rest §4.1, in its order.
      if (!(await stackTable.get(db, ctx, input.StackName, now))) throw resourceKindNotFound('stack', input.StackName);
      const fleet = await fleetTable.get(db, ctx, input.FleetName, now);
      if (!fleet) throw resourceKindNotFound('fleet', input.FleetName);
      if (!(await isAssociated(db, ctx, input.StackName, fleet.name, now))) throw fleetNotAssociated(fleet.name, input.StackName);
      const state = fleetState(fleet, now);
      if (state !== 'RUNNING') throw E.ResourceNotAvailableException(fleetNotRunningText(fleet.name, state));
      if (fleet.doc.DomainJoinInfo) throw fleetDomainJoined(fleet.name);
      const expiresMs = urlExpiresMs(now, validity);
      const StreamingURL = endUserStreamingUrl(deps.baseUrl?.() ?? '', deps.tokenSecret, {
        accountId: ctx.accountId,
        region: ctx.region,
        userId: input.UserId,
        stackName: input.StackName,
        fleetName: fleet.name,
        // DECISION (§15.8): ApplicationId is not checked, only carried.
        applicationId: input.ApplicationId ?? '',
        userContext: input.SessionContext ?? '',
        expiresMs,
        maxUserDurationInSecs: String(fleet.doc.MaxUserDurationInSeconds ?? FLEET_DEFAULTS.MaxUserDurationInSeconds),
      });
      return { StreamingURL, Expires: new Date(expiresMs) };
    },

    async DescribeSessions(input: DescribeSessionsRequest, ctx: CallContext): Promise<DescribeSessionsResult> {
      if (input.UserId !== undefined && input.AuthenticationType === undefined) throw sessionUserNeedsType();
      const now = await clock.now();
      // AuthenticationType defaults to API: SAML and USERPOOL sessions only when asked for [Md].
      const where: Record<string, string> = {
        fleet_name: input.FleetName,
        stack_name: input.StackName,
        authentication_type: input.AuthenticationType ?? 'API',
        ...(input.UserId !== undefined ? { user_id: input.UserId } : {}),
        ...(input.InstanceId !== undefined ? { instance_id: input.InstanceId } : {}),
      };
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeSessions', ctx, input, {
        filters: { ...where },
        keyLength: 1,
        // DECISION (§15.9): in Id order; an unknown stack or fleet has no sessions (an empty list).
        fetch: (cursor, limit) => sessionTable.page(db, ctx, now, { after: cursor?.[0] ?? null, limit, where }),
        key: (s) => [s.name],
      });
      const fleet = items.length > 0 ? await fleetTable.get(db, ctx, input.FleetName, now) : undefined;
      const out: DescribeSessionsResult = { Sessions: items.map((s) => viewSession(s, now, fleet)) };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async ExpireSession(input, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        // DECISION (§15.9): an unknown or ended session answers {} (the operation models no error).
        const session = await sessionTable.get(tx, ctx, input.SessionId, now);
        if (session) await endSession(tx, session, now, now, stepMs(deps));
      });
      return {};
    },

    async DrainSessionInstance(input, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        const session = await sessionTable.get(tx, ctx, input.SessionId, now);
        if (!session || !sessionLive(session, now)) throw resourceKindNotFound('session', input.SessionId);
        const fleet = await fleetTable.get(tx, ctx, session.doc.FleetName, now);
        if (!fleet) throw resourceKindNotFound('fleet', session.doc.FleetName);
        if (!fleet.doc.MaxSessionsPerInstance) throw fleetNotMultiSession(fleet.name);
        const draining = new Set(fleet.doc.DrainingInstances ?? []);
        if (draining.has(session.doc.InstanceId)) return;
        // Instances without live sessions have been recycled: forget them.
        const live = new Set((await fleetSessions(tx, ctx, now, fleet.name)).filter((s) => sessionLive(s, now)).map((s) => s.doc.InstanceId));
        fleet.doc.DrainingInstances = [...draining].filter((id) => live.has(id)).concat(session.doc.InstanceId);
        await fleetTable.update(tx, fleet);
      });
      return {};
    },
  };
}

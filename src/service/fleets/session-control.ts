// What the control API does with sessions (SPEC-rest §4.3): open a streaming URL into a
// session, open a session for a user directly (USERPOOL, SAML), and disconnect, reconnect or
// end one. Each is one write on the session's partition; errors are control errors. A USERPOOL
// user signs in only when the user pool says so (users family: exists, enabled, assigned to the
// stack, SPEC-rest §5).
import { AwsError } from '../../errors/aws-error.js';
import { resourceKindNotFound } from '../../errors/messages.js';
import type { Session } from '../../generated/shapes.js';
import type { Partition } from '../../store/resource-repo.js';
import { stepMs } from '../lifecycle/transitions.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { userStackAccess, type UserStackAccess } from '../users/family.js';
import { fleetTable, sessionTable, type SessionDoc } from './table.js';
import { disconnectSession, endSession, openSession, reconnectSession, SessionRefusal, viewSession, type OpenRequest } from './sessions.js';
import { checkEndUserUrl } from './streaming-url.js';
import { runsLicenseIncludedImage } from './fleet-image.js';
import { recordAppLicenseUse } from '../usage-reports/license-usage.js';

/**
 * DECISION (§4.3): the control API's answers when a session cannot be opened or found, with
 * HTTP statuses: a bad or expired URL 403, no such resource 404, a fleet that cannot take the
 * session 400 (or 409 when it is full).
 */
const REFUSALS: Record<SessionRefusal['reason'] | 'invalid-url' | 'expired-url' | 'no-session' | Exclude<UserStackAccess, 'ok'>, { status: number; code: string }> = {
  'invalid-url': { status: 403, code: 'AccessDeniedException' },
  'expired-url': { status: 403, code: 'ExpiredStreamingURLException' },
  'not-found': { status: 404, code: 'ResourceNotFoundException' },
  'no-session': { status: 404, code: 'ResourceNotFoundException' },
  'not-associated': { status: 400, code: 'InvalidParameterCombinationException' },
  'not-running': { status: 400, code: 'ResourceNotAvailableException' },
  'no-capacity': { status: 409, code: 'InsufficientCapacityException' },
  // A user pool user who may not sign in to the stack (Cognito, behind the user pool, answers
  // NotAuthorizedException for a disabled user).
  USER_NOT_FOUND: { status: 404, code: 'ResourceNotFoundException' },
  USER_DISABLED: { status: 403, code: 'NotAuthorizedException' },
  NOT_ASSOCIATED: { status: 403, code: 'AccessDeniedException' },
};

/** DECISION (§4.3, §5): why a user pool user cannot open a session on a stack. */
const USER_REFUSAL_TEXTS: Record<Exclude<UserStackAccess, 'ok'>, (user: string, stack: string) => string> = {
  USER_NOT_FOUND: (user) => resourceKindNotFound('user', user).message,
  USER_DISABLED: (user) => `The user ${user} is disabled.`,
  NOT_ASSOCIATED: (user, stack) => `The user ${user} is not assigned to the stack ${stack}.`,
};

function refused(reason: keyof typeof REFUSALS, message: string): AwsError {
  return new AwsError(REFUSALS[reason].code, message, REFUSALS[reason].status);
}

async function open(deps: ServiceDeps, part: Partition, request: OpenRequest): Promise<{ Session: Session }> {
  try {
    return await write(deps, part, async ({ tx, now }) => {
      if (request.authenticationType === 'USERPOOL') {
        // UserId is the user's UserName (case-sensitive), as the user pool's sign-in page takes it.
        const access = await userStackAccess(tx, part, request.userId, request.stackName, now);
        if (access !== 'ok') throw refused(access, USER_REFUSAL_TEXTS[access](request.userId, request.stackName));
      }
      const session = await openSession(tx, part, now, stepMs(deps), request);
      const fleet = await fleetTable.get(tx, part, request.fleetName, now);
      // A user pool user's sign-in on license-included applications is a use of the license (SPEC-rest §9.2).
      if (request.authenticationType === 'USERPOOL' && fleet && (await runsLicenseIncludedImage(tx, fleet, now))) {
        await recordAppLicenseUse(tx, part, request.userId, now);
      }
      return { Session: viewSession(session, now, fleet) };
    });
  } catch (error) {
    if (error instanceof SessionRefusal) throw refused(error.reason, error.message);
    throw error;
  }
}

/** Opens a streaming URL (its query's `parameters` and `signature`): the user's session, new or reused. */
export async function openStreamingUrl(deps: ServiceDeps, parameters: string, signature: string): Promise<{ Session: Session }> {
  const check = await checkEndUserUrl(deps.db, deps.tokenSecret, await deps.clock.now(), parameters, signature);
  if (!check.ok) {
    throw check.reason === 'expired' ? refused('expired-url', 'The streaming URL has expired.') : refused('invalid-url', 'The streaming URL is not valid.');
  }
  const g = check.grant;
  return open(deps, g, { stackName: g.stackName, fleetName: g.fleetName, userId: g.userId, authenticationType: 'API' });
}

/**
 * Opens a session for a user directly (a USERPOOL or SAML user signing in, or an API user). A
 * USERPOOL user must exist, be enabled and be assigned to the stack (BatchAssociateUserStack):
 * else 404 ResourceNotFoundException, 403 NotAuthorizedException, 403 AccessDeniedException.
 */
export function openUserSession(deps: ServiceDeps, part: Partition, request: OpenRequest): Promise<{ Session: Session }> {
  return open(deps, part, request);
}

export type SessionAction = 'disconnect' | 'reconnect' | 'expire';

/** Disconnects, reconnects or ends a live session; answers it. */
export async function changeSession(deps: ServiceDeps, part: Partition, sessionId: string, action: SessionAction): Promise<{ Session: Session }> {
  return write(deps, part, async ({ tx, now }) => {
    const session = await sessionTable.get(tx, part, sessionId, now);
    if (!session) throw refused('no-session', `The session ${sessionId} does not exist.`);
    const fleet = await fleetTable.get(tx, part, session.doc.FleetName, now);
    const step = stepMs(deps);
    if (action === 'disconnect') await disconnectSession(tx, session, fleet, now, step);
    else if (action === 'reconnect') await reconnectSession(tx, session, fleet, now, step);
    else await endSession(tx, session, now, now, step);
    return { Session: viewSession(session, now, fleet) };
  });
}

export const AUTHENTICATION_TYPES: readonly SessionDoc['AuthenticationType'][] = ['API', 'SAML', 'USERPOOL', 'AWS_AD'];

// Failures on purpose: POST /_appstream/failures {"Operation", "AccountId"?, "Count"?: 1,
// "ErrorCode"?} makes the next Count transitions of Operation (for AccountId, or any account)
// end in FAILED (a fleet: stuck STARTING with FleetErrors of ErrorCode). GET lists the rules
// that still have failures left; DELETE removes them all.
import { FAILING_OPERATIONS, FAILURE_ERROR_CODES, clearPlannedFailures, isFailingOperation, planFailures, plannedFailures } from '../service/lifecycle/transitions.js';
import { controlError } from './control-kit.js';
import type { ControlDeps, ControlRoute } from './control-types.js';

export function failureRoutes(deps: ControlDeps): ControlRoute[] {
  const db = deps.service.db;
  const list = async () => ({
    FailureRules: (await plannedFailures(db)).map((r) => ({
      Id: r.id,
      Operation: r.operation,
      ...(r.accountId === null ? {} : { AccountId: r.accountId }),
      Remaining: r.remaining,
      ...(r.errorCode === null ? {} : { ErrorCode: r.errorCode }),
    })),
  });
  return [
    {
      method: 'POST',
      path: '/_appstream/failures',
      async handle(request) {
        const body = request.json();
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw controlError('The body must be a JSON object: {"Operation": "...", "AccountId"?: "...", "Count"?: 1}.');
        }
        const extra = Object.keys(body).filter((k) => !['Operation', 'AccountId', 'Count', 'ErrorCode'].includes(k));
        if (extra.length > 0) throw controlError(`Unknown member '${extra[0]}' (failures take Operation, AccountId, Count, ErrorCode).`);
        const { Operation, AccountId, Count, ErrorCode } = body as { Operation?: unknown; AccountId?: unknown; Count?: unknown; ErrorCode?: unknown };
        if (!isFailingOperation(Operation)) {
          throw controlError(`Operation must be one of ${FAILING_OPERATIONS.join(', ')}.`);
        }
        const codes = FAILURE_ERROR_CODES[Operation];
        if (ErrorCode !== undefined && (!codes || typeof ErrorCode !== 'string' || !codes.includes(ErrorCode))) {
          throw controlError(codes ? `ErrorCode must be one of ${codes.join(', ')}.` : `${Operation} takes no ErrorCode.`);
        }
        if (AccountId !== undefined && (typeof AccountId !== 'string' || !/^\d{12}$/.test(AccountId))) {
          throw controlError('AccountId must be a 12-digit account id.');
        }
        const count = Count === undefined ? 1 : Count;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1_000_000) {
          throw controlError('Count must be an integer from 1 to 1000000.');
        }
        await planFailures(db, Operation, (AccountId as string | undefined) ?? null, count, (ErrorCode as string | undefined) ?? null);
        return { body: await list() };
      },
    },
    { method: 'GET', path: '/_appstream/failures', handle: async () => ({ body: await list() }) },
    {
      method: 'DELETE',
      path: '/_appstream/failures',
      async handle() {
        await clearPlannedFailures(db);
        return { body: await list() };
      },
    },
  ];
}

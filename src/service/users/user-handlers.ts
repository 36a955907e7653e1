// The user pool group (SPEC-rest §5.1, §5.2): CreateUser, DescribeUsers, EnableUser,
// DisableUser, DeleteUser. Users are keyed by UserName, case-sensitive (`A@x.com` and
// `a@x.com` are two users); only AuthenticationType USERPOOL has users.
import { randomUUID } from 'node:crypto';
import type { User } from '../../generated/shapes.js';
import type { CallContext } from '../context.js';
import type { Handler } from '../handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { USER_STATUS, userStackTable, userTable, viewUser, type UserRecord } from './family.js';
import { checkQuota } from './quota.js';

type UserHandlers = {
  CreateUser: Handler<'CreateUser'>;
  DescribeUsers: Handler<'DescribeUsers'>;
  EnableUser: Handler<'EnableUser'>;
  DisableUser: Handler<'DisableUser'>;
  DeleteUser: Handler<'DeleteUser'>;
};

/** DECISION (SPEC-rest §15.6): the texts of an unknown user and of a taken name. */
export const userTexts = {
  notFound: (name: string) => `The user ${name} does not exist.`,
  exists: (name: string) => `User ${name} already exists.`,
  /** DECISION (SPEC-rest §15.13): a non-USERPOOL type where the operation models InvalidParameterCombination. */
  userPoolOnly: (type: string) => `The authentication type ${type} is not supported. You must specify USERPOOL.`,
};

export const partOf = (ctx: CallContext) => ({ accountId: ctx.accountId, region: ctx.region });

export function userHandlers(deps: ServiceDeps): UserHandlers {
  /**
   * Enable/Disable: idempotent; stack associations survive (SPEC-rest §5.2). DECISION: these
   * operations model no InvalidParameterCombination, so a non-USERPOOL type finds no user
   * (ResourceNotFoundException), as there are none of that type.
   */
  const setEnabled = (op: 'EnableUser' | 'DisableUser', enabled: boolean) =>
    async (input: { UserName: string; AuthenticationType: string }, ctx: CallContext) => {
      const E = errorsOf(op);
      return write(deps, ctx, async ({ tx, now }) => {
        const user = input.AuthenticationType === 'USERPOOL' ? await userTable.get(tx, ctx, input.UserName, now) : undefined;
        if (!user) throw E.ResourceNotFoundException(userTexts.notFound(input.UserName));
        if (user.doc.Enabled !== enabled) {
          user.doc.Enabled = enabled;
          await userTable.update(tx, user);
        }
        return {};
      });
    };

  return {
    async CreateUser(input, ctx) {
      const E = errorsOf('CreateUser');
      if (input.AuthenticationType !== 'USERPOOL') {
        // AWS's observed text (SPEC-rest §0), with the unmodeled code AWS sends.
        throw E.InvalidParameterValueException(`Cannot create a user with '${input.AuthenticationType}' authentication type`);
      }
      if (input.MessageAction === 'RESEND' && (input.FirstName !== undefined || input.LastName !== undefined)) {
        // AWS: FirstName and LastName cannot be given with RESEND [Md]. DECISION: the text.
        throw E.InvalidParameterCombinationException('FirstName and LastName cannot be specified when MessageAction is RESEND.');
      }
      return write(deps, ctx, async ({ tx, now }) => {
        const existing = await userTable.get(tx, ctx, input.UserName, now);
        if (input.MessageAction === 'RESEND') {
          // DECISION (SPEC-rest §5.2): RESEND re-sends the welcome e-mail of an existing user and changes nothing.
          if (!existing) throw E.InvalidParameterCombinationException(`${userTexts.notFound(input.UserName)} MessageAction RESEND needs an existing user.`);
          return {};
        }
        if (existing) throw E.ResourceAlreadyExistsException(userTexts.exists(input.UserName));
        await checkQuota(tx, deps, userTable, 'users', { part: partOf(ctx), nowMs: now, what: 'users' }, E.LimitExceededException);
        const record: UserRecord = {
          ...partOf(ctx),
          name: input.UserName,
          createdMs: now,
          schedule: [],
          goneMs: null,
          doc: { Id: randomUUID(), Enabled: true, Status: USER_STATUS.created },
        };
        // First and last names cannot change later [DG]: they are set here only.
        if (input.FirstName !== undefined) record.doc.FirstName = input.FirstName;
        if (input.LastName !== undefined) record.doc.LastName = input.LastName;
        try {
          await userTable.insert(tx, record, now);
        } catch (e) {
          if (tx.isUniqueViolation(e)) throw E.ResourceAlreadyExistsException(userTexts.exists(input.UserName));
          throw e;
        }
        return {};
      });
    },

    async DescribeUsers(input, ctx) {
      const E = errorsOf('DescribeUsers');
      if (input.AuthenticationType !== 'USERPOOL') throw E.InvalidParameterCombinationException(userTexts.userPoolOnly(input.AuthenticationType));
      const now = await deps.clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeUsers', ctx, input, {
        filters: { AuthenticationType: input.AuthenticationType },
        keyLength: 1,
        fetch: (cursor, limit) => userTable.page(deps.db, ctx, now, { after: cursor?.[0] ?? null, limit }),
        key: (u) => [u.name],
      });
      // An empty pool is an empty list, never ResourceNotFound (SPEC-rest §5.2).
      const out: { Users: User[]; NextToken?: string } = { Users: items.map(viewUser) };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    EnableUser: setEnabled('EnableUser', true),
    DisableUser: setEnabled('DisableUser', false),

    async DeleteUser(input, ctx) {
      const E = errorsOf('DeleteUser');
      return write(deps, ctx, async ({ tx, now }) => {
        const user = input.AuthenticationType === 'USERPOOL' ? await userTable.get(tx, ctx, input.UserName, now) : undefined;
        if (!user) throw E.ResourceNotFoundException(userTexts.notFound(input.UserName));
        await userTable.remove(tx, ctx, user.name);
        // DECISION (SPEC-rest §5.2): the user's stack associations go with it.
        await userStackTable.removeWhere(tx, ctx, { column: 'user_name', value: user.name });
        return {};
      });
    },
  };
}

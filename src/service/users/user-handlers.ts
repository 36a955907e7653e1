// The user pool group (SPEC-rest §5.1, §5.2): CreateUser, DescribeUsers, EnableUser,
// DisableUser, DeleteUser. Users are keyed by UserName, case-sensitive (`A@x.com` and
// `a@x.com` are two users); only AuthenticationType USERPOOL has users.
import { resendUnknownUserText, resendWithNamesText, resourceKindExists, resourceKindNotFound, userAuthenticationTypeRefusedText, userPoolOnlyText } from '../../errors/messages.js';
import { randomUUID } from 'node:crypto';
import type { User } from '../../generated/shapes.js';
import { partOf, type CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { USER_STATUS, userStackTable, userTable, viewUser, type UserRecord } from './family.js';
import { checkQuota } from '../resources/quota.js';
import { ViewMemo } from '../resources/view-memo.js';

/** Users as DescribeUsers answers them, kept per row version (resources/view-memo.ts). */
const userViews = new ViewMemo(userTable, '', viewUser);

type UserHandlers = {
  CreateUser: Handler<'CreateUser'>;
  DescribeUsers: Handler<'DescribeUsers'>;
  EnableUser: Handler<'EnableUser'>;
  DisableUser: Handler<'DisableUser'>;
  DeleteUser: Handler<'DeleteUser'>;
};

/** The texts of an unknown user (errors/messages.ts; SPEC-rest §15.6). */
export const userNotFound = (name: string) => resourceKindNotFound('user', name);

export function userHandlers(deps: ServiceDeps): UserHandlers {
  /**
   * Enable/Disable: idempotent; stack associations survive (SPEC-rest §5.2). DECISION: these
   * operations model no InvalidParameterCombination, so a non-USERPOOL type finds no user
   * (ResourceNotFoundException), as there are none of that type.
   */
  const setEnabled = (enabled: boolean) =>
    async (input: { UserName: string; AuthenticationType: string }, ctx: CallContext) => {
      return write(deps, ctx, async ({ tx, now }) => {
        const user = input.AuthenticationType === 'USERPOOL' ? await userTable.get(tx, ctx, input.UserName, now) : undefined;
        if (!user) throw userNotFound(input.UserName);
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
        throw E.InvalidParameterValueException(userAuthenticationTypeRefusedText(input.AuthenticationType));
      }
      if (input.MessageAction === 'RESEND' && (input.FirstName !== undefined || input.LastName !== undefined)) {
        // AWS: FirstName and LastName cannot be given with RESEND [Md].
        throw E.InvalidParameterCombinationException(resendWithNamesText());
      }
      return write(deps, ctx, async ({ tx, now }) => {
        const existing = await userTable.get(tx, ctx, input.UserName, now);
        if (input.MessageAction === 'RESEND') {
          // DECISION (SPEC-rest §5.2): RESEND re-sends the welcome e-mail of an existing user and changes nothing.
          if (!existing) throw E.InvalidParameterCombinationException(resendUnknownUserText(input.UserName));
          return {};
        }
        if (existing) throw resourceKindExists('user', input.UserName);
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
          if (tx.isUniqueViolation(e)) throw resourceKindExists('user', input.UserName);
          throw e;
        }
        return {};
      });
    },

    async DescribeUsers(input, ctx) {
      const E = errorsOf('DescribeUsers');
      if (input.AuthenticationType !== 'USERPOOL') throw E.InvalidParameterCombinationException(userPoolOnlyText(input.AuthenticationType));
      const part = { accountId: ctx.accountId, region: ctx.region };
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeUsers', ctx, input, {
        filters: { AuthenticationType: input.AuthenticationType },
        keyLength: 1,
        // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
        fetch: async (cursor, limit) => (await userViews.page(deps.db, part, deps.clock.reading(), { after: cursor?.[0] ?? null, limit })).views,
        key: (u) => [u.UserName!],
      });
      // An empty pool is an empty list, never ResourceNotFound (SPEC-rest §5.2).
      const out: { Users: User[]; NextToken?: string } = { Users: items };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    EnableUser: setEnabled(true),
    DisableUser: setEnabled(false),

    async DeleteUser(input, ctx) {
      return write(deps, ctx, async ({ tx, now }) => {
        const user = input.AuthenticationType === 'USERPOOL' ? await userTable.get(tx, ctx, input.UserName, now) : undefined;
        if (!user) throw userNotFound(input.UserName);
        await userTable.remove(tx, ctx, user.name);
        // DECISION (SPEC-rest §5.2): the user's stack associations go with it.
        await userStackTable.removeWhere(tx, ctx, { column: 'user_name', value: user.name });
        return {};
      });
    },
  };
}

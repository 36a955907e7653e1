// The user-stack association group (SPEC-rest §5.3): BatchAssociateUserStack,
// BatchDisassociateUserStack, DescribeUserStackAssociations. The batch operations answer HTTP
// 200 whatever happens per item and list each failed item in the lower-case `errors`; a
// failed item never stops the others, and a top-level error writes nothing.
import { domainJoinedStackText, resourceKindNotFound, userAssociationFilterText, userPoolOnlyText } from '../../errors/messages.js';
import type { UserStackAssociation, UserStackAssociationError } from '../../generated/shapes.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { fleetOfStack, stackTable } from '../stacks/family.js';
import { putUserStackAssociation, userStackTable, userTable } from './family.js';
import { partOf } from '../context.js';

type UserStackHandlers = {
  BatchAssociateUserStack: Handler<'BatchAssociateUserStack'>;
  BatchDisassociateUserStack: Handler<'BatchDisassociateUserStack'>;
  DescribeUserStackAssociations: Handler<'DescribeUserStackAssociations'>;
};

/** The per-item texts: the not-found texts of SPEC-rest §15.6. */
const itemTexts = {
  stackNotFound: (name: string) => resourceKindNotFound('stack', name).message,
  userNotFound: (name: string) => resourceKindNotFound('user', name).message,
};

/** Far more than a user's stacks (the stack quota is 10 by default). */
const MAX_STACKS_PER_USER = 100_000;

/** The association as the caller sent it (DECISION: SendEmailNotification is not echoed). */
function echo(a: UserStackAssociation): UserStackAssociation {
  return { StackName: a.StackName, UserName: a.UserName, AuthenticationType: a.AuthenticationType };
}

function failure(a: UserStackAssociation, code: UserStackAssociationError['ErrorCode'], message: string): UserStackAssociationError {
  return { UserStackAssociation: echo(a), ErrorCode: code, ErrorMessage: message };
}

export function userStackHandlers(deps: ServiceDeps): UserStackHandlers {
  /** DECISION (SPEC-rest §5.3): an item of another type than USERPOOL fails the whole call. */
  const checkTypes = (items: readonly UserStackAssociation[], E: { InvalidParameterCombinationException(m: string): Error }) => {
    const other = items.find((a) => a.AuthenticationType !== 'USERPOOL');
    if (other) throw E.InvalidParameterCombinationException(userPoolOnlyText(other.AuthenticationType));
  };

  return {
    async BatchAssociateUserStack(input, ctx) {
      const E = errorsOf('BatchAssociateUserStack');
      checkTypes(input.UserStackAssociations, E);
      return write(deps, ctx, async ({ tx, now }) => {
        const errors: UserStackAssociationError[] = [];
        const accepted: UserStackAssociation[] = [];
        for (const a of input.UserStackAssociations) {
          if (!(await stackTable.get(tx, ctx, a.StackName, now))) {
            errors.push(failure(a, 'STACK_NOT_FOUND', itemTexts.stackNotFound(a.StackName)));
            continue;
          }
          const fleet = await fleetOfStack(tx, ctx, a.StackName, now);
          if (fleet?.doc.DomainJoinInfo?.DirectoryName !== undefined) {
            // AWS: user pool users "cannot be assigned to stacks with fleets that are joined to an
            // Active Directory domain" [Md]. DECISION: a top-level OperationNotPermitted; nothing is written.
            throw E.OperationNotPermittedException(domainJoinedStackText(a.StackName, fleet.name));
          }
          if (!(await userTable.get(tx, ctx, a.UserName, now))) {
            errors.push(failure(a, 'USER_NAME_NOT_FOUND', itemTexts.userNotFound(a.UserName)));
            continue;
          }
          accepted.push(a);
        }
        // Re-associating a pair succeeds and changes nothing (DECISION, SPEC-rest §5.3).
        for (const a of accepted) await putUserStackAssociation(tx, partOf(ctx), a.StackName, a.UserName, now);
        // DECISION (SPEC-rest §15.14): `errors` is always sent, [] when every item succeeded.
        return { errors };
      });
    },

    async BatchDisassociateUserStack(input, ctx) {
      const E = errorsOf('BatchDisassociateUserStack');
      checkTypes(input.UserStackAssociations, E);
      return write(deps, ctx, async ({ tx, now }) => {
        const errors: UserStackAssociationError[] = [];
        for (const a of input.UserStackAssociations) {
          if (!(await stackTable.get(tx, ctx, a.StackName, now))) {
            errors.push(failure(a, 'STACK_NOT_FOUND', itemTexts.stackNotFound(a.StackName)));
            continue;
          }
          // A pair that does not exist: success (DECISION, SPEC-rest §5.3).
          await userStackTable.remove(tx, ctx, a.UserName, a.StackName);
        }
        return { errors };
      });
    },

    async DescribeUserStackAssociations(input, ctx) {
      const E = errorsOf('DescribeUserStackAssociations');
      const { StackName, UserName, AuthenticationType } = input;
      // AWS: "must specify either or both of" StackName and UserName with AuthenticationType [Md].
      if ((StackName === undefined && UserName === undefined) || (UserName !== undefined && AuthenticationType === undefined)) {
        throw E.InvalidParameterCombinationException(userAssociationFilterText());
      }
      // SPEC-rest §5.2: a type other than USERPOOL on a user operation (DECISION: this listing
      // is one; it was an empty list, which hid the mistake).
      if (AuthenticationType !== undefined && AuthenticationType !== 'USERPOOL') throw E.InvalidParameterCombinationException(userPoolOnlyText(AuthenticationType));
      const now = await deps.clock.now();
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeUserStackAssociations', ctx, input, {
        filters: { StackName, UserName, AuthenticationType },
        keyLength: 2,
        async fetch(cursor, limit) {
          if (StackName !== undefined) {
            return userStackTable.page(deps.db, ctx, now, { parent: StackName, after: cursor?.[1] ?? null, limit, ...(UserName !== undefined ? { where: { user_name: UserName } } : {}) });
          }
          // One user's associations, in stack order: at most one per stack.
          const all = await userStackTable.findByRef(deps.db, ctx, now, 'user_name', UserName!, MAX_STACKS_PER_USER);
          return all.filter((r) => cursor === null || r.parent! > cursor[0]!).slice(0, limit);
        },
        key: (r) => [r.parent!, r.name],
      });
      const out: { UserStackAssociations: UserStackAssociation[]; NextToken?: string } = {
        UserStackAssociations: items.map((r) => ({ StackName: r.parent!, UserName: r.name, AuthenticationType: 'USERPOOL' })),
      };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },
  };
}

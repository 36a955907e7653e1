// The entitlement group (SPEC-rest §6): CreateEntitlement, DescribeEntitlements,
// UpdateEntitlement, DeleteEntitlement, AssociateApplicationToEntitlement,
// DisassociateApplicationFromEntitlement, ListEntitledApplications. An entitlement belongs to a
// stack (unknown stack: ResourceNotFound; unknown entitlement: EntitlementNotFound); its
// applications must be in the catalogue of the stack's fleet.
import { applicationNotEntitledText, applicationNotInStack, entitlementApplicationsLimitText, entitlementAttributeText, entitlementExists, entitlementNotFoundText, resourceKindNotFound } from '../../errors/messages.js';
import { compareNames } from '../../catalog/public-images.js';
import type { AwsError } from '../../errors/aws-error.js';
import type { EntitledApplication, Entitlement } from '../../generated/shapes.js';
import type { SqlDb } from '../../store/sql-db.js';
import { partOf, type CallContext } from '../context.js';
import type { Handler } from '../../core/handler-types.js';
import { page } from '../pagination/page.js';
import { ViewMemo } from '../resources/view-memo.js';
import { errorsOf } from '../resources/op-errors.js';
import { write } from '../resources/write.js';
import type { ServiceDeps } from '../service-deps.js';
import { stackTable } from '../stacks/family.js';
import { checkQuota } from '../resources/quota.js';
import { ENTITLEMENT_ATTRIBUTE_NAMES, entitlementTable, MAX_APPLICATIONS_PER_ENTITLEMENT, viewEntitlement, type EntitlementRecord } from './family.js';
import { stackCatalogue } from './stack-catalogue.js';

type EntitlementHandlers = {
  CreateEntitlement: Handler<'CreateEntitlement'>;
  DescribeEntitlements: Handler<'DescribeEntitlements'>;
  UpdateEntitlement: Handler<'UpdateEntitlement'>;
  DeleteEntitlement: Handler<'DeleteEntitlement'>;
  AssociateApplicationToEntitlement: Handler<'AssociateApplicationToEntitlement'>;
  DisassociateApplicationFromEntitlement: Handler<'DisassociateApplicationFromEntitlement'>;
  ListEntitledApplications: Handler<'ListEntitledApplications'>;
};


/** The errors every operation of the group may answer. */
interface GroupErrors {
  ResourceNotFoundException(message: string): AwsError;
  EntitlementNotFoundException?(message: string): AwsError;
  OperationNotPermittedException(message: string): AwsError;
}

async function requireStack(db: SqlDb, ctx: CallContext, stack: string, now: number, E: GroupErrors): Promise<void> {
  if (!(await stackTable.get(db, ctx, stack, now))) throw resourceKindNotFound('stack', stack);
}

/** The stack, then the entitlement: ResourceNotFound, then EntitlementNotFound. */
async function requireEntitlement(db: SqlDb, ctx: CallContext, stack: string, name: string, now: number, E: Required<GroupErrors>): Promise<EntitlementRecord> {
  await requireStack(db, ctx, stack, now, E);
  const found = await entitlementTable.get(db, ctx, name, now, stack);
  if (!found) throw E.EntitlementNotFoundException(entitlementNotFoundText(name, stack));
  return found;
}

function checkAttributes(attributes: readonly { Name: string }[] | undefined, E: GroupErrors): void {
  const bad = attributes?.find((a) => !ENTITLEMENT_ATTRIBUTE_NAMES.includes(a.Name));
  if (bad) throw E.OperationNotPermittedException(entitlementAttributeText(bad.Name, ENTITLEMENT_ATTRIBUTE_NAMES));
}

/** Entitlements as DescribeEntitlements lists them, kept per row version (resources/view-memo.ts). */
const entitlementViews = new ViewMemo(entitlementTable, '', viewEntitlement);

export function entitlementHandlers(deps: ServiceDeps): EntitlementHandlers {
  return {
    async CreateEntitlement(input, ctx) {
      const E = errorsOf('CreateEntitlement');
      checkAttributes(input.Attributes, E);
      return write(deps, ctx, async ({ tx, now }) => {
        await requireStack(tx, ctx, input.StackName, now, E);
        if (await entitlementTable.get(tx, ctx, input.Name, now, input.StackName)) throw entitlementExists(input.Name);
        await checkQuota(
          tx,
          deps,
          entitlementTable,
          'entitlements',
          { part: partOf(ctx), nowMs: now, parent: input.StackName, what: 'entitlements' },
          E.LimitExceededException,
        );
        const record: EntitlementRecord = {
          accountId: ctx.accountId,
          region: ctx.region,
          parent: input.StackName,
          name: input.Name,
          createdMs: now,
          schedule: [],
          goneMs: null,
          doc: { AppVisibility: input.AppVisibility, Attributes: input.Attributes.map((a) => ({ Name: a.Name, Value: a.Value })), LastModifiedMs: now, Applications: [] },
        };
        if (input.Description !== undefined) record.doc.Description = input.Description;
        try {
          await entitlementTable.insert(tx, record, now);
        } catch (e) {
          if (tx.isUniqueViolation(e)) throw entitlementExists(input.Name);
          throw e;
        }
        return { Entitlement: viewEntitlement(record) };
      });
    },

    async DescribeEntitlements(input, ctx) {
      const E = errorsOf('DescribeEntitlements');
      const now = await deps.clock.now();
      await requireStack(deps.db, ctx, input.StackName, now, E);
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeEntitlements', ctx, input, {
        filters: { StackName: input.StackName, Name: input.Name },
        keyLength: 1,
        async fetch(cursor, limit) {
          if (input.Name === undefined) return (await entitlementViews.page(deps.db, partOf(ctx), now, { parent: input.StackName, after: cursor?.[0] ?? null, limit })).views;
          const one = await entitlementTable.get(deps.db, ctx, input.Name, now, input.StackName);
          if (!one) throw E.EntitlementNotFoundException(entitlementNotFoundText(input.Name, input.StackName));
          return cursor === null ? [viewEntitlement(one)] : [];
        },
        key: (e) => [e.Name],
      });
      // A stack without entitlements answers an empty list (CloudQuery, SPEC-rest §14).
      const out: { Entitlements: Entitlement[]; NextToken?: string } = { Entitlements: items };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async UpdateEntitlement(input, ctx) {
      const E = errorsOf('UpdateEntitlement');
      checkAttributes(input.Attributes, E);
      return write(deps, ctx, async ({ tx, now }) => {
        const record = await requireEntitlement(tx, ctx, input.StackName, input.Name, now, E);
        // Only the members given change.
        if (input.Description !== undefined) record.doc.Description = input.Description;
        if (input.AppVisibility !== undefined) record.doc.AppVisibility = input.AppVisibility;
        if (input.Attributes !== undefined) record.doc.Attributes = input.Attributes.map((a) => ({ Name: a.Name, Value: a.Value }));
        record.doc.LastModifiedMs = now;
        await entitlementTable.update(tx, record);
        return { Entitlement: viewEntitlement(record) };
      });
    },

    async DeleteEntitlement(input, ctx) {
      const E = errorsOf('DeleteEntitlement');
      return write(deps, ctx, async ({ tx, now }) => {
        const record = await requireEntitlement(tx, ctx, input.StackName, input.Name, now, E);
        await entitlementTable.remove(tx, ctx, record.name, record.parent);
        return {};
      });
    },

    async AssociateApplicationToEntitlement(input, ctx) {
      const E = errorsOf('AssociateApplicationToEntitlement');
      return write(deps, ctx, async ({ tx, now }) => {
        const record = await requireEntitlement(tx, ctx, input.StackName, input.EntitlementName, now, E);
        const app = input.ApplicationIdentifier;
        // Associating twice succeeds (SPEC-rest §6).
        if (record.doc.Applications.includes(app)) return {};
        if (!(await stackCatalogue(tx, ctx, input.StackName, now)).has(app)) throw applicationNotInStack(app, input.StackName);
        if (record.doc.Applications.length >= MAX_APPLICATIONS_PER_ENTITLEMENT) throw E.LimitExceededException(entitlementApplicationsLimitText(MAX_APPLICATIONS_PER_ENTITLEMENT, record.name));
        record.doc.Applications = [...record.doc.Applications, app].sort(compareNames);
        await entitlementTable.update(tx, record);
        return {};
      });
    },

    async DisassociateApplicationFromEntitlement(input, ctx) {
      const E = errorsOf('DisassociateApplicationFromEntitlement');
      return write(deps, ctx, async ({ tx, now }) => {
        const record = await requireEntitlement(tx, ctx, input.StackName, input.EntitlementName, now, E);
        const app = input.ApplicationIdentifier;
        // An unknown pair: ResourceNotFound (Terraform maps it to success; SPEC-rest §6).
        if (!record.doc.Applications.includes(app)) throw E.ResourceNotFoundException(applicationNotEntitledText(app, record.name));
        record.doc.Applications = record.doc.Applications.filter((a) => a !== app);
        await entitlementTable.update(tx, record);
        return {};
      });
    },

    async ListEntitledApplications(input, ctx) {
      const E = errorsOf('ListEntitledApplications');
      const now = await deps.clock.now();
      const record = await requireEntitlement(deps.db, ctx, input.StackName, input.EntitlementName, now, E);
      const { items, NextToken } = await page(deps.tokenSecret, 'ListEntitledApplications', ctx, input, {
        filters: { StackName: input.StackName, EntitlementName: input.EntitlementName },
        keyLength: 1,
        // At most 50, kept in byte order: a keyset page over the stored list.
        fetch: async (cursor, limit) => record.doc.Applications.filter((a) => cursor === null || a > cursor[0]!).slice(0, limit),
        key: (a) => [a],
      });
      const out: { EntitledApplications: EntitledApplication[]; NextToken?: string } = { EntitledApplications: items.map((a) => ({ ApplicationIdentifier: a })) };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },
  };
}

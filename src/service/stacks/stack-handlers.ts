// The stack group (SPEC-rest §2): CreateStack, DescribeStacks, UpdateStack, DeleteStack.
// Stacks have no states: they exist from CreateStack until DeleteStack removes them (and
// their children, see family.ts) at once.
import type { Stack } from '../../generated/shapes.js';
import type { Partition, ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { removeAllTags } from '../../store/tags-repo.js';
import type { Handler } from '../../core/handler-types.js';
import { errorsOf } from '../resources/op-errors.js';
import { checkQuota } from '../resources/quota.js';
import { dependentsOf } from '../resources/registry.js';
import { write } from '../resources/write.js';
import { page } from '../pagination/page.js';
import type { ServiceDeps } from '../service-deps.js';
import { applyCreateTags } from '../tags/tag-handlers.js';
import { associatedFleetName, fleetOfStack, STACK_KIND, stackArn, stackTable, type StackDoc } from './stack-store.js';
import { isLinuxPlatform, newStackDoc, updatedStackDoc, windowsOnlyFeatures } from './stack-settings.js';
import { resourceKindExists, resourceKindNotFound, stackFeaturesNeedWindows, stackHasFleets } from '../../errors/messages.js';
import { viewStack } from './stack-view.js';
import { ViewMemo } from '../resources/view-memo.js';

type StackHandlers = {
  CreateStack: Handler<'CreateStack'>;
  DescribeStacks: Handler<'DescribeStacks'>;
  UpdateStack: Handler<'UpdateStack'>;
  DeleteStack: Handler<'DeleteStack'>;
};

const Create = errorsOf('CreateStack');
const Update = errorsOf('UpdateStack');

/** Names per IN query when DescribeStacks is given Names. */
const NAMES_PER_QUERY = 500;

/** Stacks as DescribeStacks answers them, kept per row version (resources/view-memo.ts). */
const stackViews = new ViewMemo(stackTable, '', viewStack);

/** The stacks among `names` that exist now, in name order, after `after` (at most `limit`). */
async function stacksNamed(db: SqlDb, part: Partition, names: readonly string[], nowMs: number, after: string | null, limit: number): Promise<Stack[]> {
  const out: Stack[] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_QUERY) {
    out.push(...(await stackViews.page(db, part, nowMs, { names: names.slice(i, i + NAMES_PER_QUERY), after, limit })).views);
  }
  return out.sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0)).slice(0, limit);
}

/**
 * CreateStack, DescribeStacks (25 per page), UpdateStack and DeleteStack. Errors: the model's
 * for each operation, texts in src/errors/messages.ts.
 */
export function stackHandlers(deps: ServiceDeps): StackHandlers {
  const { db, clock } = deps;

  return {
    async CreateStack(input, ctx) {
      const doc = newStackDoc(input, input.Name, ctx, Create.InvalidParameterCombinationException);
      const arn = stackArn(ctx.region, ctx.accountId, input.Name);
      const record = await write(deps, ctx, async ({ tx, now }) => {
        if (await stackTable.get(tx, ctx, input.Name, now)) throw resourceKindExists('stack', input.Name);
        await checkQuota(tx, deps, stackTable, 'stacks', { part: ctx, nowMs: now, what: 'stacks' }, Create.LimitExceededException);
        // A stack has no states: its schedule stays empty.
        const created: ResourceRecord<StackDoc> = { accountId: ctx.accountId, region: ctx.region, name: input.Name, createdMs: now, schedule: [], goneMs: null, doc };
        try {
          await stackTable.insert(tx, created, now);
        } catch (e) {
          if (tx.isUniqueViolation(e)) throw resourceKindExists('stack', input.Name);
          throw e;
        }
        await applyCreateTags(tx, arn, input.Tags);
        return created;
      });
      return { Stack: viewStack(record) };
    },

    async DescribeStacks(input, ctx) {
      const names = [...new Set(input.Names ?? [])].sort();
      const part = { accountId: ctx.accountId, region: ctx.region };
      const { items, NextToken } = await page(deps.tokenSecret, 'DescribeStacks', ctx, input, {
        filters: { Names: names },
        keyLength: 1,
        async fetch(cursor, limit) {
          const after = cursor?.[0] ?? null;
          // A clock reading: the page resolves the emulated now with its keys (ResourceRepo.pageKeys).
          if (names.length === 0) return (await stackViews.page(db, part, clock.reading(), { after, limit })).views;
          const now = await clock.now();
          if (after === null) {
            // SPEC-rest §2.5: every requested name must exist; the first missing one is named.
            const missing = await stackTable.missingName(db, part, names, now);
            if (missing !== undefined) throw resourceKindNotFound('stack', missing);
          }
          return stacksNamed(db, part, names, now, after, limit);
        },
        key: (s) => [s.Name!],
      });
      const out: { Stacks: Stack[]; NextToken?: string } = { Stacks: items };
      if (NextToken !== undefined) out.NextToken = NextToken;
      return out;
    },

    async UpdateStack(input, ctx) {
      const record = await write(deps, ctx, async ({ tx, now }) => {
        const current = await stackTable.get(tx, ctx, input.Name, now);
        if (!current) throw resourceKindNotFound('stack', input.Name);
        const doc = updatedStackDoc(current.doc, input, ctx, Update.InvalidParameterCombinationException);
        // SPEC-rest §2.4: enabling a Windows-only feature on a stack whose fleet is Linux.
        const before = new Set(windowsOnlyFeatures(current.doc));
        const enabled = windowsOnlyFeatures(doc).filter((f) => !before.has(f));
        if (enabled.length > 0) {
          const fleet = await fleetOfStack(tx, ctx, input.Name, now);
          if (fleet && isLinuxPlatform(fleet.doc.Platform)) {
            throw stackFeaturesNeedWindows(input.Name, fleet.name, fleet.doc.Platform!, enabled);
          }
        }
        const updated = { ...current, doc };
        await stackTable.update(tx, updated);
        return updated;
      });
      return { Stack: viewStack(record) };
    },

    async DeleteStack(input, ctx) {
      await write(deps, ctx, async ({ tx, now }) => {
        if (!(await stackTable.get(tx, ctx, input.Name, now))) throw resourceKindNotFound('stack', input.Name);
        if ((await associatedFleetName(tx, ctx, input.Name, now)) !== undefined) throw stackHasFleets(input.Name);
        await stackTable.remove(tx, ctx, input.Name);
        await removeAllTags(tx, stackArn(ctx.region, ctx.accountId, input.Name));
        // DECISION (SPEC-rest §2.5): the stack's children go with it, at once.
        for (const dependent of dependentsOf(STACK_KIND)) await dependent.remove(tx, ctx, input.Name, now);
      });
      return {};
    },
  };
}

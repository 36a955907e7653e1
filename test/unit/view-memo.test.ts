// Views kept per row version (service/resources/view-memo.ts): a row read again unchanged, in
// the same scheduled state, gives the same view (kept from its second read on, when it comes
// soon and in a read like the first); any change of
// the row or of the state in force gives a new one; what is kept stays within the budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isShared } from '../../src/core/shared-values.js';
import { ViewMemo, viewMemoStats } from '../../src/service/resources/view-memo.js';
import { imageBuilderTable, type ImageBuilderDoc } from '../../src/store/builders-repo.js';
import { entitlementTable, type EntitlementDoc } from '../../src/service/entitlements/family.js';
import { imageTable, type ImageDoc } from '../../src/store/images-repo.js';
import { migrate } from '../../src/store/migrations.js';
import { deleteImagePermission, putImagePermission } from '../../src/store/permissions-repo.js';
import type { ResourceRecord } from '../../src/store/resource-repo.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { SqliteDb } from '../../src/store/sqlite-db.js';

const part = { accountId: '123456789012', region: 'us-east-1' };

async function store() {
  const db = new SqliteDb({ filename: ':memory:' });
  await migrate(db);
  return db;
}

function record(name: string, doc: ImageBuilderDoc, schedule = [{ state: 'PENDING', atMs: 1000 }, { state: 'RUNNING', atMs: 2000 }]): ResourceRecord<ImageBuilderDoc> {
  return { ...part, name, createdMs: 1000, schedule, goneMs: null, doc };
}

test('an unchanged row in the same state is viewed once; a changed row or a new state is viewed again', async () => {
  const db = await store();
  await imageBuilderTable.insert(db, record('b1', { DisplayName: 'one' }), 1000);
  await imageBuilderTable.insert(db, record('b2', { DisplayName: 'two' }), 1000);
  let built = 0;
  const memo = new ViewMemo(imageBuilderTable, 'test-a', (r: ResourceRecord<ImageBuilderDoc>, now: number) => {
    built++;
    const state = [...r.schedule].reverse().find((e) => e.atMs <= now) ?? r.schedule[0]!;
    return { Name: r.name, DisplayName: r.doc.DisplayName, State: state.state };
  });
  // The first read views the rows and keeps nothing (a walk reads each row once).
  const once = (await memo.page(db, part, 1500, { after: null, limit: 10 })).views;
  assert.deepEqual(once, [{ Name: 'b1', DisplayName: 'one', State: 'PENDING' }, { Name: 'b2', DisplayName: 'two', State: 'PENDING' }]);
  assert.equal(built, 2);
  assert.ok(!once.some(isShared));
  // The second read keeps them.
  const first = (await memo.page(db, part, 1500, { after: null, limit: 10 })).views;
  assert.deepEqual(first, once);
  assert.equal(built, 4);
  assert.ok(first.every(isShared));
  // Same rows, same state (another time before the next entry): the same objects.
  const again = (await memo.page(db, part, 1999, { after: null, limit: 10 })).views;
  assert.equal(built, 4);
  assert.equal(again[0], first[0]);
  // The next scheduled state is in force: viewed again (and kept: the rows were read before).
  const later = (await memo.page(db, part, 2000, { after: null, limit: 10 })).views;
  assert.equal(built, 6);
  assert.deepEqual(later.map((v) => v.State), ['RUNNING', 'RUNNING']);
  // A write changes one row: only that one is viewed again.
  await imageBuilderTable.update(db, record('b2', { DisplayName: 'two, renamed' }));
  const after = (await memo.page(db, part, 2500, { after: null, limit: 10 })).views;
  assert.equal(built, 7);
  assert.equal(after[0], later[0]);
  assert.ok(isShared(after[1]));
  assert.equal(after[1]!.DisplayName, 'two, renamed');
  await db.close();
});

test('two kinds of caller of one table keep their views apart', async () => {
  const db = await store();
  await imageBuilderTable.insert(db, record('b1', { DisplayName: 'one' }), 1000);
  const a = new ViewMemo(imageBuilderTable, 'test-b1', (r: ResourceRecord<ImageBuilderDoc>) => ({ Name: r.name, Kind: 'a' }));
  const b = new ViewMemo(imageBuilderTable, 'test-b2', (r: ResourceRecord<ImageBuilderDoc>) => ({ Name: r.name, Kind: 'b' }));
  for (let i = 0; i < 3; i++) {
    assert.equal(((await a.page(db, part, 5000, { after: null, limit: 1 })).views)[0]!.Kind, 'a');
    assert.equal(((await b.page(db, part, 5000, { after: null, limit: 1 })).views)[0]!.Kind, 'b');
  }
  await db.close();
});

test('the kept views stay within their budget', async () => {
  const db = await store();
  const big = 'x'.repeat(200_000);
  for (let i = 0; i < 40; i++) await imageBuilderTable.insert(db, record(`big-${String(i).padStart(2, '0')}`, { Description: big }), 1000);
  const memo = new ViewMemo(imageBuilderTable, 'test-c', (r: ResourceRecord<ImageBuilderDoc>) => ({ Name: r.name }));
  // Each page read twice in a row: its views are kept, and the budget holds about 13 of them.
  for (let from = 0; from < 40; from += 10) {
    const after = from === 0 ? null : `big-${String(from - 1).padStart(2, '0')}`;
    for (let read = 0; read < 2; read++) assert.equal(((await memo.page(db, part, 5000, { after, limit: 10 })).views).length, 10);
  }
  const stats = viewMemoStats();
  assert.ok(stats.heldBytes <= stats.budgetBytes, `${stats.heldBytes} > ${stats.budgetBytes}`);
  assert.ok(stats.entries > 0 && stats.entries < 40, `${stats.entries} entries`);
  await db.close();
});

test('a view is kept when a read like the first comes back soon, not when a walk reads its row again', async () => {
  const db = await store();
  // Rows of ~200 KB: estimated at ~1.2 MB each, the budget holds about 13 of them, so a second
  // read counts within about 13 row reads.
  const big = 'x'.repeat(200_000);
  const name = (i: number) => `walk-${String(i).padStart(2, '0')}`;
  for (let i = 0; i < 30; i++) await imageBuilderTable.insert(db, record(name(i), { Description: big }), 1000);
  const memo = new ViewMemo(imageBuilderTable, 'test-e', (r: ResourceRecord<ImageBuilderDoc>) => ({ Name: r.name }));
  // A walk as the handlers page: 5 rows and a look-ahead row, the next page starting with it.
  const walk = async () => {
    const kept: string[] = [];
    for (let from = 0; from < 30; from += 5) {
      const views = (await memo.page(db, part, 5000, { after: from === 0 ? null : name(from - 1), limit: 6 })).views;
      for (const v of views) if (isShared(v)) kept.push(v.Name);
    }
    return kept;
  };
  // The look-ahead row read again as the next page's first row is not a second read.
  assert.deepEqual(await walk(), []);
  // A second walk reads every row again 30 reads later: more than the budget holds; nothing kept.
  assert.deepEqual(await walk(), []);
  // The same page read again at once: its views are kept.
  await memo.page(db, part, 5000, { after: name(9), limit: 6 });
  const again = (await memo.page(db, part, 5000, { after: name(9), limit: 6 })).views;
  assert.ok(again.every(isShared));
  assert.deepEqual(again.map((v) => v.Name), [10, 11, 12, 13, 14, 15].map(name));
  await db.close();
});

test('a page read with a clock reading resolves the emulated now (on SQLite by a statement of its own, first)', async () => {
  const db = await store();
  await setMeta(db, 'clock_offset_ms', '5000');
  await imageBuilderTable.insert(db, record('b1', { DisplayName: 'one' }), 1000);
  await imageBuilderTable.insert(db, { ...record('b2', { DisplayName: 'two' }), goneMs: 7000 }, 1000);
  const memo = new ViewMemo(imageBuilderTable, 'test-d', (r: ResourceRecord<ImageBuilderDoc>, now: number) => ({ Name: r.name, At: now }));
  // wall 1500 + offset 5000 = 6500: b2 still exists (gone at 7000).
  const early = await memo.page(db, part, { wallMs: 1500 }, { after: null, limit: 10 });
  assert.equal(early.nowMs, 6500);
  assert.deepEqual(early.views.map((v) => v.Name), ['b1', 'b2']);
  // wall 2500 + 5000 = 7500: b2 is gone.
  const late = await memo.page(db, part, { wallMs: 2500 }, { after: null, limit: 10 });
  assert.equal(late.nowMs, 7500);
  assert.deepEqual(late.views.map((v) => v.Name), ['b1']);
  // Without a stored offset the wall time is the time; on SQLite the now is read before the
  // page, so an empty page has one too (PostgreSQL reads it with the rows: see the contract tests).
  await db.run(`DELETE FROM meta WHERE key = 'clock_offset_ms'`);
  assert.equal((await memo.page(db, part, { wallMs: 1500 }, { after: null, limit: 10 })).nowMs, 1500);
  assert.equal((await memo.page(db, part, { wallMs: 1500 }, { after: 'zzz', limit: 10 })).nowMs, 1500);
  await db.close();
});

test('a kept view is not reused when a maintained column changed (an image shared, then not) or a row was written behind the memo', async () => {
  const db = await store();
  await imageTable.insert(db, { ...part, name: 'img', createdMs: 1000, schedule: [{ state: 'AVAILABLE', atMs: 1000 }], goneMs: null, doc: {} }, 1000);
  const memo = new ViewMemo(imageTable, 'test-e', (r: ResourceRecord<ImageDoc>) => ({ Name: r.name, Shared: r.maintained?.['shares'], Note: (r.doc as { Description?: string }).Description }));
  const read = async () => (await memo.page(db, part, 5000, { after: null, limit: 10 })).views[0]!;
  await read();
  const kept = await read();
  assert.ok(isShared(kept));
  assert.equal(await read(), kept);
  // A share is another table's row: its trigger counts it on the image and sets a new version.
  const share = { ownerAccountId: part.accountId, region: part.region, imageName: 'img', sharedAccountId: '210987654321', allowFleet: true, allowImageBuilder: false, createdMs: 2000 };
  await putImagePermission(db, share);
  assert.deepEqual(await read(), { Name: 'img', Shared: 1, Note: undefined });
  // Granted again (an upsert): the same count; a second account: two; both taken back: none.
  await putImagePermission(db, { ...share, allowFleet: false });
  assert.equal((await read()).Shared, 1);
  await putImagePermission(db, { ...share, sharedAccountId: '210987654322' });
  assert.equal((await read()).Shared, 2);
  await deleteImagePermission(db, part.accountId, part.region, 'img', '210987654321');
  await deleteImagePermission(db, part.accountId, part.region, 'img', '210987654322');
  assert.equal((await read()).Shared, 0);
  // Another instance's write (plain SQL, a new version): seen at once.
  await db.run(`UPDATE images SET doc = ?, version = version + 1 WHERE name = 'img'`, [JSON.stringify({ Description: 'from elsewhere' })]);
  assert.equal((await read()).Note, 'from elsewhere');
  await db.close();
});

test('under parents: a name repeated under two parents is two resources; a write to one leaves the other kept', async () => {
  const db = await store();
  const row = (stack: string, description: string) => ({
    ...part,
    parent: stack,
    name: 'same',
    createdMs: 1000,
    schedule: [],
    goneMs: null,
    doc: { AppVisibility: 'ALL' as const, Attributes: [], Applications: [], Description: description, LastModifiedMs: 1000 },
  });
  await entitlementTable.insert(db, row('s1', 'one'), 1000);
  await entitlementTable.insert(db, row('s2', 'two'), 1000);
  const memo = new ViewMemo(entitlementTable, 'test-f', (r: ResourceRecord<EntitlementDoc>) => ({ Stack: r.parent, Description: r.doc.Description }));
  const read = async (stack: string) => (await memo.page(db, part, 5000, { parent: stack, after: null, limit: 10 })).views[0]!;
  await read('s1');
  await read('s2');
  const [k1, k2] = [await read('s1'), await read('s2')];
  assert.deepEqual([k1, k2], [{ Stack: 's1', Description: 'one' }, { Stack: 's2', Description: 'two' }]);
  assert.ok(isShared(k1) && isShared(k2));
  await entitlementTable.update(db, { ...row('s2', 'two, changed') });
  assert.equal(await read('s1'), k1);
  assert.deepEqual(await read('s2'), { Stack: 's2', Description: 'two, changed' });
  // Across parents (no parent named): both, in (parent, name) order.
  assert.deepEqual((await memo.page(db, part, 5000, { after: null, limit: 10 })).views.map((v) => v.Description), ['one', 'two, changed']);
  await db.close();
});

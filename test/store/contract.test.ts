// The storage contract: one suite, run against every backend (memory = SQLite ':memory:', a
// SQLite file, PostgreSQL on a fresh database), as Kysely runs its tests for every dialect.
// What the service relies on, said once: SqlDb's semantics, migrations, and the repositories.
// PostgreSQL must be reachable (127.0.0.1:5432, see test/support/postgres.ts): if it is not,
// the PostgreSQL suite fails and says why.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createClock } from '../../src/service/lifecycle/clock.js';
import { countImageBuilders, getImageBuilder, insertImageBuilder, pageImageBuilders, type ImageBuilderRecord } from '../../src/store/builders-repo.js';
import { addFailureRule, consumeFailureRule, listFailureRules } from '../../src/store/failure-rules-repo.js';
import { countImages, getImage, getImagesByNames, insertImage, pageImages, updateImage, type ImageRecord } from '../../src/store/images-repo.js';
import { getMeta, getOrCreateMeta, setMeta, tokenSecret } from '../../src/store/meta-repo.js';
import { MIGRATIONS, migrate, StoreTooNewError } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { countImagePermissions, deleteImagePermission, getImagePermission, putImagePermission } from '../../src/store/permissions-repo.js';
import type { SqlDb } from '../../src/store/sql-db.js';
import { listTags, putTags, removeAllTags, removeTags } from '../../src/store/tags-repo.js';
import { deleteAccountRows } from '../../src/store/reset-repo.js';
import { ResourceRepo, resourceTableSql, type ResourceRecord } from '../../src/store/resource-repo.js';
import { createTestDatabase } from '../support/postgres.js';

interface Backend {
  name: string;
  /** A store on a fresh location, migrated. */
  open(): Promise<SqlDb>;
  /**
   * Another handle on the same data as the last open() (another instance), where the backend
   * has one: a second connection to the SQLite file, a second pool on the PostgreSQL database.
   */
  openSecond?(): Promise<SqlDb>;
  /**
   * `n` instances open one fresh location at once (each migrating it); answers a handle on it
   * once all have started.
   */
  openConcurrently(n: number): Promise<SqlDb>;
  cleanup(): Promise<void>;
}

const config = (over: { inMemory?: boolean; dataDir?: string; databaseUrl?: string }) => ({
  inMemory: false,
  dataDir: '',
  ...over,
});

function memoryBackend(): Backend {
  return {
    name: 'memory',
    open: async () => (await openStore(config({ inMemory: true }))).db,
    // Nothing is shared between ':memory:' stores: each instance has its own.
    openConcurrently: async (n) => {
      const dbs = await Promise.all(Array.from({ length: n }, async () => (await openStore(config({ inMemory: true }))).db));
      for (const d of dbs.slice(1)) await d.close();
      return dbs[0]!;
    },
    cleanup: async () => {},
  };
}

function sqliteFileBackend(): Backend {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'asl-contract-'));
    dirs.push(dir);
    return dir;
  };
  return {
    name: 'sqlite file',
    // One SqliteDb per file per process: better-sqlite3 waits for the file's lock synchronously,
    // so a second handle in the same process would block the event loop of the first. Instances
    // on one file are processes.
    open: async () => (await openStore(config({ dataDir: fresh() }))).db,
    openConcurrently: async (n) => {
      const dir = fresh();
      await Promise.all(Array.from({ length: n }, () => openStoreInChildProcess({ dataDir: dir })));
      return (await openStore(config({ dataDir: dir }))).db;
    },
    cleanup: async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
  let last = '';
  const fresh = async () => {
    const d = await createTestDatabase();
    dbs.push(d);
    return d.url;
  };
  return {
    name: 'postgres',
    open: async () => (await openStore(config({ databaseUrl: (last = await fresh()) }))).db,
    openSecond: async () => (await openStore(config({ databaseUrl: last }))).db,
    // Each openStore has its own pool: as concurrent on the server as separate processes.
    openConcurrently: async (n) => {
      const url = await fresh();
      const dbs = await Promise.all(Array.from({ length: n }, async () => (await openStore(config({ databaseUrl: url }))).db));
      for (const d of dbs.slice(1)) await d.close();
      return dbs[0]!;
    },
    cleanup: async () => {
      for (const d of dbs) await d.drop();
    },
  };
}

/** Runs openStore in a separate node process (with this process's loader flags, e.g. tsx's). */
async function openStoreInChildProcess(over: { dataDir?: string; databaseUrl?: string }): Promise<void> {
  const loaderFlags: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const flag = process.execArgv[i]!;
    if (['--require', '--import', '--loader', '--experimental-loader', '-r'].includes(flag)) loaderFlags.push(flag, process.execArgv[++i]!);
    else if (/^--(require|import|loader|experimental-loader)=/.test(flag)) loaderFlags.push(flag);
  }
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const module = new URL(`../../src/store/open-store.${ext}`, import.meta.url).href;
  const code = `const { openStore } = await import(${JSON.stringify(module)});
    const s = await openStore(${JSON.stringify(config(over))});
    await s.db.close();`;
  await promisify(execFile)(process.execPath, [...loaderFlags, '--input-type=module', '-e', code], { timeout: 60_000 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Names whose byte order differs from every linguistic collation's order. */
const ORDER_NAMES = ['AppStream-x', 'acc-1', 'Zeta', 'zeta', '_x', '-x', '.x', '0x', 'A', 'a', 'a-b', 'a_b', 'ab', 'a.b', 'B', 'b~', 'b'];
const byteOrder = (names: readonly string[]) => [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

const NOW = 1_780_000_000_000; // epoch ms beyond 2^32, so BIGINT handling shows.

function image(accountId: string, name: string, over: Partial<ImageRecord> = {}): ImageRecord {
  return {
    accountId,
    region: 'us-east-1',
    name,
    createdMs: NOW - 1000,
    schedule: [
      { state: 'PENDING', atMs: NOW - 1000 },
      { state: 'AVAILABLE', atMs: NOW + 5000 },
    ],
    goneMs: null,
    doc: { Platform: 'WINDOWS_SERVER_2022', ImageType: 'NATIVE', Description: `image ${name}`, Applications: [{ Name: 'notepad' }] },
    ...over,
  };
}

for (const make of [memoryBackend, sqliteFileBackend, postgresBackend]) {
  const backend = make();
  describe(`storage contract: ${backend.name}`, () => {
    let db: SqlDb;
    const others: SqlDb[] = [];
    const second = async () => {
      const d = await backend.openSecond!();
      others.push(d);
      return d;
    };

    before(async () => {
      db = await backend.open();
      await db.transaction(async (tx) => {
        await tx.run(
          tx.dialect === 'postgres'
            ? `CREATE TABLE scratch (k TEXT COLLATE "C" PRIMARY KEY, v BIGINT, part TEXT)`
            : `CREATE TABLE scratch (k TEXT PRIMARY KEY, v INTEGER, part TEXT)`,
        );
      });
    });
    after(async () => {
      for (const d of others) await d.close();
      await db?.close();
      await backend.cleanup();
    });

    describe('SqlDb', () => {
      test('snapshotValue: one value of a statement; a write of this handle or transaction is seen at once, another connection\'s after the turn on SQLite', async () => {
        const SQL = `SELECT v FROM scratch WHERE k = 'snap'`;
        await db.run(`INSERT INTO scratch (k, v, part) VALUES ('snap', 1, 'snapshot')`);
        assert.equal(Number(await db.snapshotValue(SQL)), 1);
        assert.equal(await db.snapshotValue(`SELECT v FROM scratch WHERE k = 'no such key'`), undefined);
        await db.run(`UPDATE scratch SET v = 2 WHERE k = 'snap'`);
        assert.equal(Number(await db.snapshotValue(SQL)), 2);
        await db.transaction(async (tx) => {
          await tx.run(`UPDATE scratch SET v = 3 WHERE k = 'snap'`);
          assert.equal(Number(await tx.snapshotValue(SQL)), 3);
        });
        assert.equal(Number(await db.snapshotValue(SQL)), 3);
        if (backend.openSecond) {
          const other = await second();
          assert.equal(Number(await db.snapshotValue(SQL)), 3);
          // In the same turn: SQLite answers from the turn's snapshot (the value kept), PostgreSQL reads anew.
          await other.run(`UPDATE scratch SET v = 4 WHERE k = 'snap'`);
          assert.equal(Number(await db.snapshotValue(SQL)), db.dialect === 'sqlite' ? 3 : 4);
          await new Promise((resolve) => setTimeout(resolve, 5));
          assert.equal(Number(await db.snapshotValue(SQL)), 4);
        }
        await db.run(`DELETE FROM scratch WHERE k = 'snap'`);
      });

      test('run, get and all with ? placeholders; changes; integers come back as numbers', async () => {
        const r = await db.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?), (?, ?, ?)`, ['p1', NOW, 'p', 'p2', 2, 'p']);
        assert.equal(r.changes, 2);
        const one = await db.get<{ k: string; v: number }>(`SELECT k, v FROM scratch WHERE k = ?`, ['p1']);
        assert.deepEqual(one, { k: 'p1', v: NOW });
        assert.equal(typeof one!.v, 'number');
        assert.equal(await db.get(`SELECT k FROM scratch WHERE k = ?`, ['nope']), undefined);
        const all = await db.all<{ k: string }>(`SELECT k FROM scratch WHERE part = ? ORDER BY k`, ['p']);
        assert.deepEqual(all.map((x) => x.k), ['p1', 'p2']);
        const count = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM scratch WHERE part = ?`, ['p']);
        assert.equal(count!.n, 2);
        assert.equal(typeof count!.n, 'number', 'COUNT(*) is a JS number');
        const upd = await db.run(`UPDATE scratch SET v = v + ? WHERE part = ?`, [1, 'p']);
        assert.equal(upd.changes, 2);
        assert.equal((await db.run(`DELETE FROM scratch WHERE part = ?`, ['nothing'])).changes, 0);
      });

      test('a ? inside a string literal is not a placeholder', async () => {
        const row = await db.get<{ s: string; k: string }>(`SELECT 'who?' AS s, k FROM scratch WHERE k = ?`, ['p1']);
        assert.deepEqual(row, { s: 'who?', k: 'p1' });
        await db.run(`INSERT INTO scratch (k, v, part) VALUES ('what?', ?, ?)`, [7, 'q']);
        assert.equal((await db.get<{ v: number }>(`SELECT v FROM scratch WHERE k = 'what?' AND part = ?`, ['q']))!.v, 7);
      });

      test('transaction: commits, answers fn’s value; a throw rolls everything back', async () => {
        const value = await db.transaction(async (tx) => {
          await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['t1', 1, 't']);
          return 'done';
        });
        assert.equal(value, 'done');
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['t2', 1, 't']);
            await tx.run(`UPDATE scratch SET v = 99 WHERE k = ?`, ['t1']);
            assert.equal((await tx.get<{ v: number }>(`SELECT v FROM scratch WHERE k = ?`, ['t1']))!.v, 99, 'sees its own writes');
            throw new Error('boom');
          }),
          /boom/,
        );
        const rows = await db.all<{ k: string; v: number }>(`SELECT k, v FROM scratch WHERE part = ? ORDER BY k`, ['t']);
        assert.deepEqual(rows, [{ k: 't1', v: 1 }]);
      });

      test('a nested transaction runs inside the outer one (its writes go with the outer’s fate)', async () => {
        await db.transaction(async (tx) => {
          await tx.transaction(async (inner) => {
            await inner.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['n1', 1, 'n']);
          });
          assert.ok(await tx.get(`SELECT k FROM scratch WHERE k = ?`, ['n1']));
        });
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.transaction(async (inner) => {
              await inner.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['n2', 1, 'n']);
            });
            throw new Error('outer fails');
          }),
          /outer fails/,
        );
        const rows = await db.all<{ k: string }>(`SELECT k FROM scratch WHERE part = ? ORDER BY k`, ['n']);
        assert.deepEqual(rows.map((r) => r.k), ['n1']);
      });

      test('uncommitted writes are not seen outside the transaction', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let inserted!: () => void;
        const didInsert = new Promise<void>((resolve) => (inserted = resolve));
        const writer = db.transaction(async (tx) => {
          await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['u1', 1, 'u']);
          inserted();
          await gate;
        });
        await didInsert;
        // SQLite: the read waits for the transaction; PostgreSQL: it reads the committed state.
        const read = db.get(`SELECT k FROM scratch WHERE k = ?`, ['u1']);
        const raced = await Promise.race([read.then((r) => ({ r })), sleep(50).then(() => 'waiting' as const)]);
        if (raced !== 'waiting') assert.equal(raced.r, undefined, 'no dirty read');
        release();
        await writer;
        assert.ok(await db.get(`SELECT k FROM scratch WHERE k = ?`, ['u1']));
      });

      test('isUniqueViolation: a taken primary key, inside and outside transactions; other errors are not', async () => {
        await db.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['dup', 1, 'd']);
        const outside = await db.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['dup', 2, 'd']).catch((e: unknown) => e);
        assert.ok(db.isUniqueViolation(outside), `unique violation expected, got ${String(outside)}`);
        const inside = await db
          .transaction(async (tx) => {
            await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['dup-2', 1, 'd']);
            await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['dup', 3, 'd']);
          })
          .catch((e: unknown) => e);
        assert.ok(db.isUniqueViolation(inside));
        assert.equal(await db.get(`SELECT k FROM scratch WHERE k = ?`, ['dup-2']), undefined, 'rolled back');
        const syntax = await db.run(`INSERT INTO nowhere (k) VALUES (?)`, ['x']).catch((e: unknown) => e);
        assert.ok(syntax instanceof Error);
        assert.equal(db.isUniqueViolation(syntax), false);
        assert.equal(db.isUniqueViolation(new Error('x')), false);
        assert.equal(db.isUniqueViolation(null), false);
        // The store keeps working after refused statements.
        assert.equal((await db.get<{ v: number }>(`SELECT v FROM scratch WHERE k = ?`, ['dup']))!.v, 1);
      });

      test('lockPartition serializes count-then-insert: a quota of 3 holds against 12 concurrent writers', async () => {
        const handles = backend.openSecond ? [db, await second()] : [db];
        const quota = 3;
        const attempt = (i: number) =>
          handles[i % handles.length]!.transaction(async (tx) => {
            await tx.lockPartition('123456789012', 'eu-west-1');
            const { n } = (await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM scratch WHERE part = ?`, ['quota']))!;
            await sleep(5); // widen the window a race would need
            if (Number(n) >= quota) return false;
            await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, [`q${i}`, i, 'quota']);
            return true;
          });
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)));
        assert.equal(results.filter(Boolean).length, quota);
        const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM scratch WHERE part = ?`, ['quota']))!;
        assert.equal(Number(n), quota);
      });

      test('lockPartition outside a transaction is harmless', async () => {
        await db.lockPartition('123456789012', 'eu-west-1');
      });

      test('two handles on one store see each other’s commits', { skip: !backend.openSecond && 'one connection only' }, async () => {
        const other = await second();
        await other.transaction((tx) => tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['x1', 1, 'x']));
        assert.ok(await db.get(`SELECT k FROM scratch WHERE k = ?`, ['x1']));
      });
    });

    describe('migrations', () => {
      test('running them again changes nothing', async () => {
        await migrate(db);
        await migrate(db);
        const rows = await db.all<{ version: number }>(`SELECT version FROM schema_migrations ORDER BY version`);
        assert.deepEqual(rows.map((r) => Number(r.version)), MIGRATIONS.map((m) => m.version));
      });

      test('a store migrated by a newer build is refused, unchanged', async () => {
        const known = MIGRATIONS[MIGRATIONS.length - 1]!.version;
        await db.transaction((tx) => tx.run(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, [known + 1, 'from a newer build']));
        try {
          await assert.rejects(migrate(db), (e: unknown) => e instanceof StoreTooNewError && e.storeVersion === known + 1 && /newer than this build/.test(e.message));
        } finally {
          await db.transaction((tx) => tx.run(`DELETE FROM schema_migrations WHERE version = ?`, [known + 1]));
        }
        await migrate(db);
      });

      test('a store from before migration 19 gets its images\' counts of shares, and triggers that keep them', async () => {
        const owner = '100000000019';
        const share = (image: string, grantee: string) => ({ ownerAccountId: owner, region: 'us-east-1', imageName: image, sharedAccountId: grantee, allowFleet: true, allowImageBuilder: false, createdMs: NOW });
        await db.transaction(async (tx) => {
          for (const name of ['m-none', 'm-one', 'm-two']) await insertImage(tx, image(owner, name), NOW);
          await putImagePermission(tx, share('m-one', '200000000019'));
          await putImagePermission(tx, share('m-two', '200000000019'));
          await putImagePermission(tx, share('m-two', '200000000020'));
        });
        // Back to the schema of migration 18: no column, no triggers, not recorded.
        await db.transaction(async (tx) => {
          const drops =
            tx.dialect === 'postgres'
              ? [`DROP TRIGGER image_permissions_count_shares ON image_permissions`, `DROP FUNCTION image_permissions_count_shares()`]
              : [`DROP TRIGGER image_permissions_share_added`, `DROP TRIGGER image_permissions_share_removed`];
          for (const sql of [...drops, `ALTER TABLE images DROP COLUMN shares`, `DELETE FROM schema_migrations WHERE version = 19`]) await tx.run(sql);
        });
        await migrate(db);
        const counts = await db.all<{ name: string; shares: number }>(`SELECT name, shares FROM images WHERE account_id = ? ORDER BY name`, [owner]);
        assert.deepEqual(counts.map((r) => [r.name, Number(r.shares)]), [['m-none', 0], ['m-one', 1], ['m-two', 2]]);
        await db.transaction((tx) => putImagePermission(tx, share('m-none', '200000000019')));
        assert.equal((await getImage(db, owner, 'us-east-1', 'm-none', NOW))!.sharedWithOthers, true);
      });

      test('4 instances opening one fresh store at once: all start, the schema is applied once', async () => {
        const s = await backend.openConcurrently(4);
        try {
          const rows = await s.all<{ version: number }>(`SELECT version FROM schema_migrations ORDER BY version`);
          assert.deepEqual(rows.map((r) => Number(r.version)), MIGRATIONS.map((m) => m.version));
          assert.equal(await countImages(s, '111111111111', 'us-east-1', NOW), 0);
        } finally {
          await s.close();
        }
      });
    });

    describe('repositories', () => {
      test('images: insert, get, count; a taken name is a unique violation; a gone one is free again', async () => {
        const acct = '100000000001';
        await db.transaction((tx) => insertImage(tx, image(acct, 'img-a'), NOW));
        const got = await getImage(db, acct, 'us-east-1', 'img-a', NOW);
        // A generic resource record: no parent, the reference columns filled from the doc.
        assert.deepEqual(got, {
          ...image(acct, 'img-a'),
          parent: '',
          refs: { platform: 'WINDOWS_SERVER_2022', image_type: 'NATIVE' },
          sharedWithOthers: false,
        });
        assert.equal(typeof got!.createdMs, 'number');
        const dup = await db.transaction((tx) => insertImage(tx, image(acct, 'img-a'), NOW)).catch((e: unknown) => e);
        assert.ok(db.isUniqueViolation(dup));
        // Deleted: gone at NOW + 10 s; until then it exists and holds its name.
        await db.transaction((tx) => insertImage(tx, image(acct, 'img-gone', { goneMs: NOW + 10_000 }), NOW));
        assert.equal(await countImages(db, acct, 'us-east-1', NOW), 2);
        assert.equal(await countImages(db, acct, 'us-east-1', NOW + 10_000), 1);
        assert.equal(await getImage(db, acct, 'us-east-1', 'img-gone', NOW + 10_000), undefined);
        await db.transaction((tx) => insertImage(tx, image(acct, 'img-gone', { createdMs: NOW + 20_000 }), NOW + 20_000));
        assert.equal((await getImage(db, acct, 'us-east-1', 'img-gone', NOW + 20_000))!.createdMs, NOW + 20_000);
        // Another account or region is another partition.
        assert.equal(await countImages(db, '100000000002', 'us-east-1', NOW), 0);
        assert.equal(await getImage(db, acct, 'eu-west-1', 'img-a', NOW), undefined);
        // Updates write back schedule, gone time and doc.
        const changed = { ...got!, schedule: [...got!.schedule, { state: 'DELETING', atMs: NOW + 1 }], goneMs: NOW + 2, doc: { ...got!.doc, Description: 'x' } };
        await db.transaction((tx) => updateImage(tx, changed));
        const after = await getImage(db, acct, 'us-east-1', 'img-a', NOW);
        assert.deepEqual(after!.schedule, changed.schedule);
        assert.equal(after!.goneMs, NOW + 2);
        assert.equal(after!.doc.Description, 'x');
      });

      test('images: byte-wise name order, whole and paged by keyset, whatever the database’s collation', async () => {
        const acct = '100000000003';
        await db.transaction(async (tx) => {
          for (const name of [...ORDER_NAMES].reverse()) await insertImage(tx, image(acct, name), NOW);
        });
        const expected = byteOrder(ORDER_NAMES);
        const whole = await pageImages(db, acct, 'us-east-1', null, 100, NOW);
        assert.deepEqual(whole.map((i) => i.name), expected);
        const paged: string[] = [];
        let afterName: string | null = null;
        for (;;) {
          const page: ImageRecord[] = await pageImages(db, acct, 'us-east-1', afterName, 4, NOW);
          paged.push(...page.map((i) => i.name));
          if (page.length < 4) break;
          afterName = page[page.length - 1]!.name;
        }
        assert.deepEqual(paged, expected);
        const byNames = await getImagesByNames(db, acct, 'us-east-1', ['zeta', 'Zeta', '_x', 'missing', '-x'], NOW);
        assert.deepEqual(byNames.map((i) => i.name), ['-x', 'Zeta', '_x', 'zeta']);
        assert.deepEqual(await getImagesByNames(db, acct, 'us-east-1', [], NOW), []);
      });

      test('image builders: insert, get, page, count, unique names', async () => {
        const acct = '100000000004';
        const builder = (name: string): ImageBuilderRecord => ({
          accountId: acct,
          region: 'us-east-1',
          name,
          createdMs: NOW,
          schedule: [{ state: 'PENDING', atMs: NOW }],
          goneMs: null,
          doc: { InstanceType: 'stream.standard.medium', ImageArn: 'arn:aws:appstream:us-east-1::image/x' },
        });
        await db.transaction(async (tx) => {
          for (const name of ['b', 'B', '_b', 'a-b']) await insertImageBuilder(tx, builder(name), NOW);
        });
        assert.deepEqual(await getImageBuilder(db, acct, 'us-east-1', 'B', NOW), { ...builder('B'), parent: '', refs: { directory_name: null } });
        assert.equal(await countImageBuilders(db, acct, 'us-east-1', NOW), 4);
        const page = await pageImageBuilders(db, acct, 'us-east-1', null, 10, NOW);
        assert.deepEqual(page.map((b) => b.name), ['B', '_b', 'a-b', 'b']);
        const dup = await db.transaction((tx) => insertImageBuilder(tx, builder('b'), NOW)).catch((e: unknown) => e);
        assert.ok(db.isUniqueViolation(dup));
      });

      test('two writers create the same name at once (two instances where the backend has them): exactly one wins', async () => {
        const handles = backend.openSecond ? [db, await second()] : [db];
        const acct = '100000000005';
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            handles[i % handles.length]!.transaction(async (tx) => {
              await tx.lockPartition(acct, 'us-east-1');
              await insertImage(tx, image(acct, 'contested', { doc: { Description: `writer ${i}` } }), NOW);
            }),
          ),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.ok(db.isUniqueViolation(r.reason), String(r.reason));
        // Without the partition lock the primary key alone decides.
        const racers = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            handles[i % handles.length]!.transaction((tx) => insertImage(tx, image(acct, 'contested-2'), NOW)),
          ),
        );
        assert.equal(racers.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of racers) if (r.status === 'rejected') assert.ok(db.isUniqueViolation(r.reason), String(r.reason));
      });

      test('image permissions: put (upsert), get, count, delete; sharing shows on the image', async () => {
        const owner = '100000000006';
        await db.transaction((tx) => insertImage(tx, image(owner, 'shared-img'), NOW));
        const p = {
          ownerAccountId: owner,
          region: 'us-east-1',
          imageName: 'shared-img',
          sharedAccountId: '200000000001',
          allowFleet: true,
          allowImageBuilder: false,
          createdMs: NOW,
        };
        await db.transaction((tx) => putImagePermission(tx, p));
        assert.deepEqual(await getImagePermission(db, owner, 'us-east-1', 'shared-img', '200000000001'), p);
        await db.transaction((tx) => putImagePermission(tx, { ...p, allowFleet: false, allowImageBuilder: true }));
        const updated = await getImagePermission(db, owner, 'us-east-1', 'shared-img', '200000000001');
        assert.equal(updated!.allowFleet, false);
        assert.equal(updated!.allowImageBuilder, true);
        await db.transaction((tx) => putImagePermission(tx, { ...p, sharedAccountId: '200000000002' }));
        assert.equal(await countImagePermissions(db, owner, 'us-east-1', 'shared-img'), 2);
        assert.equal((await getImage(db, owner, 'us-east-1', 'shared-img', NOW))!.sharedWithOthers, true);
        assert.equal(await db.transaction((tx) => deleteImagePermission(tx, owner, 'us-east-1', 'shared-img', '200000000001')), true);
        assert.equal(await db.transaction((tx) => deleteImagePermission(tx, owner, 'us-east-1', 'shared-img', '200000000001')), false);
        assert.equal(await countImagePermissions(db, owner, 'us-east-1', 'shared-img'), 1);
        assert.equal(await getImagePermission(db, owner, 'us-east-1', 'shared-img', '200000000001'), undefined);
      });

      test('images: the count of shares follows every write of a share (an upsert, a delete, a reset of the grantee, an image seeded over its shares), each with a new version', async () => {
        const owner = '100000000007';
        const grantees = ['200000000011', '200000000012', '200000000013', '200000000014'];
        const share = (grantee: string) => ({ ownerAccountId: owner, region: 'us-east-1', imageName: 'counted', sharedAccountId: grantee, allowFleet: false, allowImageBuilder: true, createdMs: NOW });
        await db.transaction((tx) => insertImage(tx, image(owner, 'counted'), NOW));
        const state = async () => {
          const row = await db.get<{ shares: number; version: number }>(`SELECT shares, version FROM images WHERE account_id = ? AND name = 'counted'`, [owner]);
          return { shares: Number(row!.shares), version: Number(row!.version) };
        };
        let last = await state();
        const expect = async (shares: number) => {
          const now = await state();
          assert.equal(now.shares, shares);
          assert.notEqual(now.version, last.version, 'a share written sets the image a new version');
          assert.equal((await getImage(db, owner, 'us-east-1', 'counted', NOW))!.sharedWithOthers, shares > 0);
          last = now;
        };
        assert.equal(last.shares, 0);
        // Concurrent shares (other instances, where the backend has them) each count.
        const handles = backend.openSecond ? [db, await backend.openSecond()] : [db];
        try {
          await Promise.all(grantees.map((g, i) => handles[i % handles.length]!.transaction((tx) => putImagePermission(tx, share(g)))));
        } finally {
          for (const h of handles.slice(1)) await h.close();
        }
        await expect(4);
        await db.transaction((tx) => putImagePermission(tx, { ...share(grantees[0]!), allowFleet: true }));
        assert.equal((await state()).shares, 4, 'granting again is no new share');
        await db.transaction((tx) => deleteImagePermission(tx, owner, 'us-east-1', 'counted', grantees[0]!));
        await expect(3);
        // The reset of a grantee's account takes its shares, and the owner's count with them.
        await db.transaction((tx) => deleteAccountRows(tx, { table: 'image_permissions', accountColumns: ['owner_account_id', 'shared_account_id'] }, grantees[1]!));
        await expect(2);
        // A seed replaces the image's row: the new row counts the shares its name has.
        await db.transaction(async (tx) => {
          await tx.run(`DELETE FROM images WHERE account_id = ? AND name = 'counted'`, [owner]);
          await insertImage(tx, image(owner, 'counted'), NOW);
        });
        await expect(2);
        for (const g of grantees.slice(2)) await db.transaction((tx) => deleteImagePermission(tx, owner, 'us-east-1', 'counted', g));
        await expect(0);
      });

      test('tags: put (overwrite), list in byte order of keys, remove, remove all', async () => {
        const arn = 'arn:aws:appstream:us-east-1:100000000007:image/tagged';
        await db.transaction((tx) => putTags(tx, arn, { b: '1', B: '2', _k: '3', 'a-b': '4' }));
        await db.transaction((tx) => putTags(tx, arn, { b: 'one' }));
        const tags = await listTags(db, arn);
        assert.deepEqual(Object.keys(tags), byteOrder(['b', 'B', '_k', 'a-b']));
        assert.deepEqual(tags, { B: '2', _k: '3', 'a-b': '4', b: 'one' });
        await db.transaction((tx) => removeTags(tx, arn, ['B', 'nope']));
        assert.deepEqual(await listTags(db, arn), { _k: '3', 'a-b': '4', b: 'one' });
        await db.transaction((tx) => removeAllTags(tx, arn));
        assert.deepEqual(await listTags(db, arn), {});
      });

      test('meta: set/get; getOrCreateMeta raced by 10 writers (and instances) answers one value everywhere', async () => {
        await setMeta(db, 'k', 'v1');
        await setMeta(db, 'k', 'v2');
        assert.equal(await getMeta(db, 'k'), 'v2');
        assert.equal(await getMeta(db, 'absent'), undefined);
        const handles = backend.openSecond ? [db, await second()] : [db];
        const values = await Promise.all(
          Array.from({ length: 10 }, (_, i) => getOrCreateMeta(handles[i % handles.length]!, 'raced', () => `value-${i}`)),
        );
        assert.equal(new Set(values).size, 1, `one winner, got ${values.join(', ')}`);
        assert.equal(await getMeta(db, 'raced'), values[0]);
        const secret = await tokenSecret(db);
        assert.equal(await tokenSecret(handles[handles.length - 1]!), secret);
      });

      test('failure rules: each failure is consumed once, even by concurrent transactions', async () => {
        await db.transaction((tx) => addFailureRule(tx, 'CopyImage', null, 3));
        const handles = backend.openSecond ? [db, await second()] : [db];
        const consumed = await Promise.all(
          Array.from({ length: 8 }, (_, i) => handles[i % handles.length]!.transaction((tx) => consumeFailureRule(tx, 'CopyImage', '100000000008'))),
        );
        assert.equal(consumed.filter(Boolean).length, 3);
        assert.deepEqual(
          (await listFailureRules(db)).filter((r) => r.operation === 'CopyImage'),
          [],
        );
      });

      test('the clock: moved through one handle, read through another', async () => {
        const handles = backend.openSecond ? [db, await second()] : [db];
        const wall = () => NOW;
        const a = createClock(handles[0]!, wall);
        const b = createClock(handles[handles.length - 1]!, wall);
        const before = await b.now();
        assert.equal(await a.advance(90), before + 90_000);
        assert.equal(await b.now(), before + 90_000);
      });

      test(
        'the clock: concurrent advances (through both handles) all count',
        // advance() locks the clock before its read-then-write: without it, PostgreSQL (READ
        // COMMITTED) lost 9 of 20 concurrent advances.
        async () => {
          const handles = backend.openSecond ? [db, await second()] : [db];
          const wall = () => NOW;
          const clocks = handles.map((h) => createClock(h, wall));
          const before = await clocks[0]!.now();
          await Promise.all(Array.from({ length: 10 }, (_, i) => clocks[i % clocks.length]!.advance(1)));
          assert.equal(await clocks[0]!.now(), before + 10_000);
        },
      );
    });
    describe('the generic resource repository', () => {
      const spec = { table: 'widgets', parentColumn: 'stack_name', refColumns: ['image_name'], maintained: ['tally'] };
      const repo = new ResourceRepo<{ Note?: string }>(spec);
      const part = { accountId: '100000000021', region: 'us-east-1' };
      const widget = (parent: string, name: string, image: string | null, extra: { goneMs?: number | null } = {}) => ({
        ...part,
        parent,
        name,
        createdMs: NOW,
        schedule: [{ state: 'ACTIVE', atMs: NOW }],
        goneMs: extra.goneMs ?? null,
        doc: { Note: `${parent}/${name}` },
        refs: { image_name: image },
      });

      before(async () => {
        await db.transaction(async (tx) => {
          for (const statement of resourceTableSql(tx.dialect, spec)) await tx.run(statement);
        });
      });

      test('insert and get under a parent; a name is unique per parent only; reference and maintained columns read back', async () => {
        await db.transaction(async (tx) => {
          await repo.insert(tx, widget('s1', 'w', 'img-a'), NOW);
          await repo.insert(tx, widget('s2', 'w', 'img-b'), NOW);
        });
        assert.deepEqual(await repo.get(db, part, 'w', NOW, 's2'), { ...widget('s2', 'w', 'img-b'), maintained: { tally: 0 } });
        // What keeps a maintained column (a trigger) is the store's; the repository reads it.
        await db.run(`UPDATE widgets SET tally = 7 WHERE stack_name = ? AND name = ?`, ['s2', 'w']);
        assert.deepEqual((await repo.get(db, part, 'w', NOW, 's2'))!.maintained, { tally: 7 });
        const dup = await db.transaction((tx) => repo.insert(tx, widget('s1', 'w', null), NOW)).catch((e: unknown) => e);
        assert.ok(db.isUniqueViolation(dup));
        assert.equal(await repo.get(db, { ...part, region: 'eu-west-1' }, 'w', NOW, 's1'), undefined);
      });

      test('pages by keyset in byte order, under one parent or across parents; filters by reference and by names', async () => {
        const names = ['b', 'B', '_x', 'a-b', 'Zeta'];
        await db.transaction(async (tx) => {
          for (const n of names) await repo.insert(tx, widget('p', n, n === 'b' || n === 'B' ? 'img-x' : 'img-y'), NOW);
        });
        const byte = [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        const paged: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page = await repo.page(db, part, NOW, { parent: 'p', after, limit: 2 });
          paged.push(...page.map((r) => r.name));
          if (page.length < 2) break;
          after = page[page.length - 1]!.name;
        }
        assert.deepEqual(paged, byte);
        assert.deepEqual((await repo.findByRef(db, part, NOW, 'image_name', 'img-x', 10)).map((r) => r.name), ['B', 'b']);
        assert.deepEqual((await repo.page(db, part, NOW, { parent: 'p', after: 'B', limit: 10, names: ['b', 'B', 'Zeta'] })).map((r) => r.name), ['Zeta', 'b']);
        assert.equal(await repo.count(db, part, NOW, 'p'), names.length);
        await assert.rejects(repo.page(db, part, NOW, { after: null, limit: 1, where: { doc: 'x' } }), /not a reference column/);
      });

      test('an IN filter on a reference column: the rows holding one of the values, keyset-paged, existing ones only', async () => {
        const inPart = { ...part, region: 'ap-south-1' };
        const row = (parent: string, name: string, image: string | null, goneMs: number | null = null) => ({ ...widget(parent, name, image, { goneMs }), ...inPart });
        await db.transaction(async (tx) => {
          for (const [name, image] of [['a', 'img-1'], ['B', 'img-2'], ['c', 'img-3'], ['d', null], ['e', 'img-1'], ['F', 'img-2']] as const) await repo.insert(tx, row('q', name, image), NOW);
          await repo.insert(tx, row('q', 'gone', 'img-1', NOW), NOW);
          await repo.insert(tx, row('r', 'a', 'img-2'), NOW);
        });
        const names = (rows: { parent?: string; name: string }[]) => rows.map((r) => `${r.parent}/${r.name}`);
        // Under one parent, in byte order; a row gone by now is not there; NULL matches nothing.
        assert.deepEqual(names(await repo.page(db, inPart, NOW, { parent: 'q', after: null, limit: 10, whereIn: { image_name: ['img-1', 'img-2'] } })), ['q/B', 'q/F', 'q/a', 'q/e']);
        // Across parents, paged by (parent, name) two rows at a time, every row once.
        const paged: string[] = [];
        for (let cursor: { parent: string; name: string } | null = null; ; ) {
          const page: ResourceRecord<{ Note?: string }>[] = await repo.page(db, inPart, NOW, {
            after: cursor?.name ?? null,
            afterParent: cursor?.parent,
            limit: 2,
            whereIn: { image_name: ['img-2', 'img-1'] },
          });
          paged.push(...names(page));
          if (page.length < 2) break;
          cursor = { parent: page[1]!.parent!, name: page[1]!.name };
        }
        assert.deepEqual(paged, ['q/B', 'q/F', 'q/a', 'q/e', 'r/a']);
        // With the other filters: AND.
        assert.deepEqual(names(await repo.page(db, inPart, NOW, { after: null, limit: 10, whereIn: { image_name: ['img-1', 'img-3'] }, names: ['a', 'c', 'd'] })), ['q/a', 'q/c']);
        assert.deepEqual(names(await repo.page(db, inPart, NOW, { after: null, limit: 10, whereIn: { image_name: ['img-2'] }, where: { image_name: 'img-1' } })), []);
        // The value list is data, never SQL; an empty list matches nothing; only reference columns filter.
        assert.deepEqual(await repo.page(db, inPart, NOW, { after: null, limit: 10, whereIn: { image_name: ["img-1') OR ('1'='1"] } }), []);
        assert.deepEqual(await repo.page(db, inPart, NOW, { after: null, limit: 10, whereIn: { image_name: [] } }), []);
        await assert.rejects(repo.page(db, inPart, NOW, { after: null, limit: 1, whereIn: { doc: ['x'] } }), /not a reference column/);
      });

      test('each: every selected record once, a small batch at a time, under one parent and across parents (same names under other parents)', async () => {
        const ePart = { ...part, region: 'me-south-1' };
        await db.transaction(async (tx) => {
          for (const parent of ['x', 'y', 'z']) for (const name of ['m', 'n', 'o']) await repo.insert(tx, { ...widget(parent, name, name === 'n' ? null : 'img-e'), ...ePart }, NOW);
        });
        const walk = async (query: Parameters<typeof repo.each>[3]) => {
          const out: string[] = [];
          for await (const r of repo.each(db, ePart, NOW, query, 2)) out.push(`${r.parent}/${r.name}`);
          return out;
        };
        assert.deepEqual(await walk({ parent: 'y' }), ['y/m', 'y/n', 'y/o']);
        // Across parents the keyset holds the parent: a name seen under one parent does not end the walk.
        assert.deepEqual(await walk({ where: { image_name: 'img-e' } }), ['x/m', 'x/o', 'y/m', 'y/o', 'z/m', 'z/o']);
        assert.deepEqual(await walk({}), ['x/m', 'x/n', 'x/o', 'y/m', 'y/n', 'y/o', 'z/m', 'z/n', 'z/o']);
      });

      test('keys pages carry a version every write changes; rowsOf reads the rows they name (under parents, existing ones only)', async () => {
        const vPart = { ...part, region: 'sa-east-1' };
        const row = (parent: string, name: string, goneMs: number | null = null) => ({ ...widget(parent, name, null, { goneMs }), ...vPart });
        await db.transaction(async (tx) => {
          for (const [parent, name] of [['p1', 'a'], ['p1', 'b'], ['p2', 'a']] as const) await repo.insert(tx, row(parent, name), NOW);
          await repo.insert(tx, row('p2', 'gone', NOW - 1), NOW - 2);
        });
        const keys = await repo.pageKeys(db, vPart, NOW, { after: null, limit: 10 });
        assert.deepEqual(keys.rows.map((k) => repo.rowIdentity(k)), ['p1\0a', 'p1\0b', 'p2\0a']);
        const rows = await repo.rowsOf(db, vPart, [keys.rows[0]!, keys.rows[2]!], NOW);
        // Only the pairs asked for: p1/a and p2/a, not p1/b or p2/gone, whose names are in the IN lists too.
        assert.deepEqual(rows.map((r) => repo.rowIdentity(r)).sort(), ['p1\0a', 'p2\0a']);
        for (const r of rows) {
          const key = keys.rows.find((k) => repo.rowIdentity(k) === repo.rowIdentity(r))!;
          assert.ok(repo.hasVersion(key, repo.rowVersion(r)), 'a row and its key agree on the version');
          assert.deepEqual(repo.recordOf(vPart, r).maintained, { tally: 0 });
        }
        // A write gives the row a new version; the others keep theirs.
        const [a1] = rows.filter((r) => repo.rowIdentity(r) === 'p1\0a');
        const before = repo.rowVersion(a1!);
        await db.transaction(async (tx) => repo.update(tx, { ...(await repo.get(tx, vPart, 'a', NOW, 'p1'))!, doc: { Note: 'again' } }));
        const keysAfter = (await repo.pageKeys(db, vPart, NOW, { after: null, limit: 10 })).rows;
        assert.ok(!repo.hasVersion(keysAfter[0]!, before), 'the written row has a new version');
        assert.deepEqual(keysAfter.slice(1), keys.rows.slice(1));
        const [now] = await repo.rowsOf(db, vPart, [keysAfter[0]!], NOW);
        assert.deepEqual(repo.recordOf(vPart, now!).doc, { Note: 'again' });
        assert.ok(repo.hasVersion(keysAfter[0]!, repo.rowVersion(now!)));
        // Gone by the time asked (a lingering deletion), or removed: not read.
        await db.transaction(async (tx) => repo.update(tx, { ...(await repo.get(tx, vPart, 'a', NOW, 'p2'))!, goneMs: NOW + 5 }));
        assert.equal((await repo.rowsOf(db, vPart, [keys.rows[2]!], NOW + 4)).length, 1);
        assert.deepEqual(await repo.rowsOf(db, vPart, [keys.rows[2]!], NOW + 5), []);
        await db.transaction((tx) => repo.remove(tx, vPart, 'a', 'p1'));
        assert.deepEqual(await repo.rowsOf(db, vPart, [keysAfter[0]!], NOW), []);
      });

      test('keys pages read with a clock reading: the stored offset gives the now, rows gone by it are left out, the rows are as with a number', async () => {
        const cPart = { ...part, region: 'af-south-1' };
        await db.transaction(async (tx) => {
          await repo.insert(tx, { ...widget('c', 'kept', null), ...cPart }, NOW);
          await repo.insert(tx, { ...widget('c', 'leaving', null, { goneMs: NOW + 5_000 }), ...cPart }, NOW);
        });
        await setMeta(db, 'clock_offset_ms', '4000');
        try {
          // Wall NOW + 2000 is emulated NOW + 6000: 'leaving' is gone.
          const read = await repo.pageKeys(db, cPart, { wallMs: NOW + 2_000 }, { after: null, limit: 10 });
          assert.equal(read.nowMs, NOW + 6_000);
          const plain = await repo.pageKeys(db, cPart, NOW + 6_000, { after: null, limit: 10 });
          assert.deepEqual(read.rows, plain.rows);
          assert.deepEqual(read.rows.map((k) => repo.rowIdentity(k)), ['c\0kept']);
          // Wall NOW is emulated NOW + 4000: both exist.
          assert.equal((await repo.pageKeys(db, cPart, { wallMs: NOW }, { after: null, limit: 10 })).rows.length, 2);
          // An empty page has its now too: SQLite reads it first (a statement of its own), PostgreSQL beside the page.
          const empty = await repo.pageKeys(db, cPart, { wallMs: NOW }, { after: null, limit: 10, parent: 'none' });
          assert.deepEqual(empty.rows, []);
          assert.equal(empty.nowMs, NOW + 4_000);
        } finally {
          await db.run(`DELETE FROM meta WHERE key = 'clock_offset_ms'`);
        }
      });

      test('keys pages give parents and names as stored, whatever their characters (SQLite reads each row packed in one text)', async () => {
        const oPart = { ...part, region: 'ap-east-1' };
        const odd = ["it's", 'back\\slash "quoted"', 'tab\there', 'é and 𝄞', '名前', 'x'.repeat(300)];
        await db.transaction(async (tx) => {
          for (const name of odd) await repo.insert(tx, { ...widget(`p ${name}`, name, null), ...oPart }, NOW);
        });
        const keys = await repo.pageKeys(db, oPart, NOW, { after: null, limit: 10 });
        assert.deepEqual(keys.rows.map((k) => [k[0], k[1]]).sort(), odd.map((n) => [`p ${n}`, n]).sort());
        for (const k of keys.rows) {
          assert.equal(typeof k[2], 'number', 'the version is a number');
          const [row] = await repo.rowsOf(db, oPart, [k], NOW);
          assert.ok(repo.hasVersion(k, repo.rowVersion(row!)), `${String(k[1])}: its key and its row agree on the version`);
        }
      });

      test('missingName: the first name asked for (in the order given) that does not exist, across statements of 500 names', async () => {
        const mPart = { ...part, region: 'me-south-1' };
        const names = Array.from({ length: 620 }, (_, i) => `n-${String(i).padStart(4, '0')}`);
        await db.transaction(async (tx) => {
          for (const n of names) await repo.insert(tx, { ...widget('m', n, null), ...mPart }, NOW);
          await repo.insert(tx, { ...widget('m', 'gone', null, { goneMs: NOW }), ...mPart }, NOW - 1);
          await repo.insert(tx, { ...widget('other', 'elsewhere', null), ...mPart }, NOW);
        });
        assert.equal(await repo.missingName(db, mPart, [...names].reverse(), NOW, 'm'), undefined);
        // Past the first statement's 500; a gone row and another parent's row do not count.
        assert.equal(await repo.missingName(db, mPart, [...names, 'zz-1', 'gone'], NOW, 'm'), 'zz-1');
        assert.equal(await repo.missingName(db, mPart, ['elsewhere', ...names], NOW, 'm'), 'elsewhere');
        assert.equal(await repo.missingName(db, mPart, [names[3]!, 'gone'], NOW, 'm'), 'gone');
        await assert.rejects(repo.missingName(db, mPart, ['x'], NOW), /needs the parent/);
      });

      test('update writes schedule, doc and references (kept when not given); lingering deletions vanish at gone_ms and are purged', async () => {
        await db.transaction((tx) => repo.insert(tx, widget('u', 'w', 'img-1'), NOW));
        const got = (await repo.get(db, part, 'w', NOW, 'u'))!;
        await db.transaction((tx) => repo.update(tx, { ...got, doc: { Note: 'changed' }, refs: undefined, goneMs: NOW + 10 }));
        const after = (await repo.get(db, part, 'w', NOW, 'u'))!;
        assert.deepEqual([after.doc, after.refs, after.goneMs], [{ Note: 'changed' }, { image_name: 'img-1' }, NOW + 10]);
        assert.equal(await repo.get(db, part, 'w', NOW + 10, 'u'), undefined);
        assert.equal(await db.transaction((tx) => repo.purgeGone(tx, part, NOW + 10)), 1);
        // A removed parent's children: removeWhere by parent.
        assert.equal(await db.transaction((tx) => repo.removeWhere(tx, part, { parent: 's1' })), 1);
        assert.equal(await repo.get(db, part, 'w', NOW, 's1'), undefined);
        assert.ok(await repo.get(db, part, 'w', NOW, 's2'));
        assert.ok((await repo.accounts(db)).includes(part.accountId));
        assert.ok((await db.transaction((tx) => repo.removeAll(tx, part.accountId))) >= 1);
        assert.equal(await repo.count(db, part, NOW), 0);
      });
    });

    describe('the transaction scope (the SQLite trap of an outer call inside a transaction is gone)', () => {
      test('the outer handle and the clock, used inside a transaction, join it instead of waiting for it', async () => {
        const clock = createClock(db, () => NOW);
        const outcome = await Promise.race([
          db.transaction(async (tx) => {
            await tx.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['scope-1', 1, 'scope']);
            // Both of these hung forever on SQLite before: they waited for this very transaction.
            const seen = await db.get<{ v: number | string }>(`SELECT v FROM scratch WHERE k = ?`, ['scope-1']);
            const now = await clock.now();
            await db.transaction((inner) => inner.run(`UPDATE scratch SET v = 2 WHERE k = ?`, ['scope-1']));
            return { seen: Number(seen?.v), now };
          }),
          new Promise((resolve) => setTimeout(() => resolve('hung'), 5000)),
        ]);
        assert.deepEqual(outcome, { seen: 1, now: NOW + Number((await getMeta(db, 'clock_offset_ms')) ?? 0) });
        assert.equal(Number((await db.get<{ v: number | string }>(`SELECT v FROM scratch WHERE k = ?`, ['scope-1']))!.v), 2);
        // A rollback takes the joined writes with it.
        await db
          .transaction(async () => {
            await db.run(`INSERT INTO scratch (k, v, part) VALUES (?, ?, ?)`, ['scope-2', 1, 'scope']);
            throw new Error('roll back');
          })
          .catch(() => {});
        assert.equal(await db.get(`SELECT v FROM scratch WHERE k = ?`, ['scope-2']), undefined);
      });
    });
  });
}

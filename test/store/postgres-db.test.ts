// What only the PostgreSQL backend has: placeholder conversion, lock keys, retries of
// deadlocked transactions, failing loudly where PostgreSQL would quietly roll back, and
// surviving the database going away (through a TCP proxy the test cuts and restores; the
// shared PostgreSQL server itself is never stopped).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { readDataVersion } from '../../src/store/data-version.js';
import { DatabaseUnavailableError, PostgresDb, isConnectionError, partitionLockKey, toNumberedPlaceholders } from '../../src/store/postgres-db.js';
import type { SqlValue } from '../../src/store/sql-db.js';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

describe('toNumberedPlaceholders', () => {
  test('numbers ? in order', () => {
    assert.equal(toNumberedPlaceholders('SELECT a FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?'), 'SELECT a FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4');
    assert.equal(toNumberedPlaceholders('SELECT 1'), 'SELECT 1');
  });
  test('leaves ? alone in strings, identifiers, comments and dollar quotes', () => {
    assert.equal(toNumberedPlaceholders(`SELECT 'a?b', 'it''s ?', ? FROM "we?ird" WHERE x = ?`), `SELECT 'a?b', 'it''s ?', $1 FROM "we?ird" WHERE x = $2`);
    assert.equal(toNumberedPlaceholders(`SELECT E'\\'?', ?`), `SELECT E'\\'?', $1`);
    assert.equal(toNumberedPlaceholders(`SELECT ? -- why?\n, ? /* what? */ , ?`), `SELECT $1 -- why?\n, $2 /* what? */ , $3`);
    assert.equal(toNumberedPlaceholders(`SELECT $$a?$$, $tag$b?$tag$, ?`), `SELECT $$a?$$, $tag$b?$tag$, $1`);
  });
});

describe('partitionLockKey', () => {
  test('a stable signed 64-bit key per (account, region), distinct for different ones', () => {
    const k = partitionLockKey('111111111111', 'us-east-1');
    assert.equal(k, partitionLockKey('111111111111', 'us-east-1'));
    const n = BigInt(k);
    assert.ok(n >= -(2n ** 63n) && n < 2n ** 63n);
    assert.notEqual(k, partitionLockKey('111111111111', 'us-east-2'));
    assert.notEqual(partitionLockKey('ab', 'c'), partitionLockKey('a', 'bc'));
  });
});

/** Runs `sql` in a transaction of `locker` and keeps it open, its locks held, until the answered release() is called. */
async function holdLocks(locker: PostgresDb, sql: string, params: SqlValue[] = []): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = locker.transaction(async (tx) => {
    await tx.run(sql, params);
    locked();
    await held;
  });
  await Promise.race([isLocked, holder]);
  return async () => {
    release();
    await holder;
  };
}

describe('PostgresDb', () => {
  let database: TestDatabase;
  let db: PostgresDb;

  before(async () => {
    database = await createTestDatabase();
    db = new PostgresDb({ connectionString: database.url, max: 4 });
    await migrate(db);
    await db.run(`CREATE TABLE accounts (id TEXT PRIMARY KEY, balance BIGINT NOT NULL)`);
    await db.run(`INSERT INTO accounts (id, balance) VALUES ('a', 100), ('b', 100)`);
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  test('a deadlock between two transactions is retried: both transfers happen', async () => {
    let bothLocked!: () => void;
    let locked = 0;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    let attempts = 0;
    const transfer = (from: string, to: string) =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.run(`UPDATE accounts SET balance = balance - 10 WHERE id = ?`, [from]);
        if (++locked === 2) bothLocked();
        await Promise.race([barrier, new Promise((r) => setTimeout(r, 200))]);
        await tx.run(`UPDATE accounts SET balance = balance + 10 WHERE id = ?`, [to]);
      });
    await Promise.all([transfer('a', 'b'), transfer('b', 'a')]);
    assert.ok(attempts >= 3, `one of them deadlocked and ran again (attempts: ${attempts})`);
    const rows = await db.all<{ id: string; balance: number }>(`SELECT id, balance FROM accounts ORDER BY id`);
    assert.deepEqual(rows, [
      { id: 'a', balance: 100 },
      { id: 'b', balance: 100 },
    ]);
  });

  test('a transaction that swallows a failed statement fails with that statement’s error (no silent rollback)', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.run(`UPDATE accounts SET balance = 0 WHERE id = ?`, ['a']);
        await tx.run(`INSERT INTO accounts (id, balance) VALUES (?, ?)`, ['a', 1]).catch(() => {});
        return 'pretends to succeed';
      })
      .catch((e: unknown) => e);
    assert.ok(db.isUniqueViolation(error), String(error));
    assert.equal((await db.get<{ balance: number }>(`SELECT balance FROM accounts WHERE id = ?`, ['a']))!.balance, 100);
  });

  test('another instance changes the schema under prepared statements: statements and transactions still answer', async () => {
    const other = new PostgresDb({ connectionString: database.url, max: 1 });
    try {
      const mine = new PostgresDb({ connectionString: database.url, max: 1 });
      try {
        await mine.run(`CREATE TABLE evolving (id TEXT PRIMARY KEY)`);
        await mine.run(`INSERT INTO evolving (id) VALUES (?)`, ['x']);
        assert.deepEqual(await mine.all(`SELECT * FROM evolving WHERE id = ?`, ['x']), [{ id: 'x' }]);
        // A newer instance's migration adds a column: the plan prepared above no longer fits.
        await other.run(`ALTER TABLE evolving ADD COLUMN extra TEXT`);
        assert.deepEqual(await mine.all(`SELECT * FROM evolving WHERE id = ?`, ['x']), [{ id: 'x', extra: null }]);
        await mine.get(`SELECT * FROM evolving WHERE id = ?`, ['x']);
        await other.run(`ALTER TABLE evolving ADD COLUMN more TEXT`);
        const inTx = await mine.transaction((tx) => tx.all(`SELECT * FROM evolving WHERE id = ?`, ['x']));
        assert.deepEqual(inTx, [{ id: 'x', extra: null, more: null }]);
      } finally {
        await mine.close();
      }
    } finally {
      await other.close();
    }
  });

  test('reads outside a transaction share the pipelined connections: 60 at once get their own rows, refused ones fail alone', async () => {
    const piped = new PostgresDb({ connectionString: database.url, max: 4, pipelinedConnections: 2 });
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          i % 10 === 7
            ? piped.get(`SELECT 1 / ?::int AS n, pg_backend_pid() AS pid`, [0])
            : piped.get<{ n: number; pid: number }>(`SELECT ?::int AS n, pg_backend_pid() AS pid`, [i]),
        ),
      );
      const pids = new Set<number>();
      settled.forEach((r, i) => {
        if (i % 10 === 7) {
          assert.equal(r.status, 'rejected');
          assert.equal((r as PromiseRejectedResult).reason.code, '22012', String((r as PromiseRejectedResult).reason));
        } else {
          assert.equal(r.status, 'fulfilled', String((r as PromiseRejectedResult).reason));
          const row = (r as PromiseFulfilledResult<{ n: number; pid: number } | undefined>).value!;
          assert.equal(row.n, i);
          pids.add(row.pid);
        }
      });
      assert.ok(pids.size >= 1 && pids.size <= 2, `on ${pids.size} connections`);
      assert.equal(piped.poolStats().total, 0, 'the pool stays for transactions');
      // A refused statement leaves its connection usable; transactions and writes have the pool.
      assert.deepEqual(await piped.get(`SELECT balance FROM accounts WHERE id = ?`, ['a']), { balance: 100 });
      assert.deepEqual(await piped.transaction((tx) => tx.get(`SELECT 2 AS two`)), { two: 2 });
    } finally {
      await piped.close();
    }
    const closed = await piped.get('SELECT 1').catch((e: unknown) => e);
    assert.ok(closed instanceof DatabaseUnavailableError, String(closed));
  });

  test('a schema change under a burst of pipelined reads: every read answers (stale connections are retired, the reads retried)', async () => {
    const piped = new PostgresDb({ connectionString: database.url, max: 2 });
    const other = new PostgresDb({ connectionString: database.url, max: 1, pipelinedConnections: 0 });
    // Retiring a connection once per stale statement piled listeners onto it (MaxListenersExceeded).
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      await other.run(`CREATE TABLE altered (id INT PRIMARY KEY)`);
      await other.run(`INSERT INTO altered (id) VALUES (1)`);
      for (let round = 0; round < 8; round++) {
        const reads = Promise.allSettled(Array.from({ length: 200 }, () => piped.all(`SELECT * FROM altered WHERE id = ?`, [1])));
        await new Promise((resolve) => setTimeout(resolve, 1));
        await other.run(`ALTER TABLE altered ADD COLUMN c${round} INT`);
        const failed = (await reads).filter((r) => r.status === 'rejected');
        assert.deepEqual(failed, [], `round ${round}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(warnings.map((w) => w.name), []);
    } finally {
      process.off('warning', onWarning);
      await piped.close();
      await other.close();
    }
  });

  test('reads pipelined behind a failed Parse of their statement fail with their own error', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => db.get(`SELECT * FROM missing_table WHERE id = ?`, [1]).then(() => 'answered', (e: { code?: string }) => e.code)));
    assert.deepEqual(codes, Array(6).fill('42P01'));
  });

  test('reads pipelined behind a Parse that waits out the statement timeout on a lock: each fails as unavailable, none as 26000', async () => {
    const piped = new PostgresDb({ connectionString: database.url, statementTimeoutMs: 300 });
    const locker = new PostgresDb({ connectionString: database.url, max: 1, pipelinedConnections: 0 });
    try {
      await piped.get(`SELECT 1`);
      const release = await holdLocks(locker, `LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE`);
      // A statement text new to the connections: its Parse waits on the lock.
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => piped.get(`SELECT balance AS locked_out FROM accounts WHERE id = ?`, ['a']).then(() => 'answered', (e: { code?: string }) => e.code)),
      );
      await release();
      assert.deepEqual(outcomes, Array(12).fill('08006'));
    } finally {
      await piped.close();
      await locker.close();
    }
  });

  test('a write that waits on a row lock does not hold up the reads (writes go to the pool)', async () => {
    const piped = new PostgresDb({ connectionString: database.url, max: 2, pipelinedConnections: 1 });
    const locker = new PostgresDb({ connectionString: database.url, max: 1, pipelinedConnections: 0 });
    try {
      await piped.get(`SELECT 1`);
      const release = await holdLocks(locker, `UPDATE accounts SET balance = balance WHERE id = ?`, ['a']);
      const write = piped.run(`UPDATE accounts SET balance = balance WHERE id = ?`, ['a']);
      let slowest = 0;
      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        await piped.get(`SELECT balance FROM accounts WHERE id = ?`, ['b']);
        slowest = Math.max(slowest, Date.now() - started);
      }
      await release();
      await write;
      assert.ok(slowest < 500, `the slowest read took ${slowest} ms`);
    } finally {
      await piped.close();
      await locker.close();
    }
  });

  test('beyond 32 statements in flight on each pipelined connection, reads overflow to the pool', async () => {
    const piped = new PostgresDb({ connectionString: database.url, max: 4, pipelinedConnections: 2 });
    try {
      const rows = await Promise.all(Array.from({ length: 100 }, () => piped.get<{ pid: number }>(`SELECT pg_backend_pid() AS pid, pg_sleep(0.01)`)));
      const pids = new Set(rows.map((r) => r!.pid));
      assert.ok(pids.size > 2, `on ${pids.size} connections`);
      assert.ok(piped.poolStats().total > 0);
    } finally {
      await piped.close();
    }
  });

  test('close() while a pipelined connection is being made: the statement waiting on it fails, nothing hangs', async () => {
    const piped = new PostgresDb({ connectionString: database.url });
    const pending = piped.get(`SELECT 1 AS one`).catch((e: unknown) => e);
    await piped.close();
    const outcome = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still pending'), 3000))]);
    assert.ok(outcome instanceof DatabaseUnavailableError || (outcome as { one?: number })?.one === 1, String(outcome));
  });

  test('pipelinedConnections: 0 runs statements on the pool, one at a time per connection', async () => {
    const pooled = new PostgresDb({ connectionString: database.url, max: 3, pipelinedConnections: 0 });
    try {
      const rows = await Promise.all(Array.from({ length: 30 }, (_, i) => pooled.get<{ n: number }>(`SELECT ?::int AS n, pg_sleep(0.01)`, [i])));
      assert.deepEqual(
        rows.map((r) => r!.n),
        Array.from({ length: 30 }, (_, i) => i),
      );
      assert.equal(pooled.poolStats().total, 3);
    } finally {
      await pooled.close();
    }
  });

  test('a server that is not there: DatabaseUnavailableError (08006), quickly', async () => {
    const nowhere = new PostgresDb({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMs: 2000 });
    const started = Date.now();
    const error = await nowhere.get('SELECT 1').catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseUnavailableError, String(error));
    assert.equal((error as DatabaseUnavailableError).code, '08006');
    assert.match((error as Error).message, /PostgreSQL is unavailable/);
    assert.ok(Date.now() - started < 3000);
    assert.ok(isConnectionError(error));
    await nowhere.close();
  });

  test('a database that is gone or closed to connections: DatabaseUnavailableError (503 for requests), and back once it opens', async () => {
    const gone = new PostgresDb({ connectionString: `${TEST_POSTGRES_URL.replace(/\/[^/]*$/, '')}/asl_no_such_database`, connectionTimeoutMs: 2000 });
    const missing = await gone.get('SELECT 1').catch((e: unknown) => e);
    assert.ok(missing instanceof DatabaseUnavailableError, String(missing));
    assert.match((missing as Error).message, /database "asl_no_such_database" does not exist/);
    await gone.close();

    const closed = await createTestDatabase();
    const admin = new PostgresDb({ connectionString: TEST_POSTGRES_URL, max: 1 });
    const db = new PostgresDb({ connectionString: closed.url, max: 1, connectionTimeoutMs: 2000 });
    try {
      await admin.run(`ALTER DATABASE "${closed.name}" ALLOW_CONNECTIONS false`);
      const refused = await db.get('SELECT 1').catch((e: unknown) => e);
      assert.ok(refused instanceof DatabaseUnavailableError, String(refused));
      assert.match((refused as Error).message, /is not currently accepting connections/);
      await admin.run(`ALTER DATABASE "${closed.name}" ALLOW_CONNECTIONS true`);
      assert.deepEqual(await db.get<{ n: number }>('SELECT 1 AS n'), { n: 1 });
    } finally {
      await db.close();
      await admin.close();
      await closed.drop();
    }
  });

  test('a database dropped and made again empty: 503s, then the store migrates it again and serves', async () => {
    const target = await createTestDatabase();
    const admin = new PostgresDb({ connectionString: TEST_POSTGRES_URL, max: 1 });
    const store = await openStore({ databaseUrl: target.url, inMemory: false, dataDir: '' });
    try {
      await store.db.run(`INSERT INTO meta (key, value) VALUES ('probe', 'before')`);
      const versionBefore = await readDataVersion(store.db);
      await admin.run(`DROP DATABASE "${target.name}" WITH (FORCE)`);
      await admin.run(`CREATE DATABASE "${target.name}"`);
      // Every statement until the schema is back is the 503 of an outage, never a 500.
      const missing = await store.db.get(`SELECT value FROM meta WHERE key = 'probe'`).catch((e: unknown) => e);
      assert.ok(missing instanceof DatabaseUnavailableError, String(missing));
      let probe: unknown = missing;
      for (let i = 0; i < 50 && probe instanceof Error; i++) {
        await new Promise((r) => setTimeout(r, 100));
        probe = await store.db.get(`SELECT value FROM meta WHERE key = 'probe'`).catch((e: unknown) => e);
      }
      assert.equal(probe, undefined, 'the new schema is there, empty');
      // Its data version is not the old counter's (an answer kept under it must not match).
      assert.notEqual(await readDataVersion(store.db), versionBefore);
      await store.db.run(`INSERT INTO meta (key, value) VALUES ('probe', 'after')`);
    } finally {
      await store.db.close();
      await admin.close();
      await target.drop();
    }
  });

  describe('the database goes away and comes back (through a proxy)', () => {
    let proxy: TcpProxy;
    let viaProxy: PostgresDb;
    const errors: Error[] = [];

    before(async () => {
      const target = new URL(database.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      viaProxy = new PostgresDb({ connectionString: proxy.via(database.url), max: 3, connectionTimeoutMs: 2000, onConnectionError: (e) => errors.push(e) });
    });
    after(async () => {
      await viaProxy?.close();
      await proxy?.close();
    });

    test('idle and busy connections are cut: 08006 errors, no crash; then it recovers by itself', async () => {
      // Open connections: the pipelined ones (statements alone) and a pooled one mid-transaction
      // when the cut comes.
      await Promise.all([viaProxy.get('SELECT pg_sleep(0.05)'), viaProxy.get('SELECT pg_sleep(0.05)'), viaProxy.get('SELECT 1')]);
      let inTransaction!: () => void;
      const started = new Promise<void>((resolve) => (inTransaction = resolve));
      const tx = viaProxy
        .transaction(async (t) => {
          await t.run(`UPDATE accounts SET balance = balance + 1 WHERE id = ?`, ['b']);
          inTransaction();
          await t.get('SELECT pg_sleep(5)');
        })
        .catch((e: unknown) => e);
      await started;
      proxy.cut();
      const txError = await tx;
      assert.ok(txError instanceof DatabaseUnavailableError, String(txError));
      for (const op of [() => viaProxy.get('SELECT 1'), () => viaProxy.transaction((t) => t.run('SELECT 1'))]) {
        const e = await op().catch((x: unknown) => x);
        assert.ok(e instanceof DatabaseUnavailableError, String(e));
        assert.equal((e as DatabaseUnavailableError).code, '08006');
      }
      proxy.restore();
      assert.deepEqual(await viaProxy.get('SELECT 1 AS ok'), { ok: 1 });
      await viaProxy.transaction((t) => t.run(`UPDATE accounts SET balance = balance WHERE id = ?`, ['b']));
      // The cut transaction did not commit.
      assert.equal((await viaProxy.get<{ balance: number }>(`SELECT balance FROM accounts WHERE id = ?`, ['b']))!.balance, 100);
      assert.ok(viaProxy.poolStats().total <= 3);
    });

    test('a database that goes silent (packets dropped, no reset) fails requests within the timeouts, then recovers', async () => {
      const quick = new PostgresDb({ connectionString: proxy.via(database.url), max: 2, connectionTimeoutMs: 1000, statementTimeoutMs: 1000 });
      try {
        assert.deepEqual(await quick.get('SELECT 1 AS ok'), { ok: 1 });
        proxy.freeze();
        let started = Date.now();
        // An open pooled connection: the client-side answer timeout (statement timeout + 2 s).
        const onOpen = await quick.get('SELECT 1').catch((e: unknown) => e);
        assert.ok(onOpen instanceof DatabaseUnavailableError, String(onOpen));
        assert.ok(Date.now() - started < 5000, `failed after ${Date.now() - started} ms`);
        // A new connection: the connect timeout, pooled or pipelined.
        started = Date.now();
        const onNew = await quick.transaction((tx) => tx.get('SELECT 1')).catch((e: unknown) => e);
        assert.ok(onNew instanceof DatabaseUnavailableError, String(onNew));
        assert.ok(Date.now() - started < 5000, `failed after ${Date.now() - started} ms`);
        const fresh = new PostgresDb({ connectionString: proxy.via(database.url), connectionTimeoutMs: 1000 });
        try {
          started = Date.now();
          const onNewPipelined = await fresh.get('SELECT 1').catch((e: unknown) => e);
          assert.ok(onNewPipelined instanceof DatabaseUnavailableError, String(onNewPipelined));
          assert.ok(Date.now() - started < 5000, `failed after ${Date.now() - started} ms`);
        } finally {
          await fresh.close();
        }
        proxy.restore();
        assert.deepEqual(await quick.get('SELECT 1 AS ok'), { ok: 1 });
      } finally {
        proxy.restore();
        await quick.close();
      }
    });
  });
});

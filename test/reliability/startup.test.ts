// Starting up: mistakes get one line that names the thing and the fix, and exit code 2 (no stack
// trace); the store is the one asked for (an explicit choice beats APPSTREAM_LOCAL_DATABASE_URL)
// and the ready line says which.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, StartupError } from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { CLI_BIN, startChildServer, tempDir } from '../support/process.js';

/** `appstream-local start <args>` that is expected to exit: its code and output. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, 'start', '--log-level', 'warn', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit 2 and exactly one line on stderr matching `line`. */
function assertOneLine(r: { code: number | null; stderr: string }, line: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0]!, line);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('startup mistakes: one line and exit 2', () => {
  let blocker: Server;
  let busyPort: number;
  before(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port in use', async () => {
    assertOneLine(
      await runCli(['--in-memory', '--port', String(busyPort)]),
      new RegExp(`^appstream-local: port ${busyPort} is in use on 127\\.0\\.0\\.1 \\(another appstream-local\\?\\); stop that process, or choose another --port \\(0 picks a free one\\)$`),
    );
    // In-process: the same words, as a StartupError.
    await assert.rejects(startServer({ inMemory: true, port: busyPort, logLevel: 'silent' }), (e: unknown) => e instanceof StartupError && /^port \d+ is in use/.test(e.message));
  });

  it('a data directory that cannot be written: a file where the directory should be, a directory where the file should be', async () => {
    const dir = tempDir();
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    assertOneLine(
      await runCli(['--port', '0', '--data-dir', file]),
      new RegExp(`^appstream-local: cannot use the data directory ${file} for ${file}/appstream-local\\.sqlite \\(EEXIST[^)]*\\); choose a writable --data-dir, or --in-memory$`),
    );
    // SQLite's own error says "unable to open database file" and no path: ours names both.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'appstream-local.sqlite'), { recursive: true });
    assertOneLine(
      await runCli(['--port', '0', '--data-dir', blocked]),
      new RegExp(`^appstream-local: cannot use the data directory ${blocked} for ${blocked}/appstream-local\\.sqlite \\(unable to open database file\\); choose a writable --data-dir, or --in-memory$`),
    );
  });

  it('a data directory that cannot be made: missing parents are made, one under /proc fails at once', async () => {
    const deep = join(tempDir(), 'a', 'b', 'c');
    const made = await startServer({ dataDir: deep, port: 0, logLevel: 'silent' });
    await made.close();
    // Node's recursive mkdirSync never returns for a path under /proc; the server's own does.
    if (!existsSync('/proc/self')) return; // not Linux: no /proc
    const proc = '/proc/appstream-local-test/data';
    const started = Date.now();
    assertOneLine(
      await runCli(['--port', '0', '--data-dir', proc]),
      new RegExp(`^appstream-local: cannot use the data directory ${proc} for ${proc}/appstream-local\\.sqlite \\(ENOENT[^)]*\\); choose a writable --data-dir, or --in-memory$`),
    );
    assert.ok(Date.now() - started < 10_000, `exited after ${Date.now() - started} ms`);
  });

  it('a data directory whose store a newer build migrated', async () => {
    const dir = tempDir();
    // A store this build made, then marked as migrated further by a newer one.
    const made = await startServer({ dataDir: dir, port: 0, logLevel: 'silent' });
    await made.close();
    const db = new Database(join(dir, 'appstream-local.sqlite'));
    const known = (db.prepare(`SELECT MAX(version) AS v FROM schema_migrations`).get() as { v: number }).v;
    db.prepare(`INSERT INTO schema_migrations (version, name) VALUES (?, 'from a newer build')`).run(known + 1);
    db.close();
    assertOneLine(
      await runCli(['--port', '0', '--data-dir', dir]),
      new RegExp(`^appstream-local: cannot use the data directory ${dir}: the store's schema is version ${known + 1}, newer than this build of appstream-local knows \\(${known}\\): use a newer build, or another store$`),
    );
  });

  it('a malformed, missing or misshapen credentials file', async () => {
    const dir = tempDir();
    const bad = join(dir, 'creds.json');
    writeFileSync(bad, '[{"accessKeyId": "a",}]');
    assertOneLine(
      await runCli(['--in-memory', '--port', '0', '--auth', 'verify', '--credentials', bad]),
      new RegExp(`^appstream-local: --credentials ${bad}: not valid JSON \\(.+position 21\\); expected \\[\\{"accessKeyId": `),
    );
    assertOneLine(
      await runCli(['--in-memory', '--port', '0', '--auth', 'verify', '--credentials', join(dir, 'missing.json')]),
      new RegExp(`^appstream-local: --credentials ${dir}/missing\\.json: cannot read it \\(ENOENT`),
    );
    const shape = join(dir, 'shape.json');
    writeFileSync(shape, '[{"accessKeyId": "a", "secretAccessKey": "b", "accountId": "12"}]');
    assertOneLine(
      await runCli(['--in-memory', '--port', '0', '--auth', 'verify', '--credentials', shape]),
      new RegExp(`^appstream-local: --credentials ${shape}: entry 0 needs accessKeyId, secretAccessKey and a 12-digit accountId$`),
    );
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '[]');
    assertOneLine(
      await runCli(['--in-memory', '--port', '0', '--auth', 'verify', '--credentials', empty]),
      new RegExp(`^appstream-local: --credentials ${empty}: holds no credentials; expected \\[\\{"accessKeyId": `),
    );
  });

  it('a seed file that is not JSON, and a PostgreSQL that is not there', async () => {
    const dir = tempDir();
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, '{"images": [}');
    assertOneLine(await runCli(['--in-memory', '--port', '0', '--seed', seed]), new RegExp(`^appstream-local: --seed ${seed}: cannot read a JSON seed document \\(`));
    writeFileSync(seed, '{"stacks": [{"AccountId": "123456789012", "Region": "us-east-1", "Name": "s", "Description": "\\udfff"}]}');
    assertOneLine(await runCli(['--in-memory', '--port', '0', '--seed', seed]), new RegExp(`^appstream-local: --seed ${seed}: the document holds a string with an unpaired surrogate escape, which is not valid Unicode`));
    assertOneLine(
      await runCli(['--port', '0', '--database-url', 'postgres://nobody:secret@127.0.0.1:1/none']),
      /^appstream-local: cannot use PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none \(.*ECONNREFUSED.*\); check --database-url \(or APPSTREAM_LOCAL_DATABASE_URL\) and that the database is up$/,
    );
  });
});

describe('which store: an explicit choice beats APPSTREAM_LOCAL_DATABASE_URL, and the ready line says which', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ linguisticCollation: false });
  });
  after(() => database?.drop());

  it('CLI: --in-memory with the variable set is memory, and says so', async () => {
    const child = await startChildServer(['--in-memory'], { env: { APPSTREAM_LOCAL_DATABASE_URL: database.url } });
    try {
      assert.match(child.stdout(), / \(store: memory; APPSTREAM_LOCAL_DATABASE_URL ignored: a store was chosen by flag, auth: parse\) /);
      const health = (await (await fetch(`${child.url}/_appstream/health`)).json()) as { store: string };
      assert.equal(health.store, 'memory');
    } finally {
      await child.stop();
    }
  });

  it('CLI: the variable alone selects PostgreSQL; without it, --in-memory says "store: memory" once', async () => {
    const pg = await startChildServer([], { env: { APPSTREAM_LOCAL_DATABASE_URL: database.url } });
    try {
      assert.match(pg.stdout(), / \(store: postgres postgres:\/\/postgres@127\.0\.0\.1:5432\/asl_test_\w+, auth: parse\) /);
    } finally {
      await pg.stop();
    }
    // Empty is unset (the child's environment is this one's plus these).
    const mem = await startChildServer(['--in-memory'], { env: { APPSTREAM_LOCAL_DATABASE_URL: '' } });
    try {
      assert.match(mem.stdout(), / \(store: memory, auth: parse\) /);
    } finally {
      await mem.stop();
    }
  });

  it('startServer: inMemory (or dataDir) with the variable set stays off the database', async () => {
    const saved = process.env['APPSTREAM_LOCAL_DATABASE_URL'];
    process.env['APPSTREAM_LOCAL_DATABASE_URL'] = database.url;
    try {
      const mem = await startServer({ inMemory: true, port: 0, logLevel: 'silent' });
      assert.equal(mem.storeKind, 'memory');
      await mem.close();
      const dir = tempDir();
      const file = await startServer({ dataDir: dir, port: 0, logLevel: 'silent' });
      assert.equal(file.storeKind, 'sqlite');
      assert.equal(file.storeLocation, join(dir, 'appstream-local.sqlite'));
      await file.close();
      const fromEnv = await startServer({ port: 0, logLevel: 'silent' });
      assert.equal(fromEnv.storeKind, 'postgres');
      await fromEnv.close();
      await assert.rejects(startServer({ inMemory: true, databaseUrl: database.url, port: 0 }), {
        name: 'StartupError',
        message: '--in-memory (inMemory) and --database-url (databaseUrl) exclude each other',
      });
      process.env['APPSTREAM_LOCAL_DATABASE_URL'] = 'mysql://x';
      await assert.rejects(startServer({ port: 0 }), { message: 'APPSTREAM_LOCAL_DATABASE_URL must be a postgres:// URL, got "mysql://x"' });
    } finally {
      if (saved === undefined) delete process.env['APPSTREAM_LOCAL_DATABASE_URL'];
      else process.env['APPSTREAM_LOCAL_DATABASE_URL'] = saved;
    }
  });
});

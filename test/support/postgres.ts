// PostgreSQL for tests: a fresh database per test file (or per benchmark run), dropped after.
// The server is the one CI starts (.ci/run): 127.0.0.1:5432, trust auth, user postgres.
// APPSTREAM_LOCAL_TEST_POSTGRES_URL points elsewhere (a URL of any database of that server).
// When the server cannot be reached, createTestDatabase fails with a message that says why:
// PostgreSQL tests are not skipped silently.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env['APPSTREAM_LOCAL_TEST_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** postgres://... of the new database. */
  url: string;
  name: string;
  /** Drops the database, disconnecting whatever is still connected. Safe to call twice. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
        `The PostgreSQL store's tests need it: start it (CI's .ci/run does \`pg_ctlcluster <version> main start\`), ` +
        `or set APPSTREAM_LOCAL_TEST_POSTGRES_URL.`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface CreateTestDatabaseOptions {
  /**
   * Make the database's default collation a linguistic one (ICU en-US) when the server has ICU,
   * so that tests prove our byte-wise ordering does not depend on the database's locale.
   * Default true.
   */
  linguisticCollation?: boolean;
}

/** Creates `asl_test_<random>` and answers its URL and a drop(). */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `asl_test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    // template0: never has connections, so concurrent creations cannot collide on the template.
    const plain = `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`;
    if (options.linguisticCollation ?? true) {
      try {
        await client.query(`${plain} LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
        return;
      } catch {
        // No ICU (or PostgreSQL < 15): the plain database still tests everything else.
      }
    }
    await client.query(plain);
  });
  let dropped = false;
  return {
    url: withDatabase(TEST_POSTGRES_URL, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(async (client) => {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } catch {
          // Before PostgreSQL 13: no FORCE; end the sessions first.
          await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
          await client.query(`DROP DATABASE IF EXISTS ${name}`);
        }
      });
    },
  };
}

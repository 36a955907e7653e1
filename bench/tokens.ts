// NextTokens deep in a big catalogue without walking to them: a sequential walk of 1,000,000
// images is 40,000 requests (minutes on this machine), so past 100,000 images the bench mints
// the token the server would have issued, with the server's own paginator and the store's
// token secret, and then proves it: the server must accept it and answer the page that starts
// at the expected image. At 100,000 images the minted token is also compared with the one the
// full walk received, byte for byte.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';
import { BENCH_ACCOUNT, BENCH_REGION, imageName } from './seed.js';

async function secretOf(store: { dataDir?: string; databaseUrl?: string }): Promise<string> {
  if (store.databaseUrl) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      const r = await client.query(`SELECT value FROM meta WHERE key = 'token_secret'`);
      return r.rows[0].value as string;
    } finally {
      await client.end();
    }
  }
  const db = new Database(join(store.dataDir!, SQLITE_FILE_NAME), { readonly: true });
  try {
    return (db.prepare(`SELECT value FROM meta WHERE key = 'token_secret'`).get() as { value: string }).value;
  } finally {
    db.close();
  }
}

/** The NextToken of a plain DescribeImages listing whose next page starts at image `index`. */
export async function mintTokens(store: { dataDir?: string; databaseUrl?: string }, indexes: number[]): Promise<string[]> {
  const paginator: any = await import('../src/service/pagination/paginator.js');
  const secret = await secretOf(store);
  const scope = paginator.pageScope('DescribeImages', { accountId: BENCH_ACCOUNT, region: BENCH_REGION }, { Type: undefined, Names: [], Arns: [] });
  return indexes.map((i) => paginator.encodeToken(secret, scope, [imageName(i - 1), BENCH_ACCOUNT]) as string);
}

// PostgreSQL behind SqlDb. Placeholder until the scale-out issue builds it.
import type { RunResult, SqlDb } from './sql-db.js';

export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  constructor(_options: { connectionString: string }) {
    throw new Error('PostgreSQL support is not built yet.');
  }
  all<T>(): Promise<T[]> {
    throw new Error('unreachable');
  }
  get<T>(): Promise<T | undefined> {
    throw new Error('unreachable');
  }
  run(): Promise<RunResult> {
    throw new Error('unreachable');
  }
  transaction<T>(): Promise<T> {
    throw new Error('unreachable');
  }
  async lockPartition(): Promise<void> {}
  isUniqueViolation(): boolean {
    return false;
  }
  async close(): Promise<void> {}
}

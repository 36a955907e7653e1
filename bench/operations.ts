// The Describe operations the bench measures, one entry each: what to seed (rows of the
// family's table, straight into the store) and which member of the answer lists them. A family
// that lands adds its entry here (a RowSeed with a realistic doc in bench/seed.ts); the load
// runs, the bare ceiling and the computed/cached ratios then cover it.
import { IMAGE_BUILDER_ROWS, IMAGE_ROWS, seedRowsPostgres, seedRowsSqlite, type RowSeed } from './seed.js';

export interface BenchOperation {
  /** The API operation (`DescribeImages`). */
  operation: string;
  /** The answer's list member (`Images`). */
  listMember: string;
  /** Its rows (bench/seed.ts). */
  rows: RowSeed;
  /** Whether the operation answers repeated reads from the read cache (src/service/read-cache.ts). */
  readCache: boolean;
  seedSqlite(dataDir: string, count: number): Promise<{ ms: number; bytes: number }>;
  seedPostgres(url: string, count: number): Promise<{ ms: number }>;
}

function operation(operation: string, listMember: string, rows: RowSeed, readCache: boolean): BenchOperation {
  return {
    operation,
    listMember,
    rows,
    readCache,
    seedSqlite: (dataDir, count) => seedRowsSqlite(dataDir, count, rows),
    seedPostgres: (url, count) => seedRowsPostgres(url, count, rows),
  };
}

export const BENCH_OPERATIONS: readonly BenchOperation[] = [
  operation('DescribeImages', 'Images', IMAGE_ROWS, true),
  operation('DescribeImageBuilders', 'ImageBuilders', IMAGE_BUILDER_ROWS, false),
];

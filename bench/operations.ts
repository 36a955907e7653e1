// The Describe operations the bench measures, one entry each: what to seed (rows of the
// family's table, straight into the store), what every request of it carries, and which member
// of the answer lists them. A family that lands adds its entry here (a RowSeed with a realistic
// doc in bench/seed.ts); the load runs, the bare ceiling and the computed/cached ratios then
// cover it, and bench/families.ts takes its fleets and stacks from here.
import { FLEET_ROWS, IMAGE_BUILDER_ROWS, IMAGE_ROWS, rowName, seedRowsPostgres, seedRowsSqlite, STACK_ROWS, USER_ROWS, type RowSeed } from './seed.js';

export interface BenchOperation {
  /** The API operation (`DescribeImages`). */
  operation: string;
  /** The answer's list member (`Images`). */
  listMember: string;
  /** The member of a listed item that holds its name (`Name`; `UserName` for users). */
  nameMember: string;
  /**
   * The members of every request of it besides NextToken: the page size where the operation
   * has one (DescribeFleets and DescribeStacks have none and page by 25), and what it requires
   * (DescribeUsers: AuthenticationType).
   */
  input: Readonly<Record<string, unknown>>;
  /** Its rows (bench/seed.ts). */
  rows: RowSeed;
  /** Whether the operation answers repeated reads from the read cache (src/service/read-cache.ts). */
  readCache: boolean;
  seedSqlite(dataDir: string, count: number): Promise<{ ms: number; bytes: number }>;
  seedPostgres(url: string, count: number): Promise<{ ms: number }>;
}

/** Items per page in every request of the bench (the servers' default and maximum for these operations). */
export const PAGE_SIZE = 25;

function operation(operation: string, listMember: string, rows: RowSeed, options: { readCache?: boolean; input?: Record<string, unknown>; nameMember?: string } = {}): BenchOperation {
  return {
    operation,
    listMember,
    nameMember: options.nameMember ?? 'Name',
    input: options.input ?? { MaxResults: PAGE_SIZE },
    rows,
    readCache: options.readCache ?? false,
    seedSqlite: (dataDir, count) => seedRowsSqlite(dataDir, count, rows),
    seedPostgres: (url, count) => seedRowsPostgres(url, count, rows),
  };
}

export const BENCH_OPERATIONS: readonly BenchOperation[] = [
  operation('DescribeImages', 'Images', IMAGE_ROWS, { readCache: true }),
  operation('DescribeImageBuilders', 'ImageBuilders', IMAGE_BUILDER_ROWS),
  operation('DescribeFleets', 'Fleets', FLEET_ROWS, { input: {} }),
  operation('DescribeStacks', 'Stacks', STACK_ROWS, { input: {} }),
  operation('DescribeUsers', 'Users', USER_ROWS, { input: { AuthenticationType: 'USERPOOL', MaxResults: PAGE_SIZE }, nameMember: 'UserName' }),
];

/** The entry of `name`, or an error naming the ones there are. */
export function benchOperation(name: string): BenchOperation {
  const found = BENCH_OPERATIONS.find((o) => o.operation === name);
  if (!found) throw new Error(`no bench operation ${name}: one of ${BENCH_OPERATIONS.map((o) => o.operation).join(', ')}`);
  return found;
}

/** The request members of one page of `op`: its fixed members, and the token of a later page. */
export function pageInput(op: BenchOperation, token?: string): Record<string, unknown> {
  return token ? { ...op.input, NextToken: token } : { ...op.input };
}

/**
 * Why an answer of `op` is not one to measure (undefined when it is): not a 200, or not
 * `expected` items, or not the items from `firstIndex` on (by name). `body` is the decoded answer.
 */
export function answerProblem(op: BenchOperation, status: number, body: unknown, expected: number, firstIndex: number): string | undefined {
  if (status !== 200) return `answered ${status}: ${JSON.stringify(body).slice(0, 300)}`;
  const items = (body as Record<string, unknown>)[op.listMember];
  if (!Array.isArray(items)) return `answered no ${op.listMember} list`;
  if (items.length !== expected) return `answered ${items.length} ${op.listMember} (expected ${expected})`;
  const first = (items[0] as Record<string, unknown> | undefined)?.[op.nameMember];
  if (expected > 0 && first !== rowName(op.rows, firstIndex)) return `answered a page starting at ${String(first)} (expected ${rowName(op.rows, firstIndex)})`;
  return undefined;
}

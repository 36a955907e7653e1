// Queries of the Elastic families (SPEC-rest §7, §10) that the generic repository does not
// answer: associations listed by the child across parents (an app block's builders, an
// application's fleets), and export image tasks newest first, filtered by their state at a
// given time.
import type { Partition, ResourceTableSpec } from './resource-repo.js';
import type { SqlDb, SqlValue } from './sql-db.js';
import { EXPORT_IMAGE_TASKS } from './tables.js';

const EXISTS = '(gone_ms IS NULL OR gone_ms > ?)';

/** Width of `settles_at`: text order equals time order for any emulated ms below 10^15. */
const SETTLES_WIDTH = 15;

/** `ms` as the export tasks table stores `settles_at`. */
export function settlesAtText(ms: number): string {
  return String(Math.max(0, Math.min(10 ** SETTLES_WIDTH - 1, Math.floor(ms)))).padStart(SETTLES_WIDTH, '0');
}

/**
 * The parents (in byte order, after `afterParent`) of the existing rows of a child table whose
 * reference column `column` is `value`: e.g. the builders an app block is associated with.
 * `spec` must declare a parent column and `column` as a reference.
 */
export async function parentsByRef(
  db: SqlDb,
  spec: ResourceTableSpec,
  part: Partition,
  nowMs: number,
  column: string,
  value: string,
  afterParent: string | null,
  limit: number,
): Promise<string[]> {
  const parent = spec.parentColumn;
  if (!parent || !(spec.refColumns ?? []).includes(column)) throw new Error(`${spec.table}: no parent column, or '${column}' is not a reference`);
  const params: SqlValue[] = [part.accountId, part.region, value, nowMs];
  let after = '';
  if (afterParent !== null) {
    after = ` AND ${parent} > ?`;
    params.push(afterParent);
  }
  const rows = await db.all<{ p: string }>(
    `SELECT DISTINCT ${parent} AS p FROM ${spec.table} WHERE account_id = ? AND region = ? AND ${column} = ? AND ${EXISTS}${after} ORDER BY ${parent} LIMIT ?`,
    [...params, limit],
  );
  return rows.map((r) => r.p);
}

/** What ListExportImageTasks selects. */
export interface ExportTaskQuery {
  /** Keyset position: the (created ms, task id) of the last task of the previous page. */
  after: { createdMs: number; taskId: string } | null;
  limit: number;
  /** Only tasks of these image names (OR). */
  imageNames?: readonly string[];
  /** Only tasks in these states at `nowMs` (OR). EXPORTING means "not settled yet". */
  states?: readonly string[];
}

/**
 * The task ids of one page of export image tasks, newest first (created time, then task id,
 * both descending).
 */
export async function pageExportTaskIds(db: SqlDb, part: Partition, nowMs: number, query: ExportTaskQuery): Promise<string[]> {
  const t = EXPORT_IMAGE_TASKS.table;
  const clauses = ['account_id = ?', 'region = ?', EXISTS];
  const params: SqlValue[] = [part.accountId, part.region, nowMs];
  if (query.imageNames) {
    if (query.imageNames.length === 0) return [];
    clauses.push(`image_name IN (${query.imageNames.map(() => '?').join(', ')})`);
    params.push(...query.imageNames);
  }
  if (query.states) {
    const now = settlesAtText(nowMs);
    const settled = query.states.filter((s) => s !== 'EXPORTING');
    const alternatives: string[] = [];
    if (query.states.includes('EXPORTING')) {
      alternatives.push('settles_at > ?');
      params.push(now);
    }
    if (settled.length > 0) {
      alternatives.push(`(settles_at <= ? AND final_state IN (${settled.map(() => '?').join(', ')}))`);
      params.push(now, ...settled);
    }
    if (alternatives.length === 0) return [];
    clauses.push(`(${alternatives.join(' OR ')})`);
  }
  if (query.after) {
    clauses.push('(created_ms < ? OR (created_ms = ? AND name < ?))');
    params.push(query.after.createdMs, query.after.createdMs, query.after.taskId);
  }
  const rows = await db.all<{ name: string }>(
    `SELECT name FROM ${t} WHERE ${clauses.join(' AND ')} ORDER BY created_ms DESC, name DESC LIMIT ?`,
    [...params, query.limit],
  );
  return rows.map((r) => r.name);
}

/** How many export image tasks of the partition are still EXPORTING at `nowMs` (the quota's count). */
export async function countExportingTasks(db: SqlDb, part: Partition, nowMs: number): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM ${EXPORT_IMAGE_TASKS.table} WHERE account_id = ? AND region = ? AND settles_at > ? AND ${EXISTS}`,
    [part.accountId, part.region, settlesAtText(nowMs), nowMs],
  );
  return Number(row?.n ?? 0);
}

/** The id of an export image task of the image `imageName` still EXPORTING at `nowMs`, if any (DeleteImage refuses then). */
export async function exportingTaskOf(db: SqlDb, part: Partition, imageName: string, nowMs: number): Promise<string | undefined> {
  const row = await db.get<{ name: string }>(
    `SELECT name FROM ${EXPORT_IMAGE_TASKS.table} WHERE account_id = ? AND region = ? AND image_name = ? AND settles_at > ? AND ${EXISTS} ORDER BY name LIMIT 1`,
    [part.accountId, part.region, imageName, settlesAtText(nowMs), nowMs],
  );
  return row?.name;
}

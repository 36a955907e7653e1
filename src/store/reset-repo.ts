// Deleting an account's rows (or all rows) of one table: the control API's reset.
import type { SqlDb } from './sql-db.js';

/** A table and how its rows name their account. */
export interface AccountRows {
  readonly table: string;
  /** Columns holding an account id; a row goes when any of them is the account. */
  readonly accountColumns?: readonly string[];
  /** A column holding an AppStream ARN, whose account field names the account (tags). */
  readonly arnColumn?: string;
}

/** Deletes the rows of `accountId` (every row when undefined); answers how many went. */
export async function deleteAccountRows(db: SqlDb, rows: AccountRows, accountId?: string): Promise<number> {
  if (accountId === undefined) return (await db.run(`DELETE FROM ${rows.table}`)).changes;
  const clauses = (rows.accountColumns ?? []).map((c) => `${c} = ?`);
  const params: string[] = (rows.accountColumns ?? []).map(() => accountId);
  if (rows.arnColumn) {
    // arn:<partition>:appstream:<region>:<account>:<type>/<name>
    clauses.push(`${rows.arnColumn} LIKE ?`);
    params.push(`arn:%:appstream:%:${accountId}:%`);
  }
  return (await db.run(`DELETE FROM ${rows.table} WHERE ${clauses.join(' OR ')}`, params)).changes;
}

// Failures on purpose: rules that make the next N transitions of an operation end in FAILED.
// A rule names an operation and optionally an account (null: any account).
import type { SqlDb } from './sql-db.js';

export interface FailureRuleRecord {
  id: number;
  operation: string;
  accountId: string | null;
  remaining: number;
  /** The error code the failure reports (e.g. a FleetErrorCode); null: the operation's default. */
  errorCode: string | null;
}

interface RuleRow {
  id: number | string;
  operation: string;
  account_id: string | null;
  remaining: number | string;
  error_code: string | null;
}

const toRule = (r: RuleRow): FailureRuleRecord => ({
  id: Number(r.id),
  operation: r.operation,
  accountId: r.account_id,
  remaining: Number(r.remaining),
  errorCode: r.error_code ?? null,
});

export async function addFailureRule(db: SqlDb, operation: string, accountId: string | null, count: number, errorCode: string | null = null): Promise<void> {
  await db.run(`INSERT INTO failure_rules (operation, account_id, remaining, error_code) VALUES (?, ?, ?, ?)`, [operation, accountId, count, errorCode]);
}

export async function listFailureRules(db: SqlDb): Promise<FailureRuleRecord[]> {
  return (await db.all<RuleRow>(`SELECT id, operation, account_id, remaining, error_code FROM failure_rules WHERE remaining > 0 ORDER BY id`)).map(toRule);
}

/**
 * Consumes one failure of `operation` for `accountId` if a rule has one left (the oldest
 * matching rule first). Call inside the transaction that makes the transition, so the failure
 * is used exactly when the transition commits. Race-safe: the decrement is conditional.
 */
export async function consumeFailureRule(db: SqlDb, operation: string, accountId: string): Promise<boolean> {
  return (await takeFailureRule(db, operation, accountId)) !== undefined;
}

/** As consumeFailureRule, answering the consumed rule (its error code), or undefined when none applies. */
export async function takeFailureRule(db: SqlDb, operation: string, accountId: string): Promise<FailureRuleRecord | undefined> {
  const candidates = await db.all<RuleRow>(
    `SELECT id, operation, account_id, remaining, error_code FROM failure_rules
      WHERE operation = ? AND (account_id IS NULL OR account_id = ?) AND remaining > 0 ORDER BY id`,
    [operation, accountId],
  );
  for (const rule of candidates) {
    const r = await db.run(`UPDATE failure_rules SET remaining = remaining - 1 WHERE id = ? AND remaining > 0`, [Number(rule.id)]);
    if (r.changes > 0) {
      await db.run(`DELETE FROM failure_rules WHERE id = ? AND remaining <= 0`, [Number(rule.id)]);
      return toRule(rule);
    }
  }
  return undefined;
}

/** Removes every rule (of an account, or all) — the control API's reset. */
export async function deleteAllFailureRules(db: SqlDb, accountId?: string): Promise<number> {
  return accountId === undefined
    ? (await db.run(`DELETE FROM failure_rules`)).changes
    : (await db.run(`DELETE FROM failure_rules WHERE account_id = ?`, [accountId])).changes;
}

// License-included software associated with image builders. The deployment status is a
// schedule like every other state (doc.schedule); the `status` column holds its last planned
// status. A schedule ending in REMOVED means the association goes away at that time.
import type { ScheduledState } from '../core/schedule.js';
import type { SqlDb } from './sql-db.js';

export interface SoftwareDoc {
  schedule: ScheduledState[];
  DeploymentError?: { ErrorCode?: string; ErrorMessage?: string }[];
}

export interface SoftwareAssociationRecord {
  accountId: string;
  region: string;
  builderName: string;
  softwareName: string;
  doc: SoftwareDoc;
}

interface SoftwareRow {
  account_id: string;
  region: string;
  builder_name: string;
  software_name: string;
  status: string;
  doc: string;
}

const toRecord = (r: SoftwareRow): SoftwareAssociationRecord => ({
  accountId: r.account_id,
  region: r.region,
  builderName: r.builder_name,
  softwareName: r.software_name,
  doc: JSON.parse(r.doc) as SoftwareDoc,
});

/** Inserts or replaces an association. */
export async function putSoftwareAssociation(db: SqlDb, a: SoftwareAssociationRecord): Promise<void> {
  const last = a.doc.schedule[a.doc.schedule.length - 1]?.state ?? 'STAGED_FOR_INSTALLATION';
  await db.run(
    `INSERT INTO software_associations (account_id, region, builder_name, software_name, status, doc) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, region, builder_name, software_name) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
    [a.accountId, a.region, a.builderName, a.softwareName, last, JSON.stringify(a.doc)],
  );
}

export async function deleteSoftwareAssociation(db: SqlDb, accountId: string, region: string, builderName: string, softwareName: string): Promise<void> {
  await db.run(`DELETE FROM software_associations WHERE account_id = ? AND region = ? AND builder_name = ? AND software_name = ?`, [
    accountId,
    region,
    builderName,
    softwareName,
  ]);
}

/** Every association of a builder, in software name order (removed ones included: filter by schedule). */
export async function listSoftwareAssociations(db: SqlDb, accountId: string, region: string, builderName: string): Promise<SoftwareAssociationRecord[]> {
  const rows = await db.all<SoftwareRow>(
    `SELECT * FROM software_associations WHERE account_id = ? AND region = ? AND builder_name = ? ORDER BY software_name`,
    [accountId, region, builderName],
  );
  return rows.map(toRecord);
}

/** Removes every association of a builder (when the builder is deleted or its name reused). */
export async function deleteBuilderSoftware(db: SqlDb, accountId: string, region: string, builderName: string): Promise<void> {
  await db.run(`DELETE FROM software_associations WHERE account_id = ? AND region = ? AND builder_name = ?`, [accountId, region, builderName]);
}

/** Removes every association of an account (or all accounts) — the control API's reset. */
export async function deleteAllSoftwareAssociations(db: SqlDb, accountId?: string): Promise<number> {
  return accountId === undefined
    ? (await db.run(`DELETE FROM software_associations`)).changes
    : (await db.run(`DELETE FROM software_associations WHERE account_id = ?`, [accountId])).changes;
}

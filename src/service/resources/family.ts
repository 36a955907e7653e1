// What a resource family declares once, so that the cross-cutting code (tags, reset, the
// console's account list, quotas, purging deleted rows, seeding) loops over the registry
// instead of naming families. A family's folder exports one of these from `family.ts`, which
// imports nothing of its handlers (the registry must not pull handlers into cycles).
import type { Quotas } from '../../config.js';
import type { Partition, ResourceRepo } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import type { StateMachine } from './state-machine.js';

/** A table whose rows belong to an account, and the column that names it (reset, the console). */
export interface AccountColumn {
  readonly table: string;
  readonly account: string;
}

/** One load of a seed document: its time, and what its earlier entries wrote. */
export interface SeedRun {
  /** Emulated now (epoch ms) and one transition step (ms). */
  readonly nowMs: number;
  readonly stepMs: number;
  /** Records written by earlier entries of this document, by a key their section chooses (`image:<account>/<region>/<name>`). */
  readonly written: Map<string, unknown>;
}

/** One kind of entry of the seed document (POST /_appstream/seed), owned by a family. */
export interface SeedSection<Entry = unknown> {
  /** The document's key (`fleets`); the answer counts entries under it. */
  readonly key: string;
  /** Checks one entry (before anything is written); throws SeedError naming it (`fleets[2] ("f"): ...`). */
  read(entry: unknown, index: number, run: SeedRun): Entry;
  /** Two entries of a document with the same identity are refused. */
  identity(entry: Entry): string;
  /** Writes one checked entry, replacing a row with the same key (inside the seed's one transaction; quotas bypassed). */
  write(tx: SqlDb, entry: Entry, run: SeedRun): Promise<void>;
}

export interface ResourceFamily {
  /** What one resource is called in messages and the console (`fleet`, `image builder`). */
  readonly kind: string;
  /** The ARN's resource type (`arn:…:fleet/<name>`); absent: the family has no ARN. */
  readonly arnType?: string;
  /** Whether TagResource, UntagResource and ListTagsForResource accept its ARN. */
  readonly taggable: boolean;
  /** The family's generic repository; absent for those with a repo of their own. */
  readonly repo?: ResourceRepo<unknown>;
  /** The key of `settings.quotas` counted per account and region (LimitExceededException). */
  readonly quota?: keyof Quotas;
  /** Deleted resources linger (a future gone_ms) and are purged by writes of their partition. */
  readonly deletesLater?: boolean;
  /** Tables and account columns for reset and the console; default: the repo's table by account_id. */
  readonly accountColumns?: readonly AccountColumn[];
  /** Whether the caller's resource named `name` exists now (tags); default: the repo's get. */
  exists?(db: SqlDb, part: Partition, name: string, nowMs: number): Promise<boolean>;
  /** The family's states and transitions (seeding, the console's live states derive from it). */
  readonly states?: StateMachine<string>;
  /** The seed document's sections of this family. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each section has its own entry type
  readonly seed?: readonly SeedSection<any>[];
}

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

/**
 * Rows of a family that belong to a resource of another family (its parent) and are deleted
 * with it, in the parent's deleting transaction: a stack's fleet associations, theme, user
 * associations and entitlements go with DeleteStack. A family declares these in `dependents`;
 * the parent's delete runs every declaration naming its kind (registry: dependentsOf).
 */
export interface DependentRows {
  /** The parent family's `kind` (`stack`). */
  readonly parentKind: string;
  /** What the rows are (`fleet associations`), for readers and errors. */
  readonly what: string;
  /** Deletes the rows of the parent `parentName` in `part`; answers how many went. */
  remove(tx: SqlDb, part: Partition, parentName: string, nowMs: number): Promise<number>;
}

/**
 * A reason another family has for refusing a change of this one (ResourceInUseException):
 * active sessions forbid DisassociateFleet. `change` names the change (the operation), `subject`
 * its keys (`{ StackName, FleetName }`); `check` answers the refusal's text, or undefined.
 */
export interface InUseCheck {
  readonly change: string;
  check(tx: SqlDb, part: Partition, subject: Readonly<Record<string, string>>, nowMs: number): Promise<string | undefined>;
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
  /** Rows of this family deleted with a parent of another (or this) family. */
  readonly dependents?: readonly DependentRows[];
  /** Changes of other families that this family's rows may refuse. */
  readonly inUseChecks?: readonly InUseCheck[];
}

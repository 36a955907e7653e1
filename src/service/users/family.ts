// The user pool family (SPEC-rest §5): users, and their stack associations as children of
// stacks. Users have ARNs (`user/userpool/<uuid>`) but are not taggable.
import { createHash } from 'node:crypto';
import type { User } from '../../generated/shapes.js';
import { partitionOf } from '../arns.js';
import { ResourceRepo, type Partition, type ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { USER_STACK_ASSOCIATIONS, USERS } from '../../store/tables.js';
import type { ResourceFamily, SeedSection } from '../resources/family.js';
import { compact, entryPartition, entryReader, SeedError } from '../seed/seed-reader.js';
import { stackTable } from '../stacks/family.js';
import { deletedWithStack } from '../stacks/stack-store.js';
import { replaceRow } from '../seed/replace-row.js';

/**
 * A stored user: what is not derived on read (UserName is the key, CreatedTime the row, Arn
 * from `Id`, AuthenticationType is always USERPOOL).
 */
export interface UserDoc {
  /** The UUID of the user's ARN (AWS: `user/userpool/<uuid>`, never the e-mail). */
  Id: string;
  Enabled: boolean;
  Status: string;
  FirstName?: string;
  LastName?: string;
}

export type UserRecord = ResourceRecord<UserDoc>;

export const userTable = new ResourceRepo<UserDoc>(USERS);

/** User-stack associations: parent = stack name, name = user name, refs.user_name = the user. */
export const userStackTable = new ResourceRepo<Record<string, never>>(USER_STACK_ASSOCIATIONS);

/**
 * DECISION (SPEC-rest §5.2, §15.11): a new user is FORCE_CHANGE_PASSWORD (the pool is
 * Cognito-based: a temporary password is mailed); the control API's confirm makes it CONFIRMED.
 */
export const USER_STATUS = { created: 'FORCE_CHANGE_PASSWORD', confirmed: 'CONFIRMED' } as const;

/** The statuses a seeded user may have: the model's documented values and the two above. */
const SEED_STATUSES = ['FORCE_CHANGE_PASSWORD', 'CONFIRMED', 'UNCONFIRMED', 'ARCHIVED', 'COMPROMISED', 'RESET_REQUIRED', 'UNKNOWN'];

/** `arn:<partition>:appstream:<region>:<account>:user/userpool/<uuid>` (SPEC-rest §0). */
export function userArn(part: Partition, id: string): string {
  return `arn:${partitionOf(part.region)}:appstream:${part.region}:${part.accountId}:user/userpool/${id}`;
}

/** The wire User. */
export function viewUser(record: UserRecord): User {
  const user: User = { Arn: userArn(record, record.doc.Id), UserName: record.name, Enabled: record.doc.Enabled, Status: record.doc.Status, AuthenticationType: 'USERPOOL' };
  if (record.doc.FirstName !== undefined) user.FirstName = record.doc.FirstName;
  if (record.doc.LastName !== undefined) user.LastName = record.doc.LastName;
  user.CreatedTime = new Date(record.createdMs);
  return user;
}

/** Writes a user-stack association (idempotent: an existing pair stays as it is). */
export async function putUserStackAssociation(tx: SqlDb, part: Partition, stackName: string, userName: string, nowMs: number): Promise<void> {
  if (await userStackTable.get(tx, part, userName, nowMs, stackName)) return;
  await userStackTable.insert(tx, { ...part, parent: stackName, name: userName, createdMs: nowMs, schedule: [], goneMs: null, doc: {}, refs: { user_name: userName } }, nowMs);
}

/** Why a user-pool user may not stream from a stack, or 'ok'. */
export type UserStackAccess = 'ok' | 'USER_NOT_FOUND' | 'USER_DISABLED' | 'NOT_ASSOCIATED';

/**
 * For USERPOOL sessions (SPEC-rest §4.3): whether user `userName` (exact case) exists, is
 * enabled and is associated with stack `stackName` at `nowMs`. Takes any handle (a
 * transaction's `tx` inside a write).
 */
export async function userStackAccess(db: SqlDb, part: Partition, userName: string, stackName: string, nowMs: number): Promise<UserStackAccess> {
  const user = await userTable.get(db, part, userName, nowMs);
  if (!user) return 'USER_NOT_FOUND';
  if (!user.doc.Enabled) return 'USER_DISABLED';
  return (await userStackTable.get(db, part, userName, nowMs, stackName)) ? 'ok' : 'NOT_ASSOCIATED';
}

/**
 * DECISION: a seeded user without an Arn gets a UUID derived from its account, region and
 * name, so that loading the same seed file at every start keeps its ARN.
 */
export function seededUserId(part: Partition, userName: string): string {
  const h = createHash('sha256').update(`${part.accountId}\0${part.region}\0${userName}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USERNAME_RE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const PERSON_NAME_RE = /^[A-Za-z0-9_\-\s]+$/;


/** Seed section `users`: User members in the wire spelling, plus AccountId and Region. */
const userSeed: SeedSection<UserRecord> = {
  key: 'users',
  read(entry, index, { nowMs }) {
    const r = entryReader('users', index, entry, 'UserName');
    r.onlyKeys(['AccountId', 'Region', 'UserName', 'FirstName', 'LastName', 'Enabled', 'Status', 'CreatedTime', 'AuthenticationType', 'Arn']);
    const part = entryPartition(r);
    const name = r.string('UserName', { required: true, re: USERNAME_RE, what: 'a user name (1 to 128 letters, marks, symbols, numbers or punctuation)' })!;
    r.oneOf('AuthenticationType', ['USERPOOL']);
    const arn = r.string('Arn');
    let id = seededUserId(part, name);
    if (arn !== undefined) {
      const prefix = userArn(part, '');
      if (!arn.startsWith(prefix) || !UUID_RE.test(arn.slice(prefix.length))) r.fail(`Arn '${arn}' must be ${prefix}<uuid> (or left out)`);
      id = arn.slice(prefix.length);
    }
    return {
      ...part,
      name,
      createdMs: r.time('CreatedTime') ?? nowMs,
      schedule: [],
      goneMs: null,
      doc: compact({
        Id: id,
        Enabled: r.boolean('Enabled') ?? true,
        Status: r.oneOf('Status', SEED_STATUSES) ?? USER_STATUS.created,
        FirstName: r.string('FirstName', { re: PERSON_NAME_RE, max: 2048, what: 'a name of letters, digits, _, - and spaces' }),
        LastName: r.string('LastName', { re: PERSON_NAME_RE, max: 2048, what: 'a name of letters, digits, _, - and spaces' }),
      }),
    };
  },
  identity: (r) => `${r.accountId}/${r.region}/${r.name}`,
  async write(tx, record, { nowMs }) {
    await replaceRow(tx, userTable, record, nowMs);
  },
};

interface SeedAssociation {
  label: string;
  part: Partition;
  stackName: string;
  userName: string;
}

/** Seed section `userStackAssociations`: {AccountId, Region, StackName, UserName}; both must exist. */
const userStackSeed: SeedSection<SeedAssociation> = {
  key: 'userStackAssociations',
  read(entry, index) {
    const r = entryReader('userStackAssociations', index, entry, 'UserName');
    r.onlyKeys(['AccountId', 'Region', 'StackName', 'UserName', 'AuthenticationType', 'SendEmailNotification']);
    r.oneOf('AuthenticationType', ['USERPOOL']);
    r.boolean('SendEmailNotification');
    return {
      label: r.label,
      part: entryPartition(r),
      stackName: r.string('StackName', { required: true })!,
      userName: r.string('UserName', { required: true })!,
    };
  },
  identity: (a) => `${a.part.accountId}/${a.part.region}/${a.stackName}/${a.userName}`,
  async write(tx, a, { nowMs }) {
    if (!(await stackTable.get(tx, a.part, a.stackName, nowMs))) {
      throw new SeedError(`${a.label}: account ${a.part.accountId} has no stack ${a.stackName} in ${a.part.region} (seed it first)`);
    }
    if (!(await userTable.get(tx, a.part, a.userName, nowMs))) {
      throw new SeedError(`${a.label}: account ${a.part.accountId} has no user ${a.userName} in ${a.part.region} (seed it in users)`);
    }
    await putUserStackAssociation(tx, a.part, a.stackName, a.userName, nowMs);
  },
};

export const userFamily: ResourceFamily = {
  kind: 'user',
  taggable: false,
  repo: userTable,
  quota: 'users',
  accountColumns: [
    { table: userTable.table, account: 'account_id' },
    { table: userStackTable.table, account: 'account_id' },
  ],
  seed: [userSeed, userStackSeed],
  // DeleteStack leaves no dangling user associations (SPEC-rest §2.5).
  dependents: [deletedWithStack('user associations', userStackTable as ResourceRepo<unknown>)],
};

// The stacks family's sections of the seed document (POST /_appstream/seed, `start --seed`):
//   stacks                  Stack members in their wire spelling (CreateStack's input, plus
//                           CreatedTime, Tags, StackErrors); the defaults of CreateStack apply;
//   themes                  CreateThemeForStack's input (TitleText, FooterLinks, ...), plus State
//                           and CreatedTime;
//   fleetStackAssociations  {AccountId, Region, StackName, FleetName}.
// Each entry is checked by the model's validator of the matching operation and by the family's
// input rules; references (a theme's stack, an association's fleet and stack) are checked
// against the store when written, so they may come from the same document. Seeding is
// idempotent: an entry replaces the row with the same key.
import { isAwsError } from '../../errors/aws-error.js';
import { StackErrorCode_VALUES, ThemeState_VALUES } from '../../generated/enums.js';
import type { OperationName } from '../../generated/operations.js';
import type { CreateStackRequest, CreateThemeForStackRequest, StackError, ThemeState } from '../../generated/shapes.js';
import { validateInput } from '../../generated/validators.js';
import type { Partition, ResourceRecord } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { fleetStackTable, fleetTable } from '../fleets/family.js';
import type { SeedRun, SeedSection } from '../resources/family.js';
import { ACCOUNT_RE, compact, EntryReader, isObj, NAME_RE, REGION_RE, SeedError } from '../seed/seed-reader.js';
import { newStackDoc } from './stack-settings.js';
import { associatedFleetName, MAX_FOOTER_LINKS, stackArn, stackTable, themeTable, type StackDoc, type ThemeDoc } from './stack-store.js';
import { tooManyFooterLinksText } from '../../errors/messages.js';
import { replaceRow } from '../seed/replace-row.js';

/** An entry's reader, its partition, and the members that remain for the operation's validator. */
function open(section: string, entry: unknown, index: number, nameKey: string, own: readonly string[], members: readonly string[]) {
  const label = `${section}[${index}]${isObj(entry) && typeof entry[nameKey] === 'string' ? ` ("${entry[nameKey]}")` : ''}`;
  if (!isObj(entry)) throw new SeedError(`${label}: must be an object`);
  const r = new EntryReader(label, entry);
  r.onlyKeys([...own, ...members]);
  const part: Partition = {
    accountId: r.string('AccountId', { required: true, re: ACCOUNT_RE, what: 'a 12-digit account id' })!,
    region: r.string('Region', { required: true, re: REGION_RE, what: 'a region like us-east-1' })!,
  };
  const rest = Object.fromEntries(Object.entries(entry).filter(([k, v]) => members.includes(k) && v !== null && v !== undefined));
  return { r, part, label, rest };
}

/** The model's checks of `operation`'s input on a seed entry (a ValidationException becomes a SeedError). */
function validated<T>(r: EntryReader, operation: OperationName, input: Record<string, unknown>): T {
  try {
    return validateInput(operation, structuredClone(input)) as T;
  } catch (error) {
    if (isAwsError(error)) r.fail(error.message);
    throw error;
  }
}

const STACK_MEMBERS = [
  'Name',
  'Description',
  'DisplayName',
  'StorageConnectors',
  'RedirectURL',
  'FeedbackURL',
  'UserSettings',
  'ApplicationSettings',
  'AccessEndpoints',
  'EmbedHostDomains',
  'StreamingExperienceSettings',
  'ContentRedirection',
  'AgentAccessConfig',
];

interface SeedStack {
  record: ResourceRecord<StackDoc>;
  tags: Record<string, string> | undefined;
}

/** Keys of run.written and of the sections' identities. */
const stackKey = (p: Partition, name: string) => `stack:${p.accountId}/${p.region}/${name}`;

const stacks: SeedSection<SeedStack> = {
  key: 'stacks',
  read(entry, index, run) {
    const { r, part, rest } = open('stacks', entry, index, 'Name', ['AccountId', 'Region', 'CreatedTime', 'Tags', 'Arn', 'StackErrors'], STACK_MEMBERS);
    const name = r.string('Name', { required: true, re: NAME_RE, what: 'a valid stack name' })!;
    const arn = r.string('Arn');
    if (arn !== undefined && arn !== stackArn(part.region, part.accountId, name)) r.fail(`Arn '${arn}' must be ${stackArn(part.region, part.accountId, name)} (or left out)`);
    const input = validated<CreateStackRequest>(r, 'CreateStack', rest);
    const doc = newStackDoc(input, name, part, (message) => new SeedError(`${r.label}: ${message}`));
    const errors = r.o['StackErrors'];
    if (errors !== undefined && errors !== null) {
      if (!Array.isArray(errors) || !errors.every((e) => isObj(e) && (e['ErrorCode'] === undefined || (StackErrorCode_VALUES as readonly unknown[]).includes(e['ErrorCode'])))) {
        r.fail(`StackErrors must be a list of {ErrorCode (${StackErrorCode_VALUES.join(', ')}), ErrorMessage}`);
      }
      doc.StackErrors = errors as StackError[];
    }
    return { record: { ...part, name, createdMs: r.time('CreatedTime') ?? run.nowMs, schedule: [], goneMs: null, doc }, tags: r.tags() };
  },
  identity: ({ record }) => stackKey(record, record.name),
  async write(tx, { record, tags }, run) {
    await replaceRow(tx, stackTable, record, run.nowMs, stackArn(record.region, record.accountId, record.name), tags);
  },
};

interface SeedTheme {
  label: string;
  record: ResourceRecord<ThemeDoc>;
}

const themes: SeedSection<SeedTheme> = {
  key: 'themes',
  read(entry, index, run) {
    const members = ['StackName', 'TitleText', 'ThemeStyling', 'OrganizationLogoS3Location', 'FaviconS3Location', 'FooterLinks'];
    const { r, part, label, rest } = open('themes', entry, index, 'StackName', ['AccountId', 'Region', 'State', 'CreatedTime'], members);
    const input = validated<CreateThemeForStackRequest>(r, 'CreateThemeForStack', rest);
    if ((input.FooterLinks?.length ?? 0) > MAX_FOOTER_LINKS) r.fail(tooManyFooterLinksText(MAX_FOOTER_LINKS, input.FooterLinks!.length));
    const doc: ThemeDoc = compact({
      State: (r.oneOf('State', ThemeState_VALUES) ?? 'ENABLED') as ThemeState,
      ThemeStyling: input.ThemeStyling,
      ThemeTitleText: input.TitleText,
      ThemeFooterLinks: input.FooterLinks?.length ? input.FooterLinks : undefined,
      OrganizationLogoS3Location: input.OrganizationLogoS3Location,
      FaviconS3Location: input.FaviconS3Location,
    });
    return { label, record: { ...part, name: input.StackName, createdMs: r.time('CreatedTime') ?? run.nowMs, schedule: [], goneMs: null, doc } };
  },
  identity: ({ record }) => stackKey(record, record.name),
  async write(tx, { label, record }, run) {
    await requireRow(tx, label, record, 'stack', record.name, run, (db, p, n, now) => stackTable.get(db, p, n, now));
    await replaceRow(tx, themeTable, record, run.nowMs);
  },
};

interface SeedAssociation extends Partition {
  label: string;
  stackName: string;
  fleetName: string;
}

const fleetStackAssociations: SeedSection<SeedAssociation> = {
  key: 'fleetStackAssociations',
  read(entry, index) {
    const { r, part, label } = open('fleetStackAssociations', entry, index, 'StackName', ['AccountId', 'Region', 'StackName', 'FleetName'], []);
    return {
      ...part,
      label,
      stackName: r.string('StackName', { required: true, re: NAME_RE, what: 'a valid stack name' })!,
      fleetName: r.string('FleetName', { required: true, re: NAME_RE, what: 'a valid fleet name' })!,
    };
  },
  identity: (a) => `${stackKey(a, a.stackName)}/fleet/${a.fleetName}`,
  async write(tx, a, run) {
    const { nowMs } = run;
    await requireRow(tx, a.label, a, 'stack', a.stackName, run, (db, p, n, now) => stackTable.get(db, p, n, now));
    await requireRow(tx, a.label, a, 'fleet', a.fleetName, run, (db, p, n, now) => fleetTable.get(db, p, n, now));
    const current = await associatedFleetName(tx, a, a.stackName, nowMs);
    if (current !== undefined && current !== a.fleetName) {
      throw new SeedError(`${a.label}: stack ${a.stackName} already has fleet ${current} (a stack has at most one fleet)`);
    }
    await fleetStackTable.remove(tx, a, a.fleetName, a.stackName);
    await fleetStackTable.insert(
      tx,
      { ...a, parent: a.stackName, name: a.fleetName, createdMs: nowMs, schedule: [], goneMs: null, doc: {}, refs: { fleet_name: a.fleetName } },
      nowMs,
    );
  },
};

/** A SeedError unless the referenced row exists (in the store, or written earlier by this seed). */
async function requireRow(
  tx: SqlDb,
  label: string,
  part: Partition,
  kind: string,
  name: string,
  run: SeedRun,
  get: (db: SqlDb, part: Partition, name: string, nowMs: number) => Promise<unknown>,
): Promise<void> {
  if (!(await get(tx, part, name, run.nowMs))) {
    throw new SeedError(`${label}: account ${part.accountId} has no ${kind} ${name} in ${part.region} (seed it in ${kind}s)`);
  }
}

/** The family's seed sections, in the order they are written. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each section has its own entry type
export const STACK_SEED_SECTIONS: readonly SeedSection<any>[] = [stacks, themes, fleetStackAssociations];

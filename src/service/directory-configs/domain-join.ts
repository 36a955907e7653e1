// Who uses a directory config, and the check of a DomainJoinInfo that fleets and image builders
// name (SPEC-rest §1.2, §8.1): the config must exist, and the OU must be one of its OUs.
import { directoryConfigOuUnknownText, resourceKindNotFound } from '../../errors/messages.js';
import type { AwsError } from '../../errors/aws-error.js';
import { imageBuilderTable } from '../../store/builders-repo.js';
import type { Partition } from '../../store/resource-repo.js';
import type { SqlDb } from '../../store/sql-db.js';
import { fleetTable } from '../fleets/family.js';
import { directoryConfigTable, type DirectoryConfigDoc } from './family.js';
import type { ResourceRecord } from '../../store/resource-repo.js';

/** A fleet or image builder that joins a directory config, and the OU it joins. */
export interface DirectoryConfigUser {
  kind: 'fleet' | 'image builder';
  name: string;
  ou: string | undefined;
}

/** Far more than any partition's fleets and builders (quotas are 10 by default). */
const MAX_USERS = 100_000;

/** The fleets, then the image builders (each in name order), that join directory config `name` now. */
export async function directoryConfigUsers(db: SqlDb, part: Partition, name: string, nowMs: number): Promise<DirectoryConfigUser[]> {
  const fleets = await fleetTable.findByRef(db, part, nowMs, 'directory_name', name, MAX_USERS);
  const builders = await imageBuilderTable.findByRef(db, part, nowMs, 'directory_name', name, MAX_USERS);
  return [
    ...fleets.map((f) => ({ kind: 'fleet' as const, name: f.name, ou: f.doc.DomainJoinInfo?.OrganizationalUnitDistinguishedName })),
    ...builders.map((b) => ({ kind: 'image builder' as const, name: b.name, ou: b.doc.DomainJoinInfo?.OrganizationalUnitDistinguishedName })),
  ];
}

/** DECISION: distinguished names compare without regard to case, as Active Directory compares them. */
export function sameOu(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The text of an unknown directory config, in every operation (SPEC-rest §15.6 form). */
export function directoryConfigNotFoundText(name: string): string {
  return resourceKindNotFound('directory config', name).message;
}

/**
 * Checks the DomainJoinInfo of a fleet or image builder (CreateFleet, UpdateFleet,
 * CreateImageBuilder) inside the write: a DirectoryName that names no directory config of the
 * caller answers ResourceNotFoundException; an OU that the config does not list answers
 * InvalidParameterCombinationException (DECISION, SPEC-rest §1.2). `errors` are the operation's
 * builders (errorsOf(op)). Answers the config, or undefined when no DirectoryName is given.
 */
export async function requireDomainJoin(
  tx: SqlDb,
  part: Partition,
  info: { DirectoryName?: string; OrganizationalUnitDistinguishedName?: string } | undefined,
  nowMs: number,
  errors: { ResourceNotFoundException(message: string): AwsError; InvalidParameterCombinationException(message: string): AwsError },
): Promise<ResourceRecord<DirectoryConfigDoc> | undefined> {
  const name = info?.DirectoryName;
  if (name === undefined) return undefined;
  const config = await directoryConfigTable.get(tx, part, name, nowMs);
  if (!config) throw errors.ResourceNotFoundException(directoryConfigNotFoundText(name));
  const ou = info?.OrganizationalUnitDistinguishedName;
  if (ou !== undefined && !(config.doc.OrganizationalUnitDistinguishedNames ?? []).some((o) => sameOu(o, ou))) {
    throw errors.InvalidParameterCombinationException(directoryConfigOuUnknownText(ou, name));
  }
  return config;
}

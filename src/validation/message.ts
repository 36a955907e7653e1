// Every text that input validation can send to a client, in one place.
//
// Two families (SPEC §1):
//
// 1. SerializationException: the input cannot be read as the model's shape (a member of the
//    wrong type, at any depth). AWS's own texts here come from its JSON/CBOR deserializer and are
//    not public, so these are ours. Form:
//        Value of '<wire path>' must be <expected>, got <kind>
//    e.g. `Value of 'MaxResults' must be an integer, got string`.
//    The wire path uses the member names exactly as sent, `.` between members, `[i]` (0-based)
//    for list elements and `["key"]` (JSON-quoted) for map values:
//        MaxResults, ImagePermissions.allowFleet, Names[0], AppCatalogConfig[2].Name, Tags["env"]
//
// 2. ValidationException: the input was read but violates a constraint of the model. These
//    follow AWS's (Coral's) form exactly:
//        <n> validation error(s) detected: <failure>; <failure>; ...
//        failure  = Value '<value>' at '<path>' failed to satisfy constraint: <constraint>
//    (`Value null at ...` when the member is missing; the count and joining are done by
//    `protocolErrors.validation` of src/errors/catalog.ts).
//    Path: the member names with their first letter lower-cased (`maxResults`), joined with `.`
//    (`vpcConfig.subnetIds`; wire-lowerCamel names stay as they are: `imagePermissions.allowFleet`).
//    Elements, as Coral reports them (seen in AWS's real error output):
//      - list of structures: `<list>.<i>.member.<field>`, 1-based
//            (`Value null at 'appCatalogConfig.1.member.name' ...`, cf. IAM/CloudFormation's
//            `tags.6.member.value`);
//      - list of scalars: ONE failure at the list itself, naming every constraint of the
//        element shape: `Value '[a, ]' at 'names' failed to satisfy constraint: Member must
//        satisfy constraint: [Member must have length greater than or equal to 1]`
//            (cf. ECR's `at 'registryIds' failed to satisfy constraint: Member must satisfy
//            constraint: [Member must satisfy regular expression pattern: [0-9]{12}]`);
//      - map: ONE failure at the map for its keys and ONE for its values:
//        `Value '{k=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [...]`
//        `... Map value must satisfy constraint: [Member must have length less than or equal to 256, ...]`
//            (both verbatim forms of AWS's tag validation errors).
//    Values are rendered as Java's toString would: strings raw inside the quotes, lists as
//    `[a, b]`, maps and structures as `{k=v, k2=v2}`, no truncation (AWS does not truncate).
//    DECISION: a value whose shape is `sensitive` in the model (or that sits in a sensitive
//    structure) is not shown: `Value at 'path' failed ...`, as AWS does for sensitive members.
//    DECISION (order; AWS's is not public): failures are listed in member order, depth first;
//    for one member: length (max, min), value range (max, min), pattern, enum, the same order
//    as AWS's bracketed constraint lists.
//    DECISION: patterns are applied as a full match (Java's `matches()`, which is what AWS
//    does: DynamoDB rejects `"x"` for the unanchored `[a-zA-Z0-9_.-]+`), and the model's
//    pattern text is quoted unchanged in the message.

import { numberText } from '../errors/messages.js';

// ---------------------------------------------------------------------------------------------
// ValidationException

export const NOT_NULL = 'Member must not be null';

export const lengthAtMost = (n: number): string => `Member must have length less than or equal to ${n}`;
export const lengthAtLeast = (n: number): string => `Member must have length greater than or equal to ${n}`;
export const valueAtMost = (n: number): string => `Member must have value less than or equal to ${n}`;
export const valueAtLeast = (n: number): string => `Member must have value greater than or equal to ${n}`;
export const pattern = (modelPattern: string): string =>
  `Member must satisfy regular expression pattern: ${modelPattern}`;
export const enumSet = (values: readonly string[]): string =>
  `Member must satisfy enum value set: [${values.join(', ')}]`;

/** The constraints of a list's element shape, reported once at the list. */
export const listMemberConstraints = (constraints: readonly string[]): string =>
  `Member must satisfy constraint: [${constraints.join(', ')}]`;
/** The constraints of a map's key shape, reported once at the map. */
export const mapKeyConstraints = (constraints: readonly string[]): string =>
  `Map keys must satisfy constraint: [${constraints.join(', ')}]`;
/** The constraints of a map's value shape, reported once at the map. */
export const mapValueConstraints = (constraints: readonly string[]): string =>
  `Map value must satisfy constraint: [${constraints.join(', ')}]`;

/** One rendered failure: `Value '<v>' at '<path>' failed to satisfy constraint: <constraint>`. */
export function failure(value: unknown, path: string, constraint: string, sensitive = false): string {
  const shown = value == null ? 'Value null' : sensitive ? 'Value' : `Value '${renderValue(value)}'`;
  return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** A value as Java's `toString` would show it (what AWS's messages contain). */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return numberText(value);
    case 'boolean':
      return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${k}=${renderValue(v)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

// Validation paths (lowerCamel): built only when a failure is reported.

/** `vpcConfig` + `subnetIds` -> `vpcConfig.subnetIds`; at the top level just the member. */
export const memberPath = (parent: string, member: string): string => (parent === '' ? member : `${parent}.${member}`);
/** The i-th (0-based) structure of a list: `appCatalogConfig.1.member`. */
export const listMemberPath = (list: string, index: number): string => `${list}.${index + 1}.member`;

// ---------------------------------------------------------------------------------------------
// SerializationException

/** What a member must be, by the model's type. */
export const EXPECTED = {
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  boolean: 'a boolean',
  timestamp: 'a timestamp (epoch seconds)',
  blob: 'a blob (base64 string or byte string)',
  list: 'a list',
  map: 'a map',
  structure: 'a structure',
} as const;
export type ExpectedKind = keyof typeof EXPECTED;

/** What was sent instead, as a short noun. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Uint8Array) return 'byte string';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid timestamp' : 'timestamp';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'number':
      return Number.isInteger(value) ? 'number' : `number ${String(value)}`;
    case 'bigint':
      return 'number';
    default:
      return typeof value;
  }
}

/** `Value of 'MaxResults' must be an integer, got string` */
export const wrongType = (wirePath: string, expected: ExpectedKind, value: unknown): string =>
  `Value of '${wirePath}' must be ${EXPECTED[expected]}, got ${describeKind(value)}`;

/** `Value of 'MaxResults' must be an integer between -2147483648 and 2147483647, got 3000000000` */
export const integerOutOfRange = (wirePath: string, min: number | bigint, max: number | bigint, value: number | bigint): string =>
  `Value of '${wirePath}' must be an integer between ${min} and ${max}, got ${numberText(value)}`;

/** `Value of 'Data' must be a blob (base64 string or byte string), got a string that is not valid base64` */
export const invalidBase64 = (wirePath: string): string =>
  `Value of '${wirePath}' must be ${EXPECTED.blob}, got a string that is not valid base64`;

/** The whole input is not an object: `The input of DescribeImages must be a JSON object or CBOR map, got list` */
export const inputNotAnObject = (operation: string, value: unknown): string =>
  `The input of ${operation} must be a JSON object or CBOR map, got ${describeKind(value)}`;

// Wire paths (as sent): built only when an error is thrown.

/** `ImagePermissions` + `allowFleet` -> `ImagePermissions.allowFleet`. */
export const wireMemberPath = (parent: string, member: string): string =>
  parent === '' ? member : `${parent}.${member}`;
/** `Names` + 0 -> `Names[0]`. */
export const wireListPath = (list: string, index: number): string => `${list}[${index}]`;
/** `Tags` + `env` -> `Tags["env"]`. */
export const wireMapPath = (map: string, key: string): string => `${map}[${JSON.stringify(key)}]`;

// Generators for hostile input, driven by the API model (model/appstream-2016-12-01.json):
// well-typed inputs of every operation, the same with a wrong type at one member, random and
// truncated JSON/CBOR, huge strings and lists, deep nesting, invalid UTF-8.
// Everything here is data; sending it is the tests' business.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Encoder } from 'cbor-x';
import { packageFile } from '../../src/package-root.js';

export interface ModelRef {
  shape: string;
}
export interface ModelShape {
  type: 'structure' | 'string' | 'list' | 'map' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'float' | 'double';
  members?: Record<string, ModelRef>;
  required?: string[];
  member?: ModelRef;
  key?: ModelRef;
  value?: ModelRef;
  min?: number;
  max?: number;
  enum?: string[];
  pattern?: string;
  sensitive?: boolean;
  exception?: boolean;
  error?: { httpStatusCode?: number };
}
export interface ModelOperation {
  name: string;
  input?: ModelRef;
  output?: ModelRef;
  errors?: ModelRef[];
}
export interface Model {
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

export const MODEL: Model = JSON.parse(readFileSync(packageFile('model/appstream-2016-12-01.json'), 'utf8')) as Model;
export const OPERATION_NAMES: string[] = Object.keys(MODEL.operations).sort();

export function shape(name: string): ModelShape {
  const s = MODEL.shapes[name];
  if (!s) throw new Error(`no shape ${name} in the model`);
  return s;
}

export function inputShapeName(operation: string): string | undefined {
  return MODEL.operations[operation]?.input?.shape;
}

/** The HTTP status the model gives an exception (its `httpStatusCode`, else 400), or undefined for a code that is no exception of the model. */
export function modeledStatus(code: string): number | undefined {
  const s = MODEL.shapes[code];
  return s?.exception ? (s.error?.httpStatusCode ?? 400) : undefined;
}

/** The modeled error codes an operation may answer (its model's list). */
export function modeledErrorsOf(operation: string): string[] {
  return (MODEL.operations[operation]?.errors ?? []).map((e) => e.shape);
}

// ---------------------------------------------------------------------------------------------
// The member tree of an input: every member at every depth (lists step into their first item,
// maps into one key), cut at recursion and at `maxDepth`.

export type PathStep = { member: string } | { index: 0 } | { key: string };
export interface MemberPath {
  operation: string;
  steps: PathStep[];
  /** The shape at the end of the path. */
  shape: string;
  /** Human-readable: `VpcConfig.SubnetIds[0]`, `Tags{k}`. */
  label: string;
}

export function memberPaths(operation: string, maxDepth = 6): MemberPath[] {
  const root = inputShapeName(operation);
  if (!root) return [];
  const out: MemberPath[] = [];
  const walk = (shapeName: string, steps: PathStep[], label: string, seen: Set<string>) => {
    const s = shape(shapeName);
    if (steps.length > 0) out.push({ operation, steps, shape: shapeName, label });
    if (steps.length >= maxDepth || seen.has(shapeName)) return;
    const next = new Set(seen).add(shapeName);
    if (s.type === 'structure') {
      for (const [m, ref] of Object.entries(s.members ?? {})) {
        walk(ref.shape, [...steps, { member: m }], label ? `${label}.${m}` : m, next);
      }
    } else if (s.type === 'list' && s.member) {
      walk(s.member.shape, [...steps, { index: 0 }], `${label}[0]`, next);
    } else if (s.type === 'map' && s.value) {
      walk(s.value.shape, [...steps, { key: 'k' }], `${label}{k}`, next);
    }
  };
  walk(root, [], '', new Set());
  return out;
}

/** A small value of the right type (not necessarily satisfying every constraint). */
export function typedValue(shapeName: string): unknown {
  const s = shape(shapeName);
  switch (s.type) {
    case 'structure':
      return {};
    case 'list':
      return [];
    case 'map':
      return {};
    case 'string':
      return s.enum?.[0] ?? 'a';
    case 'integer':
    case 'long':
      return s.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1_700_000_000;
    case 'blob':
      return 'AAAA';
    default:
      return 1;
  }
}

/** The input `{A: [{B: value}]}` that puts `value` at the end of `path`. */
export function inputWithValueAt(path: MemberPath, value: unknown): Record<string, unknown> {
  const build = (i: number): unknown => {
    if (i === path.steps.length) return value;
    const step = path.steps[i]!;
    if ('member' in step) return { [step.member]: build(i + 1) };
    if ('index' in step) return [build(i + 1)];
    return { [step.key]: build(i + 1) };
  };
  return build(0) as Record<string, unknown>;
}

export type Protocol = 'json' | 'cbor';

/**
 * Values of a type other than the shape's, each of which both protocols can carry.
 * (null is not among them: null is "absent". A CBOR text string is a valid blob when it is
 * base64, and a number a valid timestamp in both protocols, so neither is used for those.)
 */
export function wrongTypedValues(shapeName: string, protocol: Protocol): unknown[] {
  const s = shape(shapeName);
  const obj = { x: 1 };
  const arr = ['x'];
  switch (s.type) {
    case 'string':
      return [7, true, arr, obj];
    case 'integer':
    case 'long':
      return ['7', true, arr, obj, 1.5];
    case 'boolean':
      return ['true', 1, arr, obj];
    case 'list':
      return ['x', 7, obj, true];
    case 'map':
      return ['x', 7, arr, true];
    case 'structure':
      return ['x', 7, arr, true];
    case 'timestamp':
      return ['2026-01-01T00:00:00Z', true, arr, obj];
    case 'blob':
      return protocol === 'cbor' ? [7, true, arr, obj] : [7, true, arr, obj];
    default:
      return [arr, obj];
  }
}

// ---------------------------------------------------------------------------------------------
// Well-typed inputs: values that satisfy types, lengths, ranges and enums (patterns when a
// regex can be generated), so that many of them reach the handlers.

const ALNUM = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'.split('')), minLength: 1, maxLength: 20 });

const patternArbs = new Map<string, fc.Arbitrary<string> | null>();
function patternArb(pattern: string): fc.Arbitrary<string> | null {
  if (!patternArbs.has(pattern)) {
    let arb: fc.Arbitrary<string> | null = null;
    try {
      const re = new RegExp(pattern);
      arb = fc.stringMatching(re).filter((v) => v.length <= 200);
    } catch {
      arb = null;
    }
    patternArbs.set(pattern, arb);
  }
  return patternArbs.get(pattern)!;
}

function stringArb(s: ModelShape): fc.Arbitrary<string> {
  if (s.enum && s.enum.length > 0) return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: ALNUM });
  const min = s.min ?? 0;
  const max = Math.min(s.max ?? 40, 40);
  const plain = fc.string({ unit: 'grapheme', minLength: Math.min(min, max), maxLength: Math.max(min, max) });
  const choices: fc.Arbitrary<string>[] = [ALNUM, plain];
  if (s.pattern) {
    const p = patternArb(s.pattern);
    if (p) choices.push(p, p);
  }
  return fc.oneof(...choices);
}

const cache = new Map<string, fc.Arbitrary<unknown>>();

/** A well-typed value of a shape; `depth` bounds recursion. */
export function typedArb(shapeName: string, depth = 0): fc.Arbitrary<unknown> {
  const key = `${shapeName}@${depth}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const s = shape(shapeName);
  let arb: fc.Arbitrary<unknown>;
  switch (s.type) {
    case 'structure': {
      const members = Object.entries(s.members ?? {});
      if (depth > 4) {
        arb = fc.constant({});
        break;
      }
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [m, ref] of members) record[m] = typedArb(ref.shape, depth + 1);
      const required = s.required ?? [];
      arb = fc.record(record, { requiredKeys: required.filter((r) => r in record) });
      break;
    }
    case 'list':
      arb = depth > 4 ? fc.constant([]) : fc.array(typedArb(s.member!.shape, depth + 1), { minLength: s.min ?? 0, maxLength: Math.min(s.max ?? 4, 4) });
      break;
    case 'map':
      arb =
        depth > 4
          ? fc.constant({})
          : fc.dictionary(stringArb(shape(s.key!.shape)), typedArb(s.value!.shape, depth + 1), {
              minKeys: s.min ?? 0,
              maxKeys: Math.min(s.max ?? 3, 3),
            });
      break;
    case 'string':
      arb = stringArb(s);
      break;
    case 'integer':
    case 'long':
      arb = fc.oneof(
        fc.integer({ min: s.min ?? -5, max: Math.min(s.max ?? 1000, 1_000_000) }),
        fc.integer({ min: -2147483648, max: 2147483647 }),
      );
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'timestamp':
      arb = fc.integer({ min: 0, max: 4_102_444_800 });
      break;
    default:
      arb = fc.constant(null);
  }
  cache.set(key, arb);
  return arb;
}

/** A well-typed input of an operation. */
export function inputArb(operation: string): fc.Arbitrary<Record<string, unknown>> {
  const root = inputShapeName(operation);
  return (root ? typedArb(root) : fc.constant({})) as fc.Arbitrary<Record<string, unknown>>;
}

export const operationArb = fc.constantFrom(...OPERATION_NAMES);

/** An operation and a well-typed input of it. */
export const operationInputArb = operationArb.chain((op) => inputArb(op).map((input) => ({ op, input })));

/** The operations of the image service (SPEC §3-§4): the ones with handlers to reach. */
export const IMAGE_OPERATIONS = [
  'DescribeImages', 'DescribeImageBuilders', 'CreateImageBuilder', 'StartImageBuilder', 'StopImageBuilder', 'DeleteImageBuilder',
  'CreateImageBuilderStreamingURL', 'CopyImage', 'CreateUpdatedImage', 'CreateImportedImage', 'DeleteImage',
  'UpdateImagePermissions', 'DescribeImagePermissions', 'DeleteImagePermissions', 'TagResource', 'UntagResource',
  'ListTagsForResource', 'AssociateSoftwareToImageBuilder', 'DisassociateSoftwareFromImageBuilder',
  'DescribeSoftwareAssociations', 'StartSoftwareDeploymentToImageBuilder',
];

/** An image-service operation and a well-typed input of it. */
export const imageOperationInputArb = fc.constantFrom(...IMAGE_OPERATIONS).chain((op) => inputArb(op).map((input) => ({ op, input })));

/** An operation and the same input with one member (at any depth) of a wrong type. */
export function wrongTypeArb(protocol: Protocol): fc.Arbitrary<{ op: string; path: string; input: Record<string, unknown> }> {
  const cases: { op: string; path: MemberPath }[] = [];
  for (const op of OPERATION_NAMES) for (const path of memberPaths(op)) cases.push({ op, path });
  return fc.constantFrom(...cases).chain(({ op, path }) =>
    fc.constantFrom(...wrongTypedValues(path.shape, protocol)).map((value) => ({ op, path: path.label, input: inputWithValueAt(path, value) })),
  );
}

// ---------------------------------------------------------------------------------------------
// Bytes.

const cborCodec = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);

export function encodeCbor(value: unknown): Buffer {
  return Buffer.from(cborCodec.encode(value));
}

export function encodeBody(value: unknown, protocol: Protocol): Buffer {
  return protocol === 'json' ? Buffer.from(JSON.stringify(value)) : encodeCbor(value);
}

/** Random JSON texts (anything JSON.parse accepts, objects or not). */
export const randomJsonArb = fc.json({ maxDepth: 4 }).map((t) => Buffer.from(t));

/** A valid body cut short at a random byte (possibly to nothing). */
export function truncatedArb(protocol: Protocol): fc.Arbitrary<{ op: string; body: Buffer }> {
  return operationInputArb
    .map(({ op, input }) => ({ op, full: encodeBody(input, protocol) }))
    .filter(({ full }) => full.length > 1)
    .chain(({ op, full }) => fc.integer({ min: 1, max: full.length - 1 }).map((cut) => ({ op, body: full.subarray(0, cut) })));
}

/** Random bytes. */
export const randomBytesArb = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Buffer.from(b));

/** Random CBOR data items (any type, nested), encoded. */
export const randomCborArb = fc
  .anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withNullPrototype: false,
    withMap: true,
    withSet: false,
    withBoxedValues: false,
    withSparseArray: false,
  })
  .map((v) => {
    try {
      return encodeCbor(v);
    } catch {
      return Buffer.from([0xa0]);
    }
  });

/** Bytes that are not UTF-8 (overlongs, lone continuation bytes, surrogates, truncated sequences). */
export const INVALID_UTF8_SNIPPETS: Buffer[] = [
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xfe]),
];

/** A JSON body for `op` whose string member holds bytes that are not UTF-8. */
export const invalidUtf8JsonArb = fc
  .tuple(operationArb, fc.constantFrom(...INVALID_UTF8_SNIPPETS), fc.constantFrom('Name', 'Names', 'NextToken', 'Description', 'x'))
  .map(([op, bad, member]) => {
    const head = Buffer.from(member === 'Names' ? `{"Names":["a` : `{"${member}":"a`);
    const tail = Buffer.from(member === 'Names' ? `"]}` : `"}`);
    return { op, body: Buffer.concat([head, bad, tail]) };
  });

/** A CBOR map whose text string member holds bytes that are not UTF-8 (major type 3, hand-built). */
export const invalidUtf8CborArb = fc.tuple(operationArb, fc.constantFrom(...INVALID_UTF8_SNIPPETS)).map(([op, bad]) => {
  const key = Buffer.from([0x64, ...Buffer.from('Name')]); // text(4) "Name"
  const value = Buffer.concat([Buffer.from([0x60 + bad.length + 1]), Buffer.from('a'), bad]);
  return { op, body: Buffer.concat([Buffer.from([0xa1]), key, value]) };
});

/** `depth` levels of nested arrays/objects inside a member, as JSON text (built without recursion). */
export function deepJson(depth: number, member = 'Names', kind: 'array' | 'object' = 'array'): Buffer {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  return Buffer.from(`{"${member}":${open.repeat(depth)}1${close.repeat(depth)}}`);
}

/** `depth` levels of nested CBOR arrays inside a member (indefinite nesting, hand-built bytes). */
export function deepCbor(depth: number, member = 'Names'): Buffer {
  const key = Buffer.from(member);
  return Buffer.concat([Buffer.from([0xa1, 0x60 + key.length]), key, Buffer.alloc(depth, 0x81), Buffer.from([0x01])]);
}

/** A huge string (`size` characters) at a string member; a list of `count` items. */
export const hugeCases = (stringSize: number, listCount: number): { op: string; label: string; input: Record<string, unknown> }[] => [
  { op: 'DescribeImages', label: 'huge name', input: { Names: ['a'.repeat(stringSize)] } },
  { op: 'DescribeImages', label: 'huge list', input: { Names: Array.from({ length: listCount }, (_, i) => `n${i}`) } },
  { op: 'DescribeImages', label: 'huge token', input: { NextToken: 'x'.repeat(stringSize) } },
  { op: 'CreateImageBuilder', label: 'huge description', input: { Name: 'b', InstanceType: 'stream.standard.small', Description: 'd'.repeat(stringSize) } },
  { op: 'TagResource', label: 'huge tag map', input: { ResourceArn: 'arn:aws:appstream:us-east-1:111111111111:image/x', Tags: Object.fromEntries(Array.from({ length: listCount }, (_, i) => [`k${i}`, 'v'])) } },
  { op: 'UpdateImagePermissions', label: 'huge account id', input: { Name: 'x', SharedAccountId: '1'.repeat(stringSize), ImagePermissions: { allowFleet: true } } },
  { op: 'DescribeImagePermissions', label: 'huge id list', input: { Name: 'x', SharedAwsAccountIds: Array.from({ length: listCount }, () => '111111111111') } },
  { op: 'CreateFleet', label: 'huge nested list', input: { Name: 'f', InstanceType: 'x', VpcConfig: { SubnetIds: Array.from({ length: listCount }, (_, i) => `s${i}`) } } },
];

const cborText = (t: string) => {
  const b = Buffer.from(t);
  return Buffer.concat([Buffer.from([0x60 + b.length]), b]);
};
const bytes = (...parts: (number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** CBOR that cbor-x gives special meaning to (tags, records, shared references) or that lies about lengths. */
export const CBOR_ODDITIES: Record<string, Buffer> = {
  'a __proto__ key': bytes([0xa2], cborText('__proto__'), [0xa1], cborText('polluted'), [0xf5], cborText('Names'), [0x80]),
  'a shared-reference cycle (tags 28/29)': bytes([0xd8, 0x1c, 0xa1], cborText('Names'), [0xd8, 0x1d, 0x00]),
  'a generic object (tag 27)': bytes([0xd8, 0x1b, 0x82], cborText('Error'), [0x80]),
  'a record definition (tag 105)': bytes([0xd8, 0x69, 0x83, 0x19, 0xe0, 0x00, 0x81], cborText('Names'), [0x80]),
  'a set (tag 258) for a list': bytes([0xa1], cborText('Names'), [0xd9, 0x01, 0x02, 0x81], cborText('a')),
  'a Map (tag 259) for a map': bytes([0xa1], cborText('Tags'), [0xd9, 0x01, 0x03, 0xa1], cborText('k'), cborText('v')),
  'self-described CBOR (tag 55799)': bytes([0xd9, 0xd9, 0xf7, 0xa0]),
  'a timestamp tag around a string': bytes([0xa1], cborText('Names'), [0xc1], cborText('x')),
  'a 2^64 bignum for an integer': bytes([0xa1], cborText('MaxResults'), [0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
  'a half-precision float': bytes([0xa1], cborText('MaxResults'), [0xf9, 0x3c, 0x00]),
  'undefined as a value': bytes([0xa1], cborText('MaxResults'), [0xf7]),
  'indefinite-length map and list': bytes([0xbf], cborText('Names'), [0x9f], cborText('a'), [0xff, 0xff]),
  'a typed array (tag 64) for a list': bytes([0xa1], cborText('Names'), [0xd8, 0x40, 0x43, 1, 2, 3]),
  'an integer key': bytes([0xa1, 0x01, 0x02]),
  'a list as a key': bytes([0xa1, 0x81, 0x01, 0x02]),
  'a map as a key': bytes([0xa1, 0xa0, 0x02]),
  'a text string claiming 2^64 bytes': bytes([0xa1, 0x7b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
  'a list claiming 2^36 items': bytes([0xa1], cborText('Names'), [0x9b, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00]),
  'a map claiming 2^36 pairs': bytes([0xbb, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00]),
};

// ---------------------------------------------------------------------------------------------
// A CBOR writer that chooses, item by item, what cbor-x never writes: indefinite-length strings
// (split into chunks at character boundaries), indefinite maps and arrays, extra pairs with a
// key that is not text, and duplicate keys. Its choices come from a seeded PRNG, so fast-check
// can replay and shrink them.

/** mulberry32: a small deterministic PRNG over [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function head(major: number, value: number): Buffer {
  const mt = major << 5;
  if (value < 24) return Buffer.from([mt | value]);
  if (value < 0x100) return Buffer.from([mt | 24, value]);
  if (value < 0x10000) return Buffer.from([mt | 25, value >> 8, value & 0xff]);
  if (value < 0x1_0000_0000) {
    const b = Buffer.alloc(5);
    b[0] = mt | 26;
    b.writeUInt32BE(value, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = mt | 27;
  b.writeBigUInt64BE(BigInt(value), 1);
  return b;
}

/** Items that are not text strings, to be used as map keys. */
export const NON_TEXT_KEYS: Record<string, Buffer> = {
  'the integer 1': Buffer.from([0x01]),
  'the integer -1': Buffer.from([0x20]),
  'a large integer': Buffer.from([0x1a, 0x00, 0x01, 0x00, 0x00]),
  null: Buffer.from([0xf6]),
  true: Buffer.from([0xf5]),
  false: Buffer.from([0xf4]),
  undefined: Buffer.from([0xf7]),
  'a half float': Buffer.from([0xf9, 0x3c, 0x00]),
  'a double': Buffer.from([0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]),
  'a byte string': Buffer.from([0x43, 0x61, 0x62, 0x63]),
  'an indefinite byte string': Buffer.from([0x5f, 0x41, 0x61, 0xff]),
  'an empty array': Buffer.from([0x80]),
  'an array': Buffer.from([0x81, 0x61, 0x61]),
  'an empty map': Buffer.from([0xa0]),
  'a tag-0 text': Buffer.from([0xc0, 0x61, 0x61]),
  'a timestamp': Buffer.from([0xc1, 0x01]),
};
const NON_TEXT_KEY_LIST = Object.values(NON_TEXT_KEYS);

export interface CborStyle {
  /** Chance that a string (key or value) is written as an indefinite-length string. */
  indefiniteStrings: number;
  /** Chance that a map or array is written with indefinite length. */
  indefiniteContainers: number;
  /** Index (in write order) of the map that gets one extra pair with a non-text key, if any. */
  nonTextKeyIn?: number;
  /** Index (in write order) of the map whose first key is written twice: a decoy value, then the real one. */
  duplicateKeyIn?: number;
}

/** The number of maps (objects) in a JSON-like value: the indexes `CborStyle` may name. */
export function countMaps(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countMaps(v), 0);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return 1 + Object.values(value).reduce((n: number, v) => n + countMaps(v), 0);
  }
  return 0;
}

/**
 * Writes a JSON-like value (objects, arrays, strings, numbers, booleans, null, byte arrays) as
 * CBOR in the given style. With `indefiniteStrings`/`indefiniteContainers` only, the bytes mean
 * the same value as cbor-x's encoding; `nonTextKeyIn` makes them invalid for RPC v2 CBOR;
 * `duplicateKeyIn` adds a pair that a last-wins reader ignores.
 */
export function writeCbor(value: unknown, style: CborStyle, seed: number): Buffer {
  const rnd = prng(seed);
  const out: Buffer[] = [];
  let mapIndex = 0;
  const writeString = (major: 2 | 3, bytes: Buffer) => {
    if (rnd() >= style.indefiniteStrings) {
      out.push(head(major, bytes.length), bytes);
      return;
    }
    out.push(Buffer.from([(major << 5) | 31]));
    // Split at character boundaries for text (a chunk must be UTF-8 on its own); empty chunks too.
    let start = 0;
    while (start < bytes.length || rnd() < 0.2) {
      let end = Math.min(bytes.length, start + Math.floor(rnd() * 4));
      if (major === 3) while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end++;
      out.push(head(major, end - start), bytes.subarray(start, end));
      if (end === start && start >= bytes.length) break;
      start = end;
    }
    out.push(Buffer.from([0xff]));
  };
  const write = (v: unknown): void => {
    if (v === null || v === undefined) out.push(Buffer.from([0xf6]));
    else if (typeof v === 'boolean') out.push(Buffer.from([v ? 0xf5 : 0xf4]));
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) out.push(v >= 0 ? head(0, v) : head(1, -1 - v));
      else {
        const b = Buffer.alloc(9);
        b[0] = 0xfb;
        b.writeDoubleBE(v, 1);
        out.push(b);
      }
    } else if (typeof v === 'string') writeString(3, Buffer.from(v));
    else if (ArrayBuffer.isView(v)) writeString(2, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    else if (Array.isArray(v)) {
      const indefinite = rnd() < style.indefiniteContainers;
      out.push(indefinite ? Buffer.from([0x9f]) : head(4, v.length));
      for (const item of v) write(item);
      if (indefinite) out.push(Buffer.from([0xff]));
    } else if (typeof v === 'object') {
      const index = mapIndex++;
      const entries = Object.entries(v as Record<string, unknown>);
      const extra = index === style.nonTextKeyIn ? 1 : 0;
      const duplicate = index === style.duplicateKeyIn && entries.length > 0 ? 1 : 0;
      const indefinite = rnd() < style.indefiniteContainers;
      out.push(indefinite ? Buffer.from([0xbf]) : head(5, entries.length + extra + duplicate));
      const extraAt = Math.floor(rnd() * (entries.length + 1));
      entries.forEach(([k, item], i) => {
        if (extra && i === extraAt) out.push(NON_TEXT_KEY_LIST[Math.floor(rnd() * NON_TEXT_KEY_LIST.length)]!, Buffer.from([0x01]));
        if (duplicate && i === 0) {
          writeString(3, Buffer.from(k));
          write('decoy');
        }
        writeString(3, Buffer.from(k));
        write(item);
      });
      if (extra && extraAt === entries.length) out.push(NON_TEXT_KEY_LIST[Math.floor(rnd() * NON_TEXT_KEY_LIST.length)]!, Buffer.from([0x01]));
      if (indefinite) out.push(Buffer.from([0xff]));
    } else throw new Error(`writeCbor: cannot write ${typeof v}`);
  };
  write(value);
  return Buffer.concat(out);
}

/** A well-typed input of an operation, written with indefinite-length strings (and containers) anywhere. */
export const indefiniteInputArb = fc
  .tuple(operationInputArb, fc.integer(), fc.double({ min: 0.2, max: 1, noNaN: true }))
  .map(([{ op, input }, seed, p]) => ({ op, input, body: writeCbor(input, { indefiniteStrings: p, indefiniteContainers: p / 2 }, seed) }));

/** A well-typed input with one extra pair whose key is not a text string, in any of its maps. */
export const nonTextKeyInputArb = fc
  .tuple(operationInputArb, fc.integer(), fc.nat())
  .map(([{ op, input }, seed, pick]) => ({ op, input, body: writeCbor(input, { indefiniteStrings: 0.3, indefiniteContainers: 0.3, nonTextKeyIn: pick % countMaps(input) }, seed) }));

/** A well-typed input in which one map says its first key twice (a decoy value first). */
export const duplicateKeyInputArb = fc
  .tuple(operationInputArb, fc.integer(), fc.nat())
  .map(([{ op, input }, seed, pick]) => ({ op, input, body: writeCbor(input, { indefiniteStrings: 0.3, indefiniteContainers: 0.3, duplicateKeyIn: pick % countMaps(input) }, seed) }));

const hexItem = (h: string) => Buffer.from(h, 'hex');
const textItem = (t: string) => head(3, Buffer.byteLength(t)).toString('hex') + Buffer.from(t).toString('hex');
const chunkedItem = (...chunks: string[]) => '7f' + chunks.map(textItem).join('') + 'ff';

/** The inputs of issue 16 (Smithy's compliance run) as sent, and one of each kind, with the answer each must get. */
export const ISSUE_16_INPUTS: { label: string; op: string; body: Buffer; code: string }[] = [
  { label: 'Type = "PUB" + "LIC" (indefinite text)', op: 'DescribeImages', body: hexItem('a164547970657f63505542634c4943ff'), code: 'OK' },
  { label: 'Type = "PUBLIC" (definite)', op: 'DescribeImages', body: hexItem('a16454797065665055424c4943'), code: 'OK' },
  { label: 'an indefinite key "Ty" + "pe"', op: 'DescribeImages', body: hexItem('a1' + chunkedItem('Ty', 'pe') + textItem('PUBLIC')), code: 'OK' },
  { label: 'an indefinite list item "no" + "pe"', op: 'DescribeImages', body: hexItem('a1' + textItem('Names') + '81' + chunkedItem('no', 'pe')), code: 'ResourceNotFoundException' },
  { label: 'an indefinite byte string in an unknown member', op: 'DescribeImages', body: hexItem('a2' + textItem('Type') + textItem('PUBLIC') + textItem('Extra') + '5f4201024103ff'), code: 'OK' },
  {
    label: 'Tags with keys 1, null, true',
    op: 'TagResource',
    body: hexItem('a2' + textItem('ResourceArn') + textItem('arn:aws:appstream:us-east-1:111111111111:image/x') + textItem('Tags') + 'a3016178f66179f5617a'),
    code: 'SerializationException',
  },
];

// Answers spliced from kept encodings of shared values (core/shared-values.ts) must be the very
// bytes the protocols write for the same answer built from plain values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hasSharedList, isShared, shareValue } from '../../src/core/shared-values.js';
import { awsJson11 } from '../../src/protocol/aws-json-1-1.js';
import { rpcV2Cbor } from '../../src/protocol/rpc-v2-cbor.js';

/** A deep copy that is not shared (Dates stay Dates). */
const plainCopy = <T>(value: T): T => structuredClone(value);

const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }),
);
/** Member names (outputs are built by assignment: no `__proto__`). */
const key = (maxLength: number) => fc.string({ minLength: 1, maxLength }).filter((k) => k !== '__proto__');
const member = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key(8), tie('value'), { maxKeys: 5 })),
})).value;
const item = fc.dictionary(key(12), member, { maxKeys: 8 });
/** An output: some plain members, and a list mixing shared and plain items (or holes). */
const output = fc.record({
  before: fc.dictionary(key(10), member, { maxKeys: 3 }),
  list: fc.array(fc.record({ shared: fc.boolean(), value: fc.option(item, { nil: undefined }) }), { minLength: 1, maxLength: 30 }),
  after: fc.dictionary(key(10), member, { maxKeys: 3 }),
  listName: key(10),
});

type Output = typeof output extends fc.Arbitrary<infer T> ? T : never;

function build(o: Output): { spliced: Record<string, unknown>; plain: Record<string, unknown>; anyShared: boolean } {
  let anyShared = false;
  const items = o.list.map(({ shared, value }) => {
    if (shared && value !== undefined) {
      anyShared = true;
      return shareValue(plainCopy(value));
    }
    return value;
  });
  const spliced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.before)) spliced[k] = v;
  spliced[o.listName] = items;
  for (const [k, v] of Object.entries(o.after)) spliced[k] = v;
  return { spliced, plain: plainCopy(spliced), anyShared };
}

test('awsJson1_1: an answer with shared values is byte for byte the answer without them', () => {
  fc.assert(
    fc.property(output, (o) => {
      fc.pre(!(o.listName in o.after));
      const { spliced, plain, anyShared } = build(o);
      assert.equal(hasSharedList(spliced), anyShared);
      assert.equal(hasSharedList(plain), false);
      const a = awsJson11.encodeOutput(spliced);
      assert.deepEqual(a, awsJson11.encodeOutput(plain));
      // The kept encodings are reused: a second answer is the same again.
      assert.deepEqual(awsJson11.encodeOutput(spliced), a);
    }),
    { numRuns: 500 },
  );
});

test('rpcv2Cbor: an answer with shared values is byte for byte the answer without them', () => {
  fc.assert(
    fc.property(output, (o) => {
      const { spliced, plain } = build(o);
      const a = rpcV2Cbor.encodeOutput(spliced);
      assert.deepEqual(Buffer.from(a), Buffer.from(rpcV2Cbor.encodeOutput(plain)));
      assert.deepEqual(Buffer.from(rpcV2Cbor.encodeOutput(spliced)), Buffer.from(a));
    }),
    { numRuns: 500 },
  );
});

test('long lists (array headers of 1, 2 and 3 bytes) splice to the same bytes in both protocols', () => {
  for (const n of [23, 24, 255, 256, 1000]) {
    const items = Array.from({ length: n }, (_, i) => ({ Name: `n${i}`, CreatedTime: new Date(1_700_000_000_000 + i), Tags: { a: 'é' } }));
    const spliced = { Items: items.map((x) => shareValue(plainCopy(x))), NextToken: 'tok' };
    const plain = { Items: items, NextToken: 'tok' };
    assert.deepEqual(awsJson11.encodeOutput(spliced), awsJson11.encodeOutput(plain));
    assert.deepEqual(Buffer.from(rpcV2Cbor.encodeOutput(spliced)), Buffer.from(rpcV2Cbor.encodeOutput(plain)));
  }
});

test('a shared value is deep-frozen: changing it throws', () => {
  const value = shareValue({ a: { b: [1, 2] }, when: new Date(0) });
  assert.equal(isShared(value), true);
  assert.equal(isShared({ ...value }), false);
  assert.throws(() => {
    (value.a.b as number[]).push(3);
  }, TypeError);
  assert.throws(() => {
    (value as { a: unknown }).a = 1;
  }, TypeError);
});

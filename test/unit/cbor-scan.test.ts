// The CBOR pre-pass (src/protocol/cbor-scan.ts) through the protocol's decode: any value written
// with indefinite-length strings and containers decodes as its definite encoding; a non-text key
// in any map, bad chunks and deep nesting are SerializationExceptions; duplicate keys keep the
// last value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../../src/errors/aws-error.js';
import { normaliseCbor } from '../../src/protocol/cbor-scan.js';
import { rpcV2Cbor } from '../../src/protocol/rpc-v2-cbor.js';
import { countMaps, encodeCbor, writeCbor } from '../support/fuzz.js';

/** A JSON object (what a request body decodes to), without -0 (CBOR integers have no sign of zero). */
const bodyArb = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })).map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

/** Decoded trees compared as values: cbor-x reads a 64-bit integer head as a bigint (the validators take both). */
function sameValue(a: unknown, b: unknown): void {
  const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
  assert.deepEqual(plain(a), plain(b));
}

function rejects(bytes: Buffer, message: string): void {
  assert.throws(
    () => rpcV2Cbor.decode(bytes),
    (e: unknown) => e instanceof AwsError && e.code === 'SerializationException' && e.message === message,
    bytes.toString('hex'),
  );
}

test('indefinite-length strings and containers anywhere decode as the definite encoding', () => {
  fc.assert(
    fc.property(bodyArb, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (value, seed, p) => {
      const bytes = writeCbor(value, { indefiniteStrings: p, indefiniteContainers: p }, seed);
      sameValue(rpcV2Cbor.decode(bytes), rpcV2Cbor.decode(encodeCbor(value)));
    }),
    { seed: 16, numRuns: 2000 },
  );
});

test('a body without indefinite strings is passed on as the same buffer (no copy)', () => {
  fc.assert(
    fc.property(bodyArb, (value) => {
      const bytes = encodeCbor(value);
      assert.equal(normaliseCbor(bytes, 64), bytes);
    }),
    { seed: 17, numRuns: 500 },
  );
});

test('a non-text key in any map is a SerializationException', () => {
  fc.assert(
    fc.property(bodyArb, fc.integer(), fc.nat(), (value, seed, pick) => {
      const bytes = writeCbor(value, { indefiniteStrings: 0.3, indefiniteContainers: 0.3, nonTextKeyIn: pick % countMaps(value) }, seed);
      rejects(bytes, 'Request body map keys must be text strings.');
    }),
    { seed: 18, numRuns: 1000 },
  );
});

test('a duplicate key keeps the last value', () => {
  fc.assert(
    fc.property(bodyArb, fc.integer(), fc.nat(), (value, seed, pick) => {
      const bytes = writeCbor(value, { indefiniteStrings: 0.3, indefiniteContainers: 0.3, duplicateKeyIn: pick % countMaps(value) }, seed);
      sameValue(rpcV2Cbor.decode(bytes), rpcV2Cbor.decode(encodeCbor(value)));
    }),
    { seed: 19, numRuns: 1000 },
  );
});

test('the exact forms: chunks, empty strings, byte strings, long strings, keys', () => {
  const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
  assert.deepEqual(rpcV2Cbor.decode(h('a164547970657f63505542634c4943ff')), { Type: 'PUBLIC' });
  assert.deepEqual(rpcV2Cbor.decode(h('a1 7f ff 7f 60 60 ff')), { '': '' });
  assert.deepEqual(rpcV2Cbor.decode(h('a1 61 62 5f 41 01 40 42 0203 ff')), { b: Buffer.from([1, 2, 3]) });
  // Chunks whose total needs a longer head than each chunk's (23 + 23 + 23 bytes = 69).
  const chunk = 'x'.repeat(23);
  const long = Buffer.concat([h('a1 61 61 7f'), ...[0, 1, 2].map(() => Buffer.concat([Buffer.from([0x77]), Buffer.from(chunk)])), h('ff')]);
  assert.deepEqual(rpcV2Cbor.decode(long), { a: chunk.repeat(3) });
  // A multi-byte character whole in one chunk is fine; split between two it is not.
  assert.deepEqual(rpcV2Cbor.decode(h('a1 61 61 7f 62 c3a9 61 41 ff')), { a: 'éA' });
  rejects(h('a1 61 61 7f 61 c3 61 a9 ff'), 'Request body holds a text string that is not valid UTF-8.');
  const badChunks = 'Request body holds an indefinite-length string whose chunks are not definite strings of its type.';
  rejects(h('a1 61 61 7f 41 41 ff'), badChunks);
  rejects(h('a1 61 61 5f 61 41 ff'), badChunks);
  rejects(h('a1 61 61 7f 7f ff ff'), badChunks);
  rejects(h('a1 61 61 7f f6 ff'), badChunks);
  // Keys of every other type, also in an indefinite map and behind a tag.
  for (const key of ['01', '20', 'f4', 'f5', 'f6', 'f7', 'f93c00', '4161', '5f4161ff', '80', 'a0', 'c06161', 'c101']) {
    rejects(h(`a1 ${key} 01`), 'Request body map keys must be text strings.');
    rejects(h(`bf 6161 01 ${key} 01 ff`), 'Request body map keys must be text strings.');
  }
  // Truncated or malformed bytes are still refused by the decoder.
  for (const bad of ['a1 61 61 7f 61', 'a1 61 61 7f 61 41', 'a1 61 61 7f 7c', 'a1 61', 'ff', 'a1 61 61 01 ff']) {
    assert.throws(() => rpcV2Cbor.decode(h(bad)), (e: unknown) => e instanceof AwsError && e.code === 'SerializationException', bad);
  }
});

test('nesting: 64 containers below the top map are read, 65 are refused before decoding', () => {
  const nested = (depth: number) => Buffer.concat([Buffer.from([0xa1, 0x61, 0x61]), Buffer.alloc(depth - 1, 0x81), Buffer.from([0x80])]);
  assert.doesNotThrow(() => rpcV2Cbor.decode(nested(64)));
  rejects(nested(65), 'Request body is nested too deeply.');
  rejects(Buffer.concat([Buffer.from([0xa1, 0x61, 0x61]), Buffer.alloc(1_000_000, 0x9f)]), 'Request body is nested too deeply.');
});

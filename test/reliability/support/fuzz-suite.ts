// The fuzz suite, shared by fuzz.test.ts (fixed seed, bounded: runs in CI) and
// fuzz.fuzz-long.test.ts (`npm run fuzz`: many more runs, a seed of the moment unless
// APPSTREAM_LOCAL_FUZZ_SEED says otherwise). Every generated request goes to a live in-process
// server, signed, in both protocols; every answer must be a well-formed AWS error of a code
// that fits the input (or a 200 where the input may be valid), never a 500 and never a hang.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import type { RunningServer } from '../../../src/index.js';
import {
  CBOR_ODDITIES,
  ISSUE_16_INPUTS,
  OPERATION_NAMES,
  duplicateKeyInputArb,
  indefiniteInputArb,
  nonTextKeyInputArb,
  deepCbor,
  deepJson,
  encodeBody,
  hugeCases,
  imageOperationInputArb,
  invalidUtf8CborArb,
  invalidUtf8JsonArb,
  memberPaths,
  inputWithValueAt,
  operationArb,
  operationInputArb,
  randomBytesArb,
  randomCborArb,
  randomJsonArb,
  truncatedArb,
  wrongTypeArb,
  wrongTypedValues,
  type Protocol,
} from '../../support/fuzz.js';
import { startTestServer } from '../../support/server.js';
import { CBOR_PREFIX, apiRequest, checkAnswer, pool, rawExchange, send, signedCall } from './wire.js';
import { startChildServer, tempDir, type ChildServer } from '../../support/process.js';
import { readFileSync } from 'node:fs';
import { Decoder } from 'cbor-x';

const cborMapDecoder = new Decoder({ useRecords: false, mapsAsObjects: false } as ConstructorParameters<typeof Decoder>[0]);
import { signedHeaders } from '../../support/raw.js';

export interface FuzzScale {
  name: string;
  seed: number;
  /** Runs per random property and protocol. */
  runs: number;
  /** Every wrong value at every member (true), or one per member (false). */
  allWrongValues: boolean;
  /** Size of the huge strings and lists. */
  hugeString: number;
  hugeList: number;
}

const PROTOS: Protocol[] = ['json', 'cbor'];
/** The codes any input of an operation may get once it is routed. */
const ROUTED = ['SerializationException', 'ValidationException', 'NotImplementedException', '*modeled'];

function gcNow(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

export function fuzzSuite(scale: FuzzScale): void {
  describe(`fuzz (${scale.name}, seed ${scale.seed})`, () => {
    let server: RunningServer;
    let sent = 0;
    let rssBefore = 0;
    const gc = gcNow();
    const codes = new Map<string, number>();
    const count = (code: string) => codes.set(code, (codes.get(code) ?? 0) + 1);
    const params = (salt: number) => ({ seed: scale.seed + salt, numRuns: scale.runs, endOnFailure: true });

    async function call(protocol: Protocol, op: string, body: Buffer, extra: { contentType?: string; path?: string } = {}) {
      sent++;
      return signedCall(server.url, protocol, op, body, { timeoutMs: 15_000, ...extra });
    }

    before(async () => {
      server = await startTestServer();
      gc?.();
      rssBefore = process.memoryUsage().rss;
    });
    after(async () => {
      await server.close();
      const summary = [...codes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`).join(' ');
      process.stdout.write(`# fuzz ${scale.name}: ${sent} requests fuzzed; answers: ${summary}\n`);
    });

    for (const protocol of PROTOS) {
      it(`${protocol}: a wrong type at every member of every operation's input is a SerializationException`, async () => {
        let cases = 0;
        for (const op of OPERATION_NAMES) {
          for (const [i, path] of memberPaths(op).entries()) {
            const values = wrongTypedValues(path.shape, protocol);
            const chosen = scale.allWrongValues ? values : [values[i % values.length]];
            for (const value of chosen) {
              const res = await call(protocol, op, encodeBody(inputWithValueAt(path, value), protocol));
              const what = `${op} ${path.label}=${JSON.stringify(value)} (${protocol})`;
              count(checkAnswer(res, { protocol, op, codes: ['SerializationException'], what }));
              cases++;
            }
          }
        }
        assert.ok(cases >= 574, `walked ${cases} members`);
      });

      it(`${protocol}: random wrong types (property)`, async () => {
        await fc.assert(
          fc.asyncProperty(wrongTypeArb(protocol), async ({ op, path, input }) => {
            const res = await call(protocol, op, encodeBody(input, protocol));
            count(checkAnswer(res, { protocol, op, codes: ['SerializationException'], what: `${op} ${path} (${protocol})` }));
          }),
          params(1),
        );
      });

      it(`${protocol}: well-typed random inputs of every operation reach a modeled answer`, async () => {
        await fc.assert(
          fc.asyncProperty(operationInputArb, async ({ op, input }) => {
            const res = await call(protocol, op, encodeBody(input, protocol));
            count(checkAnswer(res, { protocol, op, codes: ROUTED, allowOk: true, what: `${op} ${JSON.stringify(input).slice(0, 300)}` }));
          }),
          params(2),
        );
      });

      it(`${protocol}: well-typed random inputs of the image operations (the ones with handlers)`, async () => {
        await fc.assert(
          fc.asyncProperty(imageOperationInputArb, async ({ op, input }) => {
            const res = await call(protocol, op, encodeBody(input, protocol));
            count(checkAnswer(res, { protocol, op, codes: ROUTED, allowOk: true, what: `${op} ${JSON.stringify(input).slice(0, 300)}` }));
          }),
          params(12),
        );
      });

      it(`${protocol}: truncated bodies are SerializationExceptions`, async () => {
        await fc.assert(
          fc.asyncProperty(truncatedArb(protocol), async ({ op, body }) => {
            const res = await call(protocol, op, body);
            count(checkAnswer(res, { protocol, op, codes: ['SerializationException'], what: `${op} ${body.toString('hex').slice(0, 200)}` }));
          }),
          params(3),
        );
      });

      it(`${protocol}: random bytes`, async () => {
        await fc.assert(
          fc.asyncProperty(operationArb, randomBytesArb, async (op, body) => {
            const res = await call(protocol, op, body);
            count(checkAnswer(res, { protocol, op, codes: ROUTED, allowOk: true, what: `${op} ${body.toString('hex').slice(0, 200)}` }));
          }),
          params(4),
        );
      });

      it(`${protocol}: huge strings and lists are answered quickly, never with a 500`, async () => {
        for (const c of hugeCases(scale.hugeString, scale.hugeList)) {
          const body = encodeBody(c.input, protocol);
          const res = await call(protocol, c.op, body);
          // Not every member has a length limit in the model (DescribeImages' Names items do not): a
          // huge valid value gets the operation's modeled answer.
          const codes = body.length > server.config.maxBodyBytes ? ['RequestEntityTooLargeException'] : ROUTED;
          const code = checkAnswer(res, { protocol, op: c.op, codes, allowOk: true, what: `${c.label} (${body.length} bytes, ${protocol})` });
          count(code);
          assert.ok(res.ms < 10_000, `${c.label} took ${Math.round(res.ms)} ms`);
        }
      });

      it(`${protocol}: wrong content types are 415`, async () => {
        const types = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', protocol === 'json' ? 'application/cbor' : 'application/x-amz-json-1.1', 'image/png', ';;;', 'application/x-www-form-urlencoded', protocol === 'json' ? 'application/json-seq' : 'application/cbor-seq'];
        await fc.assert(
          fc.asyncProperty(operationArb, fc.constantFrom(...types), async (op, contentType) => {
            const res = await call(protocol, op, encodeBody({}, protocol), { contentType });
            count(checkAnswer(res, { protocol, op, codes: ['UnsupportedMediaTypeException'], what: `${op} ${contentType} (${protocol})` }));
          }),
          { ...params(5), numRuns: Math.min(scale.runs, 60) },
        );
      });
    }

    it('json: random JSON texts', async () => {
      await fc.assert(
        fc.asyncProperty(operationArb, randomJsonArb, async (op, body) => {
          const res = await call('json', op, body);
          count(checkAnswer(res, { protocol: 'json', op, codes: ROUTED, allowOk: true, what: `${op} ${body.toString().slice(0, 200)}` }));
        }),
        params(6),
      );
    });

    it('cbor: random CBOR data items', async () => {
      await fc.assert(
        fc.asyncProperty(operationArb, randomCborArb, async (op, body) => {
          const res = await call('cbor', op, body);
          count(checkAnswer(res, { protocol: 'cbor', op, codes: ROUTED, allowOk: true, what: `${op} ${body.toString('hex').slice(0, 200)}` }));
        }),
        params(7),
      );
    });

    it('json: invalid UTF-8 is a SerializationException', async () => {
      await fc.assert(
        fc.asyncProperty(invalidUtf8JsonArb, async ({ op, body }) => {
          const res = await call('json', op, body);
          count(checkAnswer(res, { protocol: 'json', op, codes: ['SerializationException'], what: `${op} ${body.toString('hex')}` }));
        }),
        { ...params(8), numRuns: Math.min(scale.runs, 100) },
      );
    });

    it('cbor: invalid UTF-8 in a text string is a SerializationException', async () => {
      await fc.assert(
        fc.asyncProperty(invalidUtf8CborArb, async ({ op, body }) => {
          const res = await call('cbor', op, body);
          count(checkAnswer(res, { protocol: 'cbor', op, codes: ['SerializationException'], what: `${op} ${body.toString('hex')}` }));
        }),
        { ...params(9), numRuns: Math.min(scale.runs, 100) },
      );
    });

    it('cbor: oddities (special tags, shared references, __proto__, lying lengths) never get a 500', async () => {
      for (const [label, body] of Object.entries(CBOR_ODDITIES)) {
        for (const op of ['DescribeImages', 'TagResource', 'CreateImageBuilder']) {
          const res = await call('cbor', op, body);
          count(checkAnswer(res, { protocol: 'cbor', op, codes: ROUTED, allowOk: true, what: `${label} to ${op}` }));
        }
      }
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype polluted');
    });

    it('cbor: the inputs of issue 16 (Smithy compliance run) get their answers', async () => {
      for (const c of ISSUE_16_INPUTS) {
        const res = await call('cbor', c.op, c.body);
        const code = checkAnswer(res, { protocol: 'cbor', op: c.op, codes: [c.code], allowOk: c.code === 'OK', what: c.label });
        assert.equal(code, c.code, c.label);
        count(code);
      }
    });

    const readOnly = (op: string) => op.startsWith('Describe') || op.startsWith('List');
    /** The codes of `input` in cbor-x's definite encoding and of `body` (the same input written otherwise). */
    async function bothCodes(op: string, input: Record<string, unknown>, body: Buffer): Promise<{ plain: string; other: string; what: string }> {
      const what = `${op} ${body.toString('hex').slice(0, 300)}`;
      const codeOf = async (bytes: Buffer) => checkAnswer(await call('cbor', op, bytes), { protocol: 'cbor', op, codes: ROUTED, allowOk: true, what });
      const plain = await codeOf(encodeBody(input, 'cbor'));
      const other = await codeOf(body);
      count(other);
      return { plain, other, what };
    }

    it('cbor: indefinite-length strings (and containers) anywhere read as the definite encoding', async () => {
      await fc.assert(
        fc.asyncProperty(indefiniteInputArb, async ({ op, input, body }) => {
          const { plain, other, what } = await bothCodes(op, input, body);
          // A write may answer differently the second time (the name is taken); readability may not.
          if (readOnly(op)) assert.equal(other, plain, what);
          else assert.equal(other === 'SerializationException', plain === 'SerializationException', `${plain} vs ${other}: ${what}`);
        }),
        params(13),
      );
    });

    it('cbor: a key that is not a text string, in any map, is a SerializationException', async () => {
      await fc.assert(
        fc.asyncProperty(nonTextKeyInputArb, async ({ op, body }) => {
          const res = await call('cbor', op, body);
          count(checkAnswer(res, { protocol: 'cbor', op, codes: ['SerializationException'], what: `${op} ${body.toString('hex').slice(0, 300)}` }));
        }),
        params(14),
      );
    });

    it('duplicate keys: the last value wins, in both protocols', async () => {
      // DECISION (src/protocol/rpc-v2-cbor.ts): as JSON.parse does for awsJson1_1.
      const text = (t: string) => Buffer.concat([Buffer.from([0x60 + t.length]), Buffer.from(t)]);
      for (const [first, last, expected] of [[99, 5, 'OK'], [5, 99, 'ValidationException']] as const) {
        const json = Buffer.from(`{"MaxResults":${first},"MaxResults":${last}}`);
        const cbor = Buffer.concat([Buffer.from([0xa2]), text('MaxResults'), Buffer.from([0x18, first]), text('MaxResults'), Buffer.from([0x18, last])]);
        for (const [protocol, body] of [['json', json], ['cbor', cbor]] as [Protocol, Buffer][]) {
          const code = checkAnswer(await call(protocol, 'DescribeImages', body), { protocol, op: 'DescribeImages', codes: ['ValidationException'], allowOk: true, what: `${first} then ${last} (${protocol})` });
          assert.equal(code, expected, `MaxResults ${first} then ${last} (${protocol})`);
        }
      }
      await fc.assert(
        fc.asyncProperty(duplicateKeyInputArb, async ({ op, input, body }) => {
          const { plain, other, what } = await bothCodes(op, input, body);
          if (readOnly(op)) assert.equal(other, plain, what);
        }),
        params(15),
      );
    });

    it('header combinations on both paths answer as the protocol rules say', async () => {
      const targets: Record<string, string>[] = [{}, { 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' }, { 'x-amzn-target': 'PhotonAdminProxyService.DescribeImages' }, { 'x-amz-target': '', 'x-amzn-target': 'x' }];
      const cborTypes = [undefined, 'application/cbor', 'application/cbor; charset=binary', 'APPLICATION/CBOR', 'application/cbor-seq', 'application/json', 'application/cbor+x'];
      const smithy = [undefined, 'rpc-v2-cbor', 'rpc-v2-json', 'RPC-V2-CBOR'];
      let cases = 0;
      for (const service of ['PhotonAdminProxyService', 'com.amazonaws.appstream.PhotonAdminProxyService']) {
        for (const target of targets) {
          for (const contentType of cborTypes) {
            for (const protocolHeader of smithy) {
              for (const body of [Buffer.alloc(0), Buffer.from([0xa0])]) {
                const path = `/service/${service}/operation/DescribeImages`;
                const headers: Record<string, string> = { accept: 'application/cbor', ...target };
                if (contentType !== undefined) headers['content-type'] = contentType;
                if (protocolHeader !== undefined) headers['smithy-protocol'] = protocolHeader;
                // The rules, in the order the server applies them.
                const expected =
                  Object.keys(target).length > 0 ? 'SerializationException'
                  : body.length > 0 && !/^application\/cbor(;|$)/i.test(contentType ?? '') ? 'UnsupportedMediaTypeException'
                  : protocolHeader !== 'rpc-v2-cbor' ? 'SerializationException'
                  : 'OK';
                sent++;
                const res = await send(server.url, { path, headers: await signedHeaders(server.url, { path, headers, body }), body });
                const what = `${JSON.stringify(headers)} ${body.length ? 'with' : 'without'} a body to ${service}`;
                const code = checkAnswer(res, { protocol: 'cbor', op: 'DescribeImages', codes: [expected], allowOk: expected === 'OK', what });
                assert.equal(code, expected, what);
                count(code);
                cases++;
              }
            }
          }
        }
      }
      const jsonTypes = [undefined, 'application/x-amz-json-1.1', 'application/x-amz-json-1.0; charset=utf-8', 'application/json', 'application/json-seq', 'application/cbor', 'text/json'];
      const jsonTargets = [undefined, 'PhotonAdminProxyService.DescribeImages', 'PhotonAdminProxyService.Nope', 'DescribeImages'];
      for (const contentType of jsonTypes) {
        for (const target of jsonTargets) {
          for (const protocolHeader of [undefined, 'rpc-v2-cbor']) {
            const headers: Record<string, string> = {};
            if (contentType !== undefined) headers['content-type'] = contentType;
            if (target !== undefined) headers['x-amz-target'] = target;
            if (protocolHeader !== undefined) headers['smithy-protocol'] = protocolHeader;
            const expected =
              contentType !== undefined && !/^application\/(x-amz-json-1\.[01]|json)(;|$)/.test(contentType) ? 'UnsupportedMediaTypeException'
              : target !== 'PhotonAdminProxyService.DescribeImages' ? 'UnknownOperationException'
              : 'OK';
            sent++;
            const res = await send(server.url, { path: '/', headers: await signedHeaders(server.url, { headers, body: '{}' }), body: '{}' });
            const what = JSON.stringify(headers);
            const code = checkAnswer(res, { protocol: 'json', op: 'DescribeImages', codes: [expected], allowOk: expected === 'OK', what });
            assert.equal(code, expected, what);
            count(code);
            cases++;
          }
        }
      }
      assert.equal(cases, 2 * 4 * 7 * 4 * 2 + 7 * 4 * 2);
    });

    it('regression: cbor: a Map (tag 259) or an object of tag 27 is not read as an empty structure', async () => {
      // cbor-x decodes tag 259 to a Map and tag 27 to a class instance; both passed validation as
      // objects with no members, so {"ImagePermissions": Map{allowFleet: true}} lost its content silently.
      const text = (t: string) => Buffer.concat([Buffer.from([0x60 + Buffer.byteLength(t)]), Buffer.from(t)]);
      const mapOf = (key: string, value: Buffer) => Buffer.concat([Buffer.from([0xd9, 0x01, 0x03, 0xa1]), text(key), value]);
      const cases: [string, Buffer][] = [
        ['UpdateImagePermissions', Buffer.concat([Buffer.from([0xa3]), text('Name'), text('x'), text('SharedAccountId'), text('123456789012'), text('ImagePermissions'), mapOf('allowFleet', Buffer.from([0xf5]))])],
        ['TagResource', Buffer.concat([Buffer.from([0xa2]), text('ResourceArn'), text('arn:aws:appstream:us-east-1:111111111111:image/x'), text('Tags'), mapOf('k', text('v'))])],
        ['DescribeImages', Buffer.concat([Buffer.from([0xd9, 0x01, 0x03, 0xa1]), text('MaxResults'), Buffer.from([0x01])])],
        ['CreateImageBuilder', Buffer.concat([Buffer.from([0xa3]), text('Name'), text('b'), text('InstanceType'), text('stream.standard.small'), text('VpcConfig'), Buffer.from([0xd8, 0x1b, 0x82]), text('Object'), Buffer.from([0xa0])])],
      ];
      for (const [op, body] of cases) {
        const res = await call('cbor', op, body);
        count(checkAnswer(res, { protocol: 'cbor', op, codes: ['SerializationException'], what: `${op} ${body.toString('hex')}` }));
      }
    });

    for (const protocol of PROTOS) {
      it(`regression: a tag key "__proto__" (valid for the model) is kept and listed (${protocol})`, async () => {
        // It was stored, then lost when the tags were read into a plain object ({}["__proto__"] = v
        // sets nothing), so TagResource answered 200 and ListTagsForResource never showed it.
        const seed = { images: [{ AccountId: '111111111111', Region: 'us-east-1', Name: `proto-${protocol}`, State: 'AVAILABLE' }] };
        await send(server.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
        const arn = `arn:aws:appstream:us-east-1:111111111111:image/proto-${protocol}`;
        const tags = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') as Record<string, string>;
        const tagged = await call(protocol, 'TagResource', encodeBody({ ResourceArn: arn, Tags: tags }, protocol));
        assert.equal(tagged.status, 200, tagged.body.toString());
        const listed = await call(protocol, 'ListTagsForResource', encodeBody({ ResourceArn: arn }, protocol));
        assert.equal(listed.status, 200);
        // (cbor-x's own object decoding renames "__proto__" to "__proto_": read Maps here.)
        const body = protocol === 'json' ? JSON.parse(listed.body.toString()) : { Tags: Object.fromEntries((cborMapDecoder.decode(listed.body) as Map<string, Map<string, string>>).get('Tags')!) };
        assert.deepEqual(Object.entries(body.Tags).sort(), [['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]);
      });
    }

    it('deep nesting, in known and unknown members, both protocols', async () => {
      for (const depth of [10, 65, 1000, 100_000, 1_000_000]) {
        for (const [label, protocol, body, codes] of [
          ['json array in Names', 'json', deepJson(depth), ['SerializationException']],
          ['json object in Names', 'json', deepJson(depth, 'Names', 'object'), ['SerializationException']],
          ['json array in an unknown member', 'json', deepJson(depth, 'Unknown'), ['SerializationException', 'ValidationException']],
          ['cbor array in Names', 'cbor', deepCbor(depth), ['SerializationException']],
          ['cbor array in an unknown member', 'cbor', deepCbor(depth, 'Unknown'), ['SerializationException']],
        ] as [string, Protocol, Buffer, string[]][]) {
          const res = await call(protocol, 'DescribeImages', body);
          if (body.length > server.config.maxBodyBytes) codes.push('RequestEntityTooLargeException');
          // An unknown member is ignored (as AWS does), so a deep one in JSON may be served.
          count(checkAnswer(res, { protocol, op: 'DescribeImages', codes, allowOk: label.includes('unknown'), what: `${label}, depth ${depth}` }));
        }
      }
    });

    it('wrong paths and methods: 404, 405, UnknownOperationException', async () => {
      const pathArb = fc.oneof(
        fc.webPath().filter((p) => p !== '/' && p !== '' && !p.startsWith(CBOR_PREFIX) && !p.startsWith('/_appstream')),
        fc.constantFrom('/service', '/service/PhotonAdminProxyService', '/service/PhotonAdminProxyService/operation', '//', '/%00', '/..%2f..%2fetc%2fpasswd', '/' + 'x'.repeat(8000)),
      );
      await fc.assert(
        fc.asyncProperty(pathArb, fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'), async (path, method) => {
          const p = path.startsWith('/') ? path : '/' + path;
          sent++;
          const res = await send(server.url, { method, path: p, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: method === 'GET' ? undefined : '{}' });
          count(checkAnswer(res, { codes: ['UnknownOperationException'], what: `${method} ${p.slice(0, 100)}` }));
          assert.equal(res.status, 404, `${method} ${p.slice(0, 100)}`);
          // Every answer under /service/ is CBOR (a CBOR client reads nothing else); JSON elsewhere.
          const cborPath = p === '/service' || p.startsWith('/service/');
          assert.match(String(res.headers['content-type']), cborPath ? /^application\/cbor$/ : /json/, `${method} ${p.slice(0, 100)}`);
        }),
        { ...params(10), numRuns: Math.min(scale.runs, 100) },
      );
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        for (const protocol of PROTOS) {
          const { path, headers } = apiRequest(protocol, 'DescribeImages');
          sent++;
          const res = await send(server.url, { method, path, headers });
          count(checkAnswer(res, { codes: ['UnknownOperationException'], what: `${method} ${path}` }));
          assert.equal(res.status, 405);
        }
      }
      // Operations that the model does not have, and names that are almost right.
      for (const name of ['DescribeImage', 'describeimages', 'DescribeImages%20', 'DescribeImages/x', '', '../DescribeImages', '%44escribeImages']) {
        for (const protocol of PROTOS) {
          const res = await call(protocol, name, encodeBody({}, protocol));
          count(checkAnswer(res, { protocol, codes: ['UnknownOperationException'], what: `operation '${name}' (${protocol})` }));
        }
      }
    });

    it('the control API: random JSON to every route is a 4xx with a JSON error, never a 500', async () => {
      const routes = [
        '/_appstream/seed',
        '/_appstream/clock',
        '/_appstream/failures',
        '/_appstream/image-assistant/add-application',
        '/_appstream/image-assistant/create-image',
        '/_appstream/console/api/call',
        '/_appstream/console/api/images',
        '/_appstream/console/api/image-history',
        '/_appstream/console/api/builder-history',
      ];
      const seedLike = fc.record(
        {
          images: fc.array(fc.record({ AccountId: fc.oneof(fc.constant('123456789012'), fc.string()), Region: fc.constantFrom('us-east-1', 'x', ''), Name: fc.string(), State: fc.string(), CreatedTime: fc.oneof(fc.string(), fc.double(), fc.integer()), Tags: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 3 }),
          imagePermissions: fc.array(fc.jsonValue(), { maxLength: 2 }),
          imageBuilders: fc.array(fc.record({ AccountId: fc.string(), Region: fc.string(), Name: fc.string(), ImageName: fc.string(), InstanceType: fc.string(), State: fc.string() }, { requiredKeys: [] }), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      );
      const callLike = fc.record({ Operation: fc.oneof(operationArb, fc.string()), Input: fc.oneof(fc.jsonValue(), operationInputArb.map((x) => x.input)), AccountId: fc.oneof(fc.constant('123456789012'), fc.string()), Region: fc.oneof(fc.constant('us-east-1'), fc.string()) }, { requiredKeys: [] });
      const bodyArb = fc.oneof(
        randomJsonArb,
        seedLike.map((v) => Buffer.from(JSON.stringify(v))),
        callLike.map((v) => Buffer.from(JSON.stringify(v))),
        fc.record({ advanceSeconds: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(1e308), fc.constant(-1)) }).map((v) => Buffer.from(JSON.stringify(v))),
        fc.record({ Operation: fc.string(), AccountId: fc.string(), Count: fc.oneof(fc.integer(), fc.double(), fc.string()) }, { requiredKeys: [] }).map((v) => Buffer.from(JSON.stringify(v))),
        randomBytesArb,
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), bodyArb, async (path, body) => {
          sent++;
          const res = await send(server.url, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body });
          assert.ok(res.status < 500, `${res.status} for POST ${path} ${body.subarray(0, 300).toString()}: ${res.body.subarray(0, 300).toString()}`);
          if (res.status >= 400) {
            const doc = JSON.parse(res.body.toString());
            assert.equal(typeof doc.__type, 'string');
            assert.equal(typeof doc.message, 'string');
          }
          count(`control-${res.status}`);
        }),
        params(11),
      );
      // Put the clock and the store back as they were for the other properties.
      await send(server.url, { method: 'POST', path: '/_appstream/reset', headers: { 'content-type': 'application/json' }, body: '{}' });
    });

    it('regression: advancing the clock past year 9999 is refused, and the clock keeps working', async () => {
      // {"advanceSeconds": 1e308} used to store an offset of Infinity: a 500, then every read of
      // the clock broken for good (the offset lives in the store).
      for (const advanceSeconds of [1e308, 1e15, 300_000_000_000]) {
        const res = await send(server.url, { method: 'POST', path: '/_appstream/clock', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds }) });
        assert.equal(res.status, 400, `${advanceSeconds}: ${res.body}`);
      }
      const clock = await send(server.url, { method: 'GET', path: '/_appstream/clock' });
      assert.equal(clock.status, 200);
      assert.ok(Number.isFinite(JSON.parse(clock.body.toString()).epochMillis));
    });

    it('absurd Content-Length headers: 413 or 400, and the connection is closed', async () => {
      const u = new URL(server.url);
      const target = 'PhotonAdminProxyService.DescribeImages';
      const signed = await signedHeaders(server.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body: '{}' });
      const base = Object.entries(signed).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const variants: [string, number[]][] = [
        ['99999999999999999999', [400, 413]],
        ['9007199254740993', [400, 413]],
        [String(server.config.maxBodyBytes + 1), [413]],
        ['1000000000', [413]],
        ['-1', [400]],
        ['abc', [400]],
        ['1e3', [400]],
        ['2, 3', [400]],
        [' 0x10', [400]],
      ];
      for (const [value, statuses] of variants) {
        sent++;
        const r = await rawExchange(server.url, [`POST / HTTP/1.1\r\nhost: ${u.host}\r\n${base}content-length: ${value}\r\n\r\n{}`], { timeoutMs: 8000 });
        assert.ok(r.status !== null && statuses.includes(r.status), `Content-Length ${value}: status ${r.status} (${r.raw.subarray(0, 200).toString()})`);
        assert.ok(r.closedByServer, `Content-Length ${value}: the connection stays open`);
        count(`http-${r.status}`);
      }
      // Two different lengths, and a length with chunked encoding (request smuggling shapes).
      for (const extra of ['content-length: 2\r\ncontent-length: 30\r\n', 'content-length: 2\r\ntransfer-encoding: chunked\r\n']) {
        sent++;
        const r = await rawExchange(server.url, [`POST / HTTP/1.1\r\nhost: ${u.host}\r\n${base}${extra}\r\n{}`], { timeoutMs: 8000 });
        assert.equal(r.status, 400, `${extra.trim()}: ${r.raw.subarray(0, 200).toString()}`);
        assert.ok(r.closedByServer);
        count(`http-${r.status}`);
      }
    });

    it('the server is still up, serves both protocols, and its memory stayed bounded', async () => {
      for (const protocol of PROTOS) {
        const res = await call(protocol, 'DescribeImages', encodeBody({}, protocol));
        assert.equal(res.status, 200, res.body.toString());
      }
      const health = await send(server.url, { method: 'GET', path: '/_appstream/health' });
      assert.equal(health.status, 200);
      gc?.();
      const rssAfter = process.memoryUsage().rss;
      const growth = (rssAfter - rssBefore) / 1024 / 1024;
      process.stdout.write(`# fuzz ${scale.name}: rss ${Math.round(rssBefore / 1048576)} MB -> ${Math.round(rssAfter / 1048576)} MB\n`);
      assert.ok(growth < 400, `rss grew by ${Math.round(growth)} MB`);
    });
  });
}

/** The resident set of another process, in bytes (Linux /proc; undefined elsewhere). */
function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The same generators against the real CLI (SQLite store, its own process), `count` requests
 * with 8 in flight: the process stays up, keeps serving, and its resident memory stays bounded.
 */
export function childFuzz(scale: { name: string; seed: number; count: number }): void {
  describe(`fuzz against the real CLI process (${scale.name}, seed ${scale.seed})`, () => {
    let child: ChildServer;
    before(async () => {
      child = await startChildServer(['--data-dir', tempDir('asl-fuzz-'), '--transition-seconds', '0']);
    });
    after(async () => {
      const exit = await child.stop();
      assert.equal(exit.code, 0, child.stderr());
    });

    it(`${scale.count} generated requests in both protocols: no 500, the process stays up, memory bounded`, async () => {
      const protocolArb = fc.constantFrom<Protocol>('json', 'cbor');
      const caseArb = fc.oneof(
        fc.tuple(protocolArb, operationInputArb).map(([protocol, { op, input }]) => ({ protocol, op, body: encodeBody(input, protocol) })),
        fc.tuple(protocolArb, imageOperationInputArb).map(([protocol, { op, input }]) => ({ protocol, op, body: encodeBody(input, protocol) })),
        fc.tuple(protocolArb, operationArb, randomBytesArb).map(([protocol, op, body]) => ({ protocol, op, body })),
        fc.tuple(operationArb, randomJsonArb).map(([op, body]) => ({ protocol: 'json' as Protocol, op, body })),
        fc.tuple(operationArb, randomCborArb).map(([op, body]) => ({ protocol: 'cbor' as Protocol, op, body })),
        truncatedArb('json').map((c) => ({ protocol: 'json' as Protocol, ...c })),
        truncatedArb('cbor').map((c) => ({ protocol: 'cbor' as Protocol, ...c })),
        wrongTypeArb('cbor').map(({ op, input }) => ({ protocol: 'cbor' as Protocol, op, body: encodeBody(input, 'cbor') })),
      );
      const cases = fc.sample(caseArb, { seed: scale.seed, numRuns: scale.count });
      // Warm up, then measure from a settled process.
      for (const c of cases.slice(0, 50)) await signedCall(child.url, c.protocol, c.op, c.body);
      const before = rssOf(child.pid);
      const codes = new Map<string, number>();
      await pool(cases, 8, async (c) => {
        const res = await signedCall(child.url, c.protocol, c.op, c.body, { timeoutMs: 15_000 });
        const code = checkAnswer(res, { protocol: c.protocol, op: c.op, codes: ROUTED, allowOk: true, what: `${c.op} ${c.body.toString('hex').slice(0, 200)} (${c.protocol})` });
        codes.set(code, (codes.get(code) ?? 0) + 1);
      });
      const afterRss = rssOf(child.pid);
      assert.equal(child.process.exitCode, null, 'the process is still running');
      const health = await send(child.url, { method: 'GET', path: '/_appstream/health' });
      assert.equal(health.status, 200);
      const summary = [...codes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}=${n}`).join(' ');
      process.stdout.write(
        `# fuzz ${scale.name} (real CLI): ${cases.length} requests; server rss ${before === undefined ? '?' : Math.round(before / 1048576)} MB -> ${afterRss === undefined ? '?' : Math.round(afterRss / 1048576)} MB; ${summary}\n`,
      );
      if (before !== undefined && afterRss !== undefined) assert.ok(afterRss - before < 200 * 1048576, `server rss grew by ${Math.round((afterRss - before) / 1048576)} MB`);
    });
  });
}

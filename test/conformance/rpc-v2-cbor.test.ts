// The wire as the Smithy RPC v2 CBOR spec and the model want it (SPEC §1, issue 16): each
// finding of Smithy's compliance run, with the exact input it was found with and its right
// answer, and the kind it stands for (all strings, all maps, every error, every path).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateImportedImageCommand,
  DescribeImagesCommand,
  DryRunOperationException,
  InvalidParameterCombinationException,
  ResourceNotFoundException,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { cborCall, CBOR_HEADERS, jsonCall, rawRequest, signedHeaders, type RawResponse } from '../support/raw.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
/** A definite text string item. */
const text = (t: string) => {
  const b = Buffer.from(t);
  if (b.length >= 24) return Buffer.concat([Buffer.from([0x78, b.length]), b]);
  return Buffer.concat([Buffer.from([0x60 + b.length]), b]);
};
/** An indefinite-length text string item made of `chunks`. */
const chunked = (...chunks: string[]) => Buffer.concat([Buffer.from([0x7f]), ...chunks.map(text), Buffer.from([0xff])]);
const map = (...pairs: Buffer[][]) => Buffer.concat([Buffer.from([0xa0 + pairs.length]), ...pairs.flat()]);
const ARN = `arn:aws:appstream:us-east-1:${OWNER}:image/wire-img`;

/** Asserts a CBOR answer: the protocol's headers, no X-Amzn-ErrorType, and (for errors) the body. */
function assertCborError(r: RawResponse, status: number, body: Record<string, string>, what = '') {
  assert.equal(r.status, status, `${what}: ${r.body.toString('hex').slice(0, 200)}`);
  assert.equal(r.headers.get('content-type'), 'application/cbor', what);
  assert.equal(r.headers.get('smithy-protocol'), 'rpc-v2-cbor', what);
  assert.equal(r.headers.get('x-amzn-errortype'), null, `${what}: a CBOR answer carries X-Amzn-ErrorType`);
  assert.ok(r.headers.get('x-amzn-requestid'), what);
  assert.deepEqual(r.cbor(), body, what);
}

const serialization = (message: string) => ({ __type: 'com.amazon.coral.service#SerializationException', message });

describe('RPC v2 CBOR as the Smithy spec wants it', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
    await seedOk(server.url, { images: [{ AccountId: OWNER, Region: 'us-east-1', Name: 'wire-img' }] });
  });
  after(() => server.close());

  describe('1. indefinite-length text and byte strings are read like definite ones', () => {
    it('the issue\'s input: Type = "PUB" + "LIC" answers as Type = "PUBLIC"', async () => {
      const definite = await cborCall(server.url, 'DescribeImages', hex('a16454797065665055424c4943'));
      const indefinite = await cborCall(server.url, 'DescribeImages', hex('a164547970657f63505542634c4943ff'));
      assert.equal(definite.status, 200);
      assert.equal(indefinite.status, 200, indefinite.body.toString('hex'));
      const images = indefinite.cbor().Images as { Name: string; Visibility: string }[];
      assert.ok(images.length > 0 && images.every((i) => i.Visibility === 'PUBLIC'));
      assert.deepEqual(indefinite.cbor(), definite.cbor());
    });

    it('in a key: "Ty" + "pe"', async () => {
      const r = await cborCall(server.url, 'DescribeImages', map([chunked('Ty', 'pe'), text('PRIVATE')]));
      assert.equal(r.status, 200, r.body.toString('hex'));
      assert.deepEqual((r.cbor().Images as { Name: string }[]).map((i) => i.Name), ['wire-img']);
    });

    it('in list items: Names = ["wire" + "-img"], and a missing one is named whole', async () => {
      const found = await cborCall(server.url, 'DescribeImages', map([text('Names'), Buffer.concat([Buffer.from([0x81]), chunked('wire', '-img')])]));
      assert.equal(found.status, 200);
      assert.deepEqual((found.cbor().Images as { Name: string }[]).map((i) => i.Name), ['wire-img']);
      const missing = await cborCall(server.url, 'DescribeImages', map([text('Names'), Buffer.concat([Buffer.from([0x9f]), chunked('no', '', 'pe'), Buffer.from([0xff])])]));
      assertCborError(missing, 404, {
        __type: 'com.amazonaws.appstream#ResourceNotFoundException',
        Message: `The image nope for account ${OWNER} does not exist.`,
      });
    });

    it('in an unknown member (an indefinite byte string) and in a map\'s keys and values', async () => {
      const unknown = map([text('Type'), text('PRIVATE')], [text('Extra'), hex('5f 41 01 42 0203 40 ff')]);
      const r = await cborCall(server.url, 'DescribeImages', unknown);
      assert.equal(r.status, 200, r.body.toString('hex'));
      assert.equal((r.cbor().Images as unknown[]).length, 1);
      const tag = await cborCall(server.url, 'TagResource', map([text('ResourceArn'), text(ARN)], [text('Tags'), map([chunked('te', 'am'), chunked('bl', 'ue')])]));
      assert.equal(tag.status, 200, tag.body.toString('hex'));
      const listed = await cborCall(server.url, 'ListTagsForResource', { ResourceArn: ARN });
      assert.deepEqual(listed.cbor().Tags, { team: 'blue' });
    });

    it('an empty indefinite string is the empty string (Type "" fails the enum)', async () => {
      const r = await cborCall(server.url, 'DescribeImages', map([text('Type'), hex('7fff')]));
      assertCborError(r, 400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: "1 validation error detected: Value '' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PUBLIC, PRIVATE, SHARED]",
      });
    });

    it('chunks that are not definite strings of the same type, or a character split between chunks: SerializationException', async () => {
      const bad = 'Request body holds an indefinite-length string whose chunks are not definite strings of its type.';
      for (const [label, value, message] of [
        ['a byte chunk in a text string', hex('7f 41 50 ff'), bad],
        ['a nested indefinite chunk', hex('7f 7f 61 50 ff ff'), bad],
        ['an integer chunk', hex('7f 01 ff'), bad],
        ['é split between two chunks', hex('7f 61 c3 61 a9 ff'), 'Request body holds a text string that is not valid UTF-8.'],
      ] as [string, Buffer, string][]) {
        const r = await cborCall(server.url, 'DescribeImages', map([text('Type'), value]));
        assertCborError(r, 400, serialization(message), label);
      }
    });
  });

  describe('2. a CBOR request that carries X-Amz-Target or X-Amzn-Target is rejected', () => {
    for (const name of ['x-amz-target', 'x-amzn-target', 'X-Amz-Target']) {
      it(`${name}`, async () => {
        const r = await cborCall(server.url, 'DescribeImages', {}, { headers: { [name]: 'PhotonAdminProxyService.DescribeImages' } });
        assertCborError(r, 400, serialization(`RPC v2 CBOR requests must not carry the header '${name.toLowerCase()}'.`));
      });
    }

    it('even when empty, and the JSON protocol still takes its X-Amz-Target', async () => {
      const r = await cborCall(server.url, 'DescribeImages', {}, { headers: { 'x-amzn-target': '' } });
      assertCborError(r, 400, serialization("RPC v2 CBOR requests must not carry the header 'x-amzn-target'."));
      assert.equal((await jsonCall(server.url, 'DescribeImages', {})).status, 200);
    });
  });

  describe("3. an error's HTTP status is the model's httpStatusCode, in both protocols", () => {
    for (const protocol of PROTOCOLS) {
      it(`404 ResourceNotFoundException, 412 DryRunOperationException, 400 the others (${protocol})`, async () => {
        const client = appStreamClient(server.url, protocol);
        await assert.rejects(client.send(new DescribeImagesCommand({ Names: ['nope'] })), (e: any) => {
          assert.ok(e instanceof ResourceNotFoundException, `${e.name} is not the SDK's ResourceNotFoundException`);
          assert.equal(e.$metadata.httpStatusCode, 404);
          assert.equal(e.message, `The image nope for account ${OWNER} does not exist.`);
          // In CBOR the message arrives in the modeled member, which the SDK keeps as such.
          if (protocol === 'rpcv2Cbor') assert.equal(e.Message, `The image nope for account ${OWNER} does not exist.`);
          return true;
        });
        await assert.rejects(
          client.send(new CreateImportedImageCommand({ Name: `dry-${protocol}`, SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: `arn:aws:iam::${OWNER}:role/Import`, DryRun: true })),
          (e: any) => {
            assert.ok(e instanceof DryRunOperationException, `${e.name} is not the SDK's DryRunOperationException`);
            assert.equal(e.$metadata.httpStatusCode, 412);
            return true;
          },
        );
        await assert.rejects(client.send(new DescribeImagesCommand({ Names: ['a'], Arns: [ARN] })), (e: any) => {
          assert.ok(e instanceof InvalidParameterCombinationException, e.name);
          assert.equal(e.$metadata.httpStatusCode, 400);
          return true;
        });
      });
    }

    it('boto3 sees 404 and 412 too', { skip: boto3SkipReason() }, async () => {
      const program = [
        'result = []',
        "for call in (lambda: client.describe_images(Names=['nope']), lambda: client.create_imported_image(Name='dry-py', SourceAmiId='ami-0123456789abcdef0', IamRoleArn='arn:aws:iam::111111111111:role/Import', DryRun=True)):",
        '    try:',
        '        call()',
        '        result.append(None)',
        '    except botocore.exceptions.ClientError as e:',
        "        result.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']])",
      ].join('\n');
      const r = await runBoto3(server.url, program);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.deepEqual(r.value, [['ResourceNotFoundException', 404], ['DryRunOperationException', 412]]);
    });
  });

  describe('4. error bodies: the shape ID and Message in CBOR; the bare name, message and Message in JSON', () => {
    it('a modeled error in CBOR: {__type: "com.amazonaws.appstream#<Code>", Message}, no X-Amzn-ErrorType', async () => {
      const r = await cborCall(server.url, 'DescribeImages', { Names: ['nope'] });
      assertCborError(r, 404, { __type: 'com.amazonaws.appstream#ResourceNotFoundException', Message: `The image nope for account ${OWNER} does not exist.` });
      const combo = await cborCall(server.url, 'DescribeImages', { Names: ['a'], Arns: [ARN] });
      assert.equal(combo.status, 400);
      assert.equal(combo.cbor().__type, 'com.amazonaws.appstream#InvalidParameterCombinationException');
      assert.deepEqual(Object.keys(combo.cbor()), ['__type', 'Message']);
    });

    it('protocol-level errors in CBOR: the coral shape IDs, the message in `message`', async () => {
      const unknown = await cborCall(server.url, 'DescribeUnicorns', {});
      assertCborError(unknown, 400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Unknown operation DescribeUnicorns' });
      const invalid = await cborCall(server.url, 'DescribeImages', { MaxResults: 30 });
      assertCborError(invalid, 400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: "1 validation error detected: Value '30' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
      });
    });

    it('awsJson1_1 is unchanged: the bare name, message and Message, and the X-Amzn-ErrorType header', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', { Names: ['nope'] });
      assert.equal(r.status, 404);
      const message = `The image nope for account ${OWNER} does not exist.`;
      assert.deepEqual(r.json(), { __type: 'ResourceNotFoundException', message, Message: message });
      assert.equal(r.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
      const invalid = await jsonCall(server.url, 'DescribeImages', { MaxResults: 30 });
      assert.equal(invalid.json().__type, 'ValidationException');
      assert.equal(invalid.headers.get('x-amzn-errortype'), 'ValidationException');
    });
  });

  describe('5. a map key that is not a text string is a SerializationException, in every map', () => {
    const keysError = serialization('Request body map keys must be text strings.');
    it('the issue\'s input: TagResource with Tags {1, null, true} stores nothing', async () => {
      const body = map([text('ResourceArn'), text(ARN)], [text('Tags'), hex('a3016178f66179f5617a')]);
      assertCborError(await cborCall(server.url, 'TagResource', body), 400, keysError);
      const listed = await cborCall(server.url, 'ListTagsForResource', { ResourceArn: ARN });
      const tags = (listed.cbor().Tags ?? {}) as Record<string, string>;
      for (const key of ['1', 'null', 'true']) assert.equal(tags[key], undefined, key);
    });

    it('at the top, in a structure, in an unknown member, in a list item, and a tagged text key', async () => {
      for (const [label, op, body] of [
        ['an integer key at the top', 'DescribeImages', hex('a1 01 02')],
        ['a byte-string key at the top (indefinite map)', 'DescribeImages', hex('bf 44 54797065 67 50524956415445 ff')],
        ['a boolean key in ImagePermissions', 'UpdateImagePermissions', map([text('Name'), text('wire-img')], [text('SharedAccountId'), text('222222222222')], [text('ImagePermissions'), hex('a1 f5 f5')])],
        ['a float key in an unknown member', 'DescribeImages', map([text('Unknown'), hex('a1 fb 3ff8000000000000 01')])],
        ['an array key in a list item', 'DescribeImages', map([text('Names'), hex('81 a1 80 01')])],
        ['a key of tag 0 around text', 'DescribeImages', hex('a1 c0 64 54797065 66 505542 4c4943')],
      ] as [string, string, Buffer][]) {
        assertCborError(await cborCall(server.url, op, body), 400, keysError, label);
      }
    });
  });

  describe('6. only application/cbor (with parameters) is CBOR', () => {
    it('application/cbor-seq and look-alikes: 415 in CBOR', async () => {
      for (const contentType of ['application/cbor-seq', 'application/cbor+x', 'application/cborx', 'application/json', 'text/cbor']) {
        const r = await cborCall(server.url, 'DescribeImages', {}, { headers: { 'content-type': contentType } });
        assertCborError(r, 415, { __type: 'com.amazon.coral.service#UnsupportedMediaTypeException', message: `Unsupported Content-Type: ${contentType}` }, contentType);
      }
    });

    it('application/cbor with parameters, in any case: served', async () => {
      for (const contentType of ['application/cbor; charset=binary', 'Application/CBOR', ' application/cbor ;x=1']) {
        const r = await cborCall(server.url, 'DescribeImages', {}, { headers: { 'content-type': contentType } });
        assert.equal(r.status, 200, contentType);
      }
    });

    it('the same rule for JSON: application/json-seq is 415, parameters are fine', async () => {
      for (const [contentType, status] of [
        ['application/json-seq', 415],
        ['application/x-amz-json-1.1x', 415],
        ['application/x-amz-json-1.1; charset=utf-8', 200],
        ['application/json', 200],
      ] as [string, number][]) {
        const headers = { 'content-type': contentType, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' };
        const r = await rawRequest(server.url, { headers: await signedHeaders(server.url, { headers, body: '{}' }), body: '{}' });
        assert.equal(r.status, status, contentType);
      }
    });
  });

  describe('7. the absolute service segment is routed, and every answer under /service/ is CBOR', () => {
    it('com.amazonaws.appstream.PhotonAdminProxyService answers as PhotonAdminProxyService', async () => {
      const absolute = await cborCall(server.url, 'DescribeImages', { Type: 'PRIVATE' }, { service: 'com.amazonaws.appstream.PhotonAdminProxyService' });
      assert.equal(absolute.status, 200);
      assert.deepEqual((absolute.cbor().Images as { Name: string }[]).map((i) => i.Name), ['wire-img']);
      const missing = await cborCall(server.url, 'DescribeImages', { Names: ['nope'] }, { service: 'com.amazonaws.appstream.PhotonAdminProxyService' });
      assert.equal(missing.status, 404);
      assert.equal(missing.cbor().__type, 'com.amazonaws.appstream#ResourceNotFoundException');
    });

    it('unknown paths under /service/: 404 in CBOR', async () => {
      for (const path of [
        '/service',
        '/service/',
        '/service/PhotonAdminProxyService',
        '/service/PhotonAdminProxyService/operation',
        '/service/OtherService/operation/DescribeImages',
        '/service/com.amazonaws.appstream/operation/DescribeImages',
        '/service/photonadminproxyservice/operation/DescribeImages',
        '/service/PhotonAdminProxyService/operations/DescribeImages',
        '/service/PhotonAdminProxyService/operation/DescribeImages/extra',
      ]) {
        const headers = await signedHeaders(server.url, { path, headers: CBOR_HEADERS, body: Buffer.from([0xa0]) });
        const r = await rawRequest(server.url, { path, headers, body: Buffer.from([0xa0]) });
        assertCborError(r, 404, { __type: 'com.amazon.coral.service#UnknownOperationException', message: `No route for ${path}` }, path);
      }
    });

    it('an operation that is an absolute shape ID is no operation (Smithy: servers must not accept it)', async () => {
      const r = await cborCall(server.url, 'com.amazonaws.appstream%23DescribeImages', {});
      assertCborError(r, 400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Unknown operation com.amazonaws.appstream%23DescribeImages' });
    });

    it('405, 413 and 415 on a CBOR path are CBOR', async () => {
      const path = '/service/PhotonAdminProxyService/operation/DescribeImages';
      const get = await rawRequest(server.url, { method: 'GET', path, headers: CBOR_HEADERS });
      assertCborError(get, 405, { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Method GET is not allowed; AWS operations are POST requests.' });
      const big = Buffer.concat([hex('a1 65 4e616d6573 81 7a'), Buffer.from([0, 0x50, 0, 0]), Buffer.alloc(0x500000, 0x61)]);
      const tooLarge = await rawRequest(server.url, { path, headers: { ...CBOR_HEADERS, 'content-length': String(big.length) }, body: big }).catch((e: Error) => e);
      if (!(tooLarge instanceof Error)) {
        assertCborError(tooLarge, 413, { __type: 'com.amazon.coral.service#RequestEntityTooLargeException', message: `Request body is larger than the limit of ${server.config.maxBodyBytes} bytes.` });
      }
      const unsupported = await cborCall(server.url, 'DescribeImages', {}, { headers: { 'content-type': 'text/plain' } });
      assert.equal(unsupported.status, 415);
      assert.equal(unsupported.headers.get('smithy-protocol'), 'rpc-v2-cbor');
    });

    it('paths elsewhere keep the JSON 404', async () => {
      const r = await rawRequest(server.url, { method: 'POST', path: '/services/PhotonAdminProxyService/operation/DescribeImages', headers: CBOR_HEADERS, body: Buffer.from([0xa0]) });
      assert.equal(r.status, 404);
      assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
      assert.equal(r.json().__type, 'UnknownOperationException');
    });
  });
});

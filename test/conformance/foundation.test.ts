// The foundation through real clients: both protocols, the protocol-level errors, identity.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStackCommand, DescribeImagesCommand, DescribeStacksCommand } from '@aws-sdk/client-appstream';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { awsJson11 } from '../../src/protocol/aws-json-1-1.js';
import { rpcV2Cbor } from '../../src/protocol/rpc-v2-cbor.js';
import { notImplemented } from '../../src/core/handler-types.js';
import { createHandlers } from '../../src/service/handlers.js';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { cbor, cborCall, JSON_CT, jsonCall, rawRequest, signedHeaders } from '../support/raw.js';
import { startTestServer } from '../support/server.js';

describe('foundation', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    it(`DescribeImages answers a well-formed result over ${protocol}`, async () => {
      const out = await appStreamClient(server.url, protocol).send(new DescribeImagesCommand({}));
      assert.ok(Array.isArray(out.Images));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    });

    it(`validation errors carry AWS's message over ${protocol}`, async () => {
      await assert.rejects(appStreamClient(server.url, protocol).send(new DescribeImagesCommand({ MaxResults: 30 })), (e: any) => {
        assert.equal(e.name, 'ValidationException');
        assert.equal(
          e.message,
          "1 validation error detected: Value '30' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
        );
        return true;
      });
    });
  }

  it('boto3 describe_images answers a list', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(server.url, "result = client.describe_images()['Images']");
    assert.equal(r.ok, true);
    assert.ok(Array.isArray(r.value));
  });

  it('boto3 sees ValidationException with the message', { skip: boto3SkipReason() }, async () => {
    const r = await runBoto3(server.url, "result = client.describe_images(Type='NOPE')");
    assert.equal(r.ok, false);
    assert.equal(r.errorCode, 'ValidationException');
    assert.equal(
      r.errorMessage,
      "1 validation error detected: Value 'NOPE' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PUBLIC, PRIVATE, SHARED]",
    );
  });

  it('the AWS CLI describe-images answers JSON', { skip: awsCliSkipReason() }, async () => {
    const r = await runAwsCli(server.url, ['describe-images']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Array.isArray((r.json as { Images: unknown[] }).Images));
  });

  // Every operation of the model is served since the fleets family (issue 13): no request reaches
  // the 501 answer over the wire any more, so the pipeline answers one for a table that lacks a handler.
  for (const protocol of [awsJson11, rpcV2Cbor]) {
    it(`an operation without a handler answers NotImplementedException 501 naming it (${protocol.name}, the pipeline)`, async () => {
      const json = protocol === awsJson11;
      const result = await runPipeline(
        {
          protocol,
          method: 'POST',
          path: json ? '/' : '/service/PhotonAdminProxyService/operation/DescribeFleets',
          query: {},
          headers: json
            ? { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeFleets' }
            : { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
          body: json ? Buffer.from('{}') : Buffer.from(cbor.encode({})),
        },
        {
          auth: { mode: 'off', credentials: new Map() },
          handlers: { ...createHandlers(server.service), DescribeFleets: notImplemented },
          classifyUnexpected: (e) => {
            throw e;
          },
        },
      );
      assert.equal(result.status, 501);
      const body = (json ? JSON.parse(result.body.toString('utf8')) : cbor.decode(result.body)) as { __type: string; message: string };
      assert.match(body.__type, /NotImplementedException$/);
      assert.match(body.message, /DescribeFleets/);
    });
  }

  describe('protocol-level errors (hand-made requests)', () => {
    it('unknown X-Amz-Target: UnknownOperationException', async () => {
      const r = await jsonCall(server.url, 'DescribeUnicorns', {});
      assert.equal(r.status, 400);
      assert.equal(r.json().__type, 'UnknownOperationException');
      assert.equal(r.headers.get('x-amzn-errortype'), 'UnknownOperationException');
      assert.ok(r.headers.get('x-amzn-requestid'));
    });

    it('unknown CBOR operation: UnknownOperationException in CBOR', async () => {
      const r = await cborCall(server.url, 'DescribeUnicorns', {});
      assert.equal(r.status, 400);
      assert.equal(r.cbor().__type, 'com.amazon.coral.service#UnknownOperationException');
      assert.equal(r.headers.get('smithy-protocol'), 'rpc-v2-cbor');
    });

    it('a body that is not JSON: SerializationException', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', '{"Names": [');
      assert.equal(r.status, 400);
      assert.equal(r.json().__type, 'SerializationException');
    });

    it('a JSON array body: SerializationException', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', '[1,2]');
      assert.equal(r.json().__type, 'SerializationException');
    });

    it('a member of the wrong type: SerializationException', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', { MaxResults: 'ten' });
      assert.equal(r.status, 400);
      assert.equal(r.json().__type, 'SerializationException');
    });

    it('a string escaping half a surrogate pair: SerializationException, nothing stored (the JS SDK sends such an escape)', async () => {
      const client = appStreamClient(server.url, 'awsJson1_1');
      await assert.rejects(client.send(new CreateStackCommand({ Name: 'lone-surrogate', Description: 'x\ud800y' })), (e: any) => {
        assert.equal(e.name, 'SerializationException');
        assert.equal(e.message, 'Request body holds a string with an unpaired surrogate escape, which is not valid Unicode.');
        return true;
      });
      // In a tag key, and a low half alone.
      const r = await jsonCall(server.url, 'CreateStack', '{"Name":"lone-surrogate","Tags":{"k\\uDC00":"v"}}');
      assert.equal(r.json().__type, 'SerializationException');
      assert.deepEqual((await client.send(new DescribeStacksCommand({}))).Stacks?.filter((s) => s.Name === 'lone-surrogate'), []);
    });

    it('the control API refuses half a surrogate pair too (a seed would store it)', async () => {
      const res = await fetch(`${server.url}/_appstream/seed`, {
        method: 'POST',
        body: '{"stacks":[{"AccountId":"123456789012","Region":"us-east-1","Name":"seeded-surrogate","Description":"x\\ud800"}]}',
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { message: string }).message, 'The request body holds a string with an unpaired surrogate escape, which is not valid Unicode.');
    });

    it('the control API refuses bytes that are not UTF-8, as the AWS API does', async () => {
      const res = await fetch(`${server.url}/_appstream/seed`, {
        method: 'POST',
        body: Buffer.concat([Buffer.from('{"stacks":[{"AccountId":"123456789012","Region":"us-east-1","Name":"bad-bytes","Description":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}]}')]),
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { message: string }).message, 'The request body is not valid UTF-8.');
    });

    it('a whole surrogate pair, escaped or not, is kept and answered intact in both protocols', async () => {
      const r = await jsonCall(server.url, 'CreateStack', '{"Name":"surrogate-pair","Description":"\\ud83d\\ude00 and \u{1F600}"}');
      assert.equal(r.status, 200, r.body.toString());
      for (const protocol of PROTOCOLS) {
        const out = await appStreamClient(server.url, protocol).send(new DescribeStacksCommand({ Names: ['surrogate-pair'] }));
        assert.equal(out.Stacks?.[0]?.Description, '\u{1F600} and \u{1F600}', protocol);
      }
    });

    it('unknown members are ignored', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', { Unicorn: true });
      assert.equal(r.status, 200);
      assert.ok(Array.isArray(r.json().Images));
    });

    it('bytes that are not CBOR: SerializationException in CBOR', async () => {
      const r = await cborCall(server.url, 'DescribeImages', Buffer.from([0xff, 0x00, 0x13]));
      assert.equal(r.status, 400);
      assert.equal(r.cbor().__type, 'com.amazon.coral.service#SerializationException');
    });

    it('CBOR that is not a map: SerializationException', async () => {
      const r = await cborCall(server.url, 'DescribeImages', Buffer.from(cbor.encode([1, 2, 3])));
      assert.equal(r.cbor().__type, 'com.amazon.coral.service#SerializationException');
    });

    it('two validation errors in one message', async () => {
      const r = await jsonCall(server.url, 'DescribeImages', { MaxResults: 99, Type: 'X' });
      assert.equal(r.json().__type, 'ValidationException');
      // Failures are listed in the model's member order (Type comes before MaxResults).
      assert.match(r.json().message, /^2 validation errors detected: Value 'X' at 'type' .*; Value '99' at 'maxResults' /);
    });

    it('a missing required member: ValidationException "Member must not be null"', async () => {
      const r = await jsonCall(server.url, 'DeleteImage', {});
      assert.equal(r.json().__type, 'ValidationException');
      assert.equal(r.json().message, "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    });

    it('an oversize body: 413, without reading it all', async () => {
      const big = Buffer.alloc(server.config.maxBodyBytes + 10, 0x20);
      const r = await rawRequest(server.url, {
        headers: { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' },
        body: big,
      }).catch((e) => e);
      // Either the 413 arrives or the server closes the connection after sending it.
      if (!(r instanceof Error)) {
        assert.equal(r.status, 413);
        assert.equal(r.json().__type, 'RequestEntityTooLargeException');
      }
    });

    it('an unknown path: 404 with an error body', async () => {
      const r = await rawRequest(server.url, { method: 'GET', path: '/nope' });
      assert.equal(r.status, 404);
      assert.ok(r.json().__type);
    });

    it('GET on the API: 405', async () => {
      const r = await rawRequest(server.url, { method: 'GET', path: '/' });
      assert.equal(r.status, 405);
    });

    it('a wrong content type: 415', async () => {
      const headers = { 'content-type': 'text/plain', 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' };
      const r = await rawRequest(server.url, { headers: await signedHeaders(server.url, { headers, body: '{}' }), body: '{}' });
      assert.equal(r.status, 415);
      assert.equal(r.json().__type, 'UnsupportedMediaTypeException');
    });

    it('no Authorization header: MissingAuthenticationTokenException 403', async () => {
      const r = await rawRequest(server.url, {
        headers: { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' },
        body: '{}',
      });
      assert.equal(r.status, 403);
      assert.equal(r.json().__type, 'MissingAuthenticationTokenException');
      assert.equal(r.json().message, 'Missing Authentication Token');
    });

    it('a malformed Authorization header: IncompleteSignatureException 403', async () => {
      const r = await rawRequest(server.url, {
        headers: {
          'content-type': JSON_CT,
          'x-amz-target': 'PhotonAdminProxyService.DescribeImages',
          authorization: 'AWS4-HMAC-SHA256 Credential=abc',
        },
        body: '{}',
      });
      assert.equal(r.status, 403);
      assert.equal(r.json().__type, 'IncompleteSignatureException');
      assert.match(r.json().message, /Signature/);
    });

    it('health answers status, version and store', async () => {
      const r = await rawRequest(server.url, { method: 'GET', path: '/_appstream/health' });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json()).sort(), ['status', 'store', 'version']);
      assert.equal(r.json().status, 'running');
      assert.equal(r.json().store, 'memory');
    });
  });
});

describe('auth modes', () => {
  it('off: unsigned requests are served as the default account', async () => {
    const server = await startTestServer({ auth: 'off' });
    try {
      const r = await rawRequest(server.url, {
        headers: { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' },
        body: '{}',
      });
      assert.equal(r.status, 200);
    } finally {
      await server.close();
    }
  });

  describe('verify', () => {
    let server: RunningServer;
    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'asl-creds-'));
      const file = join(dir, 'credentials.json');
      writeFileSync(file, JSON.stringify([{ accessKeyId: 'AKIDTESTVERIFY', secretAccessKey: 'right-secret', accountId: '123456789012' }]));
      server = await startTestServer({ auth: 'verify', credentialsFile: file });
    });
    after(() => server.close());

    for (const protocol of PROTOCOLS) {
      it(`the right signature passes (${protocol})`, async () => {
        const out = await appStreamClient(server.url, protocol, { accessKeyId: 'AKIDTESTVERIFY', secretAccessKey: 'right-secret' }).send(
          new DescribeImagesCommand({}),
        );
        assert.equal(out.$metadata.httpStatusCode, 200);
      });

      it(`a wrong secret: InvalidSignatureException (${protocol})`, async () => {
        await assert.rejects(
          appStreamClient(server.url, protocol, { accessKeyId: 'AKIDTESTVERIFY', secretAccessKey: 'wrong' }).send(new DescribeImagesCommand({})),
          (e: any) => e.name === 'InvalidSignatureException' && /signature we calculated does not match/.test(e.message),
        );
      });

      it(`an unknown key: UnrecognizedClientException (${protocol})`, async () => {
        await assert.rejects(
          appStreamClient(server.url, protocol, { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' }).send(new DescribeImagesCommand({})),
          (e: any) => e.name === 'UnrecognizedClientException' && e.message === 'The security token included in the request is invalid.',
        );
      });
    }

    it('a request signed 20 minutes ago: Signature expired', async () => {
      const body = '{}';
      const headers = { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' };
      const signed = await signedHeaders(server.url, {
        headers,
        body,
        accessKeyId: 'AKIDTESTVERIFY',
        secretAccessKey: 'right-secret',
        date: new Date(Date.now() - 20 * 60 * 1000),
      });
      const r = await rawRequest(server.url, { headers: signed, body });
      assert.equal(r.status, 403);
      assert.equal(r.json().__type, 'InvalidSignatureException');
      assert.match(r.json().message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/);
    });

    it('a tampered body: InvalidSignatureException', async () => {
      const headers = { 'content-type': JSON_CT, 'x-amz-target': 'PhotonAdminProxyService.DescribeImages' };
      const signed = await signedHeaders(server.url, { headers, body: '{}', accessKeyId: 'AKIDTESTVERIFY', secretAccessKey: 'right-secret' });
      const r = await rawRequest(server.url, { headers: signed, body: '{"MaxResults":5}' });
      assert.equal(r.json().__type, 'InvalidSignatureException');
    });

    it('boto3 with the right and a wrong secret', { skip: boto3SkipReason() }, async () => {
      const good = await runBoto3(server.url, "result = len(client.describe_images()['Images'])", { accountId: 'AKIDTESTVERIFY', secret: 'right-secret' });
      assert.equal(good.ok, true);
      const bad = await runBoto3(server.url, 'result = client.describe_images()', { accountId: 'AKIDTESTVERIFY', secret: 'nope' });
      assert.equal(bad.errorCode, 'InvalidSignatureException');
    });
  });
});

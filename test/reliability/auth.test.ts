// Authentication under `--auth verify`, beyond the basics of foundation.test.ts: tampered
// headers, clocks off both ways, a missing date, every malformed Authorization shape, and
// real SDK clients (JS SDK in both protocols, boto3, the AWS CLI) holding wrong credentials.
// Every answer carries AWS's code and text (src/errors/catalog.ts).
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeImagesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-appstream';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { tempDir } from '../support/process.js';
import { awsCliSkipReason, boto3SkipReason, runBoto3 } from '../support/python.js';
import { startTestServer } from '../support/server.js';
import { execFile } from 'node:child_process';
import { CBOR_PREFIX, errorEnvelope, send, type WireResponse } from './support/wire.js';

const KEY = 'AKIDRELIABILITY01';
const SECRET = 'the-right-secret';
const ACCOUNT = '210987654321';
const INVALID_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

class Sha256 {
  private readonly h;
  constructor(secret?: unknown) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret as string | Uint8Array);
  }
  update(d: unknown) {
    this.h.update(d as string | Uint8Array);
  }
  async digest() {
    return this.h.digest();
  }
  reset() {}
}

type Proto = 'json' | 'cbor';

/** The path, headers and body of a DescribeImages call, signed as an SDK would sign it. */
async function signed(
  url: string,
  protocol: Proto,
  options: { date?: Date; secret?: string; key?: string; service?: string; region?: string; body?: Buffer; op?: string } = {},
) {
  const u = new URL(url);
  const op = options.op ?? 'DescribeImages';
  const path = protocol === 'json' ? '/' : CBOR_PREFIX + op;
  const body = options.body ?? (protocol === 'json' ? Buffer.from('{}') : Buffer.from([0xa0]));
  const headers: Record<string, string> =
    protocol === 'json'
      ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `PhotonAdminProxyService.${op}` }
      : { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.key ?? KEY, secretAccessKey: options.secret ?? SECRET },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'appstream',
    sha256: Sha256 as never,
  });
  const out = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, query: {}, headers: { host: u.host, ...headers }, body },
    { signingDate: options.date },
  );
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) if (k !== 'host') sent[k.toLowerCase()] = String(v);
  return { path, headers: sent, body };
}

function post(url: string, r: { path: string; headers: Record<string, string>; body: Buffer }): Promise<WireResponse> {
  return send(url, { path: r.path, headers: r.headers, body: r.body }, 10_000);
}

function expectError(res: WireResponse, status: number, code: string, message: string | RegExp) {
  assert.equal(res.status, status, res.body.toString());
  const env = errorEnvelope(res);
  assert.equal(env.code, code);
  if (typeof message === 'string') assert.equal(env.message, message);
  else assert.match(env.message, message);
}

describe('authentication in verify mode', () => {
  let server: RunningServer;
  let credentialsFile: string;
  before(async () => {
    credentialsFile = join(tempDir('asl-auth-'), 'credentials.json');
    writeFileSync(
      credentialsFile,
      JSON.stringify([
        { accessKeyId: KEY, secretAccessKey: SECRET, accountId: ACCOUNT },
        { accessKeyId: 'AKIDSECONDUSER000', secretAccessKey: 'second-secret', accountId: '333333333333' },
      ]),
    );
    server = await startTestServer({ auth: 'verify', credentialsFile });
  });
  after(() => server.close());

  for (const protocol of ['json', 'cbor'] as Proto[]) {
    describe(`hand-made requests (${protocol})`, () => {
      it('the right signature passes, and names the credential file\'s account', async () => {
        const res = await post(server.url, await signed(server.url, protocol));
        assert.equal(res.status, 200, res.body.toString());
      });

      it('a signed header changed after signing: InvalidSignatureException', async () => {
        const r = await signed(server.url, protocol);
        if (protocol === 'json') r.headers['x-amz-target'] = 'PhotonAdminProxyService.DescribeImageBuilders';
        else r.headers['accept'] = 'application/json';
        expectError(await post(server.url, r), 403, 'InvalidSignatureException', INVALID_SIGNATURE);
      });

      it('X-Amz-Date moved by one second after signing: InvalidSignatureException', async () => {
        const r = await signed(server.url, protocol);
        const d = r.headers['x-amz-date']!;
        r.headers['x-amz-date'] = d.slice(0, -3) + String((Number(d.slice(-3, -1)) + 1) % 60).padStart(2, '0') + 'Z';
        expectError(await post(server.url, r), 403, 'InvalidSignatureException', INVALID_SIGNATURE);
      });

      it('a tampered body: InvalidSignatureException', async () => {
        const r = await signed(server.url, protocol);
        r.body = protocol === 'json' ? Buffer.from('{"MaxResults":1}') : Buffer.from([0xa1, 0x6a, ...Buffer.from('MaxResults'), 0x01]);
        expectError(await post(server.url, r), 403, 'InvalidSignatureException', INVALID_SIGNATURE);
      });

      it('a signed header removed after signing: InvalidSignatureException', async () => {
        const r = await signed(server.url, protocol);
        delete r.headers['x-amz-content-sha256'];
        if (protocol === 'cbor') delete r.headers['accept'];
        else r.headers['x-amz-user-agent'] = 'extra';
        const res = await post(server.url, r);
        // Dropping only an unsigned header changes nothing; dropping a signed one breaks the signature.
        if (res.status !== 200) expectError(res, 403, 'InvalidSignatureException', INVALID_SIGNATURE);
      });

      it('a request signed 16 minutes in the future: "Signature not yet current"', async () => {
        const r = await signed(server.url, protocol, { date: new Date(Date.now() + 16 * 60_000) });
        expectError(
          await post(server.url, r),
          403,
          'InvalidSignatureException',
          /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
        );
      });

      it('a request signed 14 minutes in the future or past passes (within the skew)', async () => {
        for (const offset of [14, -14]) {
          const res = await post(server.url, await signed(server.url, protocol, { date: new Date(Date.now() + offset * 60_000) }));
          assert.equal(res.status, 200, `${offset} min: ${res.body.toString()}`);
        }
      });

      it('a request signed 16 minutes ago: "Signature expired"', async () => {
        const r = await signed(server.url, protocol, { date: new Date(Date.now() - 16 * 60_000) });
        expectError(
          await post(server.url, r),
          403,
          'InvalidSignatureException',
          /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
        );
      });

      it('no X-Amz-Date: IncompleteSignatureException', async () => {
        const r = await signed(server.url, protocol);
        delete r.headers['x-amz-date'];
        expectError(
          await post(server.url, r),
          403,
          'IncompleteSignatureException',
          /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\./,
        );
      });

      it('an X-Amz-Date that is not ISO-8601 basic: IncompleteSignatureException', async () => {
        const r = await signed(server.url, protocol);
        r.headers['x-amz-date'] = new Date().toISOString();
        expectError(await post(server.url, r), 403, 'IncompleteSignatureException', /^Date must be in ISO-8601 'basic format'\. Got '/);
      });

      it('a request signed for another service: InvalidSignatureException naming the right one', async () => {
        const r = await signed(server.url, protocol, { service: 'ec2' });
        expectError(await post(server.url, r), 403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'appstream'.");
      });

      it('an access key that is not in the credentials file: UnrecognizedClientException', async () => {
        const r = await signed(server.url, protocol, { key: 'AKIDUNKNOWN000000' });
        expectError(await post(server.url, r), 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      });

      it("another user's secret for this key: InvalidSignatureException", async () => {
        const r = await signed(server.url, protocol, { secret: 'second-secret' });
        expectError(await post(server.url, r), 403, 'InvalidSignatureException', INVALID_SIGNATURE);
      });

      it('no Authorization header: MissingAuthenticationTokenException', async () => {
        const r = await signed(server.url, protocol);
        delete r.headers['authorization'];
        expectError(await post(server.url, r), 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      });
    });
  }

  describe('malformed Authorization headers (IncompleteSignatureException, with the header quoted)', () => {
    const variants: [string, (auth: string) => string, RegExp][] = [
      ['no Credential', (a) => a.replace(/Credential=[^,]+, /, ''), /^Authorization header requires 'Credential' parameter\. Authorization=AWS4-HMAC-SHA256 /],
      ['no SignedHeaders', (a) => a.replace(/SignedHeaders=[^,]+, /, ''), /^Authorization header requires 'SignedHeaders' parameter\./],
      ['no Signature', (a) => a.replace(/, Signature=[0-9a-f]+/, ''), /^Authorization header requires 'Signature' parameter\./],
      ['nothing but the algorithm and junk', () => 'AWS4-HMAC-SHA256 X=1', /requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./],
      ['a scope without its terminator', (a) => a.replace('/aws4_request', ''), /^Credential must have the form <access key>\/<date>\/<region>\/<service>\/aws4_request\. Authorization=AWS4-HMAC-SHA256 /],
      ['a scope with another terminator', (a) => a.replace('/aws4_request', '/aws5_request'), /^Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'\. Credential must have the form /],
      ['a scope with a bad date', (a) => a.replace(/\/\d{8}\//, '/2026-11-26/'), /^Credential should be scoped to a date in the form YYYYMMDD, not '2026-11-26'\. Credential must have the form /],
      ['a scope with an empty region', (a) => a.replace(/\/(\d{8})\/[^/]+\//, '/$1//'), /^Credential should be scoped to a valid region, not ''\. Credential must have the form /],
      ['a region with spaces (no ARN could hold it)', (a) => a.replace(/\/(\d{8})\/[^/]+\//, '/$1/us east 1/'), /^Credential should be scoped to a valid region, not 'us east 1'\. Credential must have the form /],
      ['a region with a letter outside ASCII', (a) => a.replace(/\/(\d{8})\/[^/]+\//, '/$1/us-east-\u00e9/'), /^Credential should be scoped to a valid region, not 'us-east-\u00e9'\./],
      ['a region of 64 characters (an ARN holds 63)', (a) => a.replace(/\/(\d{8})\/[^/]+\//, `/$1/${'r'.repeat(64)}/`), new RegExp(`^Credential should be scoped to a valid region, not '${'r'.repeat(64)}'\\.`)],
      ['a signature that is not hex', (a) => a.replace(/Signature=[0-9a-f]+/, 'Signature=' + 'zz'.repeat(32)), /^Signature must be 64 lower-case hexadecimal characters\./],
      ['a signature one byte short', (a) => a.replace(/Signature=([0-9a-f]+)[0-9a-f]{2}/, 'Signature=$1'), /^Signature must be 64 lower-case hexadecimal characters\./],
      ['another algorithm (HMAC-SHA512)', (a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'), /^Unsupported authorization type: expected AWS4-HMAC-SHA256\./],
      ['SigV2', () => 'AWS AKIDRELIABILITY01:c2lnbmF0dXJl', /^Unsupported authorization type/],
      ['a bearer token', () => 'Bearer abc.def.ghi', /^Unsupported authorization type/],
      ['a lower-case algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256'), /^Unsupported authorization type/],
    ];
    for (const [label, mutate, message] of variants) {
      it(label, async () => {
        const r = await signed(server.url, 'json');
        r.headers['authorization'] = mutate(r.headers['authorization']!);
        expectError(await post(server.url, r), 403, 'IncompleteSignatureException', message);
      });
    }

    it("a region of an emulator user's own naming ('local', 'US-EAST-1') is served", async () => {
      for (const region of ['local', 'US-EAST-1']) {
        const res = await post(server.url, await signed(server.url, 'json', { region }));
        assert.equal(res.status, 200, `${region}: ${res.body.toString()}`);
      }
    });

    it('an empty Authorization header: MissingAuthenticationTokenException', async () => {
      const r = await signed(server.url, 'json');
      r.headers['authorization'] = '';
      expectError(await post(server.url, r), 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    });

    it('an Authorization header with an unknown parameter: the parameter is ignored', async () => {
      const r = await signed(server.url, 'json');
      r.headers['authorization'] = r.headers['authorization']! + ', X=' + 'y'.repeat(1000);
      assert.equal((await post(server.url, r)).status, 200);
    });

    it('an Authorization header beyond the header cap: 431', async () => {
      const r = await signed(server.url, 'json');
      r.headers['authorization'] = r.headers['authorization']! + ', X=' + 'y'.repeat(server.config.maxHeaderBytes);
      assert.equal((await post(server.url, r).catch((e) => ({ status: String(e) }))).status, 431);
    });
  });

  describe('fuzzed Authorization and X-Amz-Date headers (verify mode): always a 403 of an auth code, never a 500', () => {
    const AUTH_CODES = ['IncompleteSignatureException', 'InvalidSignatureException', 'UnrecognizedClientException', 'MissingAuthenticationTokenException'];
    // Header values are latin-1 text without control characters (what HTTP can carry).
    const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 });
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.nat({ max: 40 }), headerText).map(([at, drop, insert]) => (a: string) => {
        const i = at % (a.length + 1);
        return (a.slice(0, i) + insert + a.slice(i + drop)).trim();
      }),
      headerText.map((junk) => () => `AWS4-HMAC-SHA256 ${junk}`.trim()),
      fc.tuple(headerText, headerText, headerText).map(([c, h, sig]) => () => `AWS4-HMAC-SHA256 Credential=${c}, SignedHeaders=${h}, Signature=${sig}`),
      fc.array(fc.constantFrom('host', 'x-amz-date', 'content-type', 'x-amz-target', 'nope', '', 'HOST', 'x-amz-content-sha256'), { maxLength: 12 }).map(
        (list) => (a: string) => a.replace(/SignedHeaders=[^,]+/, `SignedHeaders=${list.join(';')}`),
      ),
    );
    it('mutated Authorization headers', async () => {
      await fc.assert(
        fc.asyncProperty(mutation, async (mutate) => {
          const r = await signed(server.url, 'json');
          r.headers['authorization'] = mutate(r.headers['authorization']!);
          const res = await post(server.url, r);
          if (res.status === 200) return; // a mutation that changed nothing that matters
          assert.equal(res.status, 403, `${r.headers['authorization']}: ${res.status} ${res.body}`);
          assert.ok(AUTH_CODES.includes(errorEnvelope(res).code));
        }),
        { seed: 4242, numRuns: 300 },
      );
    });
    it('random X-Amz-Date values', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(headerText, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/[-:]|\.\d{3}/g, ''))), async (date) => {
          const r = await signed(server.url, 'cbor');
          r.headers['x-amz-date'] = date;
          if (date === '') delete r.headers['x-amz-date'];
          const res = await post(server.url, r);
          assert.equal(res.status, 403, `${date}: ${res.status} ${res.body}`);
          assert.ok(AUTH_CODES.includes(errorEnvelope(res).code));
        }),
        { seed: 4243, numRuns: 200 },
      );
    });
  });

  describe('real SDK clients with wrong credentials', () => {
    for (const protocol of PROTOCOLS) {
      it(`JS SDK (${protocol}): right key, wrong secret, on a write and a read`, async () => {
        const client = appStreamClient(server.url, protocol, { accessKeyId: KEY, secretAccessKey: 'not-it' });
        for (const command of [new DescribeImagesCommand({ Type: 'PUBLIC' }), new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:appstream:us-east-1:210987654321:image/x' })]) {
          await assert.rejects(client.send(command as never), (e: any) => {
            assert.equal(e.name, 'InvalidSignatureException');
            assert.equal(e.message, INVALID_SIGNATURE);
            assert.equal(e.$metadata.httpStatusCode, 403);
            return true;
          });
        }
      });

      it(`JS SDK (${protocol}): a clock 20 minutes slow gets "Signature expired"`, async () => {
        const client = appStreamClient(server.url, protocol, { accessKeyId: KEY, secretAccessKey: SECRET });
        client.config.systemClockOffset = -20 * 60_000;
        await assert.rejects(client.send(new DescribeImagesCommand({})), (e: any) => {
          assert.equal(e.name, 'InvalidSignatureException');
          assert.match(e.message, /^Signature expired: /);
          return true;
        });
      });

      it(`JS SDK (${protocol}): a clock 20 minutes fast gets "Signature not yet current"`, async () => {
        const client = appStreamClient(server.url, protocol, { accessKeyId: KEY, secretAccessKey: SECRET });
        client.config.systemClockOffset = 20 * 60_000;
        await assert.rejects(client.send(new DescribeImagesCommand({})), (e: any) => {
          assert.equal(e.name, 'InvalidSignatureException');
          assert.match(e.message, /^Signature not yet current: /);
          return true;
        });
      });

      it(`JS SDK (${protocol}): the second user's key with the first user's secret`, async () => {
        const client = appStreamClient(server.url, protocol, { accessKeyId: 'AKIDSECONDUSER000', secretAccessKey: SECRET });
        await assert.rejects(client.send(new DescribeImagesCommand({})), (e: any) => e.name === 'InvalidSignatureException');
      });
    }

    it('boto3: unknown key, wrong secret, and the right one', { skip: boto3SkipReason() }, async () => {
      const unknown = await runBoto3(server.url, 'result = client.describe_images()', { accountId: 'AKIDNOBODY0000000', secret: 'x' });
      assert.equal(unknown.ok, false);
      assert.equal(unknown.errorCode, 'UnrecognizedClientException');
      assert.equal(unknown.errorMessage, 'The security token included in the request is invalid.');
      assert.equal(unknown.httpStatus, 403);
      const wrong = await runBoto3(server.url, "result = client.describe_images(Type='PRIVATE')", { accountId: KEY, secret: 'nope' });
      assert.equal(wrong.errorCode, 'InvalidSignatureException');
      assert.equal(wrong.errorMessage, INVALID_SIGNATURE);
      const right = await runBoto3(server.url, "result = len(client.describe_images(Type='PRIVATE')['Images'])", { accountId: KEY, secret: SECRET });
      assert.equal(right.ok, true);
    });

    it('the AWS CLI with a wrong secret reports InvalidSignatureException', { skip: awsCliSkipReason() }, async () => {
      // Asynchronously: the server runs in this process.
      const run = await new Promise<{ status: number; stderr: string }>((resolve) => {
        execFile('aws', ['--endpoint-url', server.url, '--region', 'us-east-1', 'appstream', 'describe-images'], {
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: KEY,
          AWS_SECRET_ACCESS_KEY: 'nope',
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        }, (error, _stdout, stderr) => resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stderr }));
      });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /InvalidSignatureException/);
      assert.match(run.stderr, /signature we calculated does not match/);
    });
  });
});

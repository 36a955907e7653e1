// The control API's protection, through the real CLI: `start --control-token TOKEN` makes every
// /_appstream/* route require `Authorization: Bearer TOKEN` (health included: DECISION, see the
// README's "Guarantees and exposure"), except the console's static pages and the Image
// Assistant's signed streaming URLs; the AWS API itself is not affected. The server binds to
// 127.0.0.1 unless --host says otherwise.
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DescribeImagesCommand } from '@aws-sdk/client-appstream';
import { appStreamClient } from '../support/clients.js';
import { startChildServer, type ChildServer } from '../support/process.js';
import { errorEnvelope, send } from './support/wire.js';

const TOKEN = 'reliability-control-token-0123456789';

/** An IPv4 address of this machine that is not loopback (undefined when there is none). */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 2000);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Every control route and a body it accepts (or at least parses). */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/_appstream/health'],
  ['GET', '/_appstream/clock'],
  ['POST', '/_appstream/clock', { advanceSeconds: 1 }],
  ['GET', '/_appstream/failures'],
  ['POST', '/_appstream/failures', { Operation: 'CopyImage' }],
  ['DELETE', '/_appstream/failures'],
  ['POST', '/_appstream/seed', { images: [{ AccountId: '123456789012', Region: 'us-east-1', Name: 'control-seeded' }] }],
  ['POST', '/_appstream/reset', {}],
  ['POST', '/_appstream/image-assistant/add-application', {}],
  ['POST', '/_appstream/image-assistant/create-image', {}],
  ['POST', '/_appstream/console/api/call', { Operation: 'DescribeImages', Input: {} }],
  ['POST', '/_appstream/console/api/images', {}],
  ['POST', '/_appstream/console/api/accounts', {}],
];

describe('control API protection (real CLI)', () => {
  let child: ChildServer;
  before(async () => {
    child = await startChildServer(['--in-memory', '--control-token', TOKEN]);
  });
  after(async () => {
    const exit = await child.stop();
    assert.equal(exit.code, 0, child.stderr());
  });

  it('binds to 127.0.0.1 by default (the ready line says so, other interfaces are refused)', async () => {
    assert.match(child.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const external = externalAddress();
    if (external) assert.equal(await canConnect(external, child.port), false, `reachable on ${external}`);
  });

  for (const [method, path, body] of ROUTES) {
    it(`${method} ${path}: 401 without the token, with a wrong one, or in another scheme`, async () => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer${TOKEN}`, `Bearer ${TOKEN} x`]) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization !== undefined) headers['authorization'] = authorization;
        const res = await send(child.url, { method, path, headers, body: payload });
        assert.equal(res.status, 401, `${method} ${path} with ${authorization}: ${res.status} ${res.body}`);
        const env = JSON.parse(res.body.toString());
        assert.equal(env.__type, 'UnauthorizedException');
        assert.equal(env.message, 'The control API requires Authorization: Bearer <control token>.');
      }
    });
  }

  it('nothing is written by a refused control call', async () => {
    const seed = { images: [{ AccountId: '123456789012', Region: 'us-east-1', Name: 'never-written' }] };
    const refused = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
    assert.equal(refused.status, 401);
    await assert.rejects(
      appStreamClient(child.url, 'awsJson1_1', { accountId: '123456789012' }).send(new DescribeImagesCommand({ Names: ['never-written'] })),
      (e: any) => e.name === 'ResourceNotFoundException',
    );
  });

  it('the scheme in any case and with more than one space before the token (RFC 9110 §11): accepted', async () => {
    for (const authorization of [`bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer  ${TOKEN}`]) {
      const res = await send(child.url, { method: 'GET', path: '/_appstream/health', headers: { authorization } });
      assert.equal(res.status, 200, `${authorization}: ${res.status} ${res.body}`);
    }
  });

  it('with the token: health, seed and the API all work', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const health = await send(child.url, { method: 'GET', path: '/_appstream/health', headers: auth });
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body.toString()).status, 'running');
    const seed = { images: [{ AccountId: '123456789012', Region: 'us-east-1', Name: 'with-token' }] };
    const seeded = await send(child.url, { method: 'POST', path: '/_appstream/seed', headers: auth, body: JSON.stringify(seed) });
    assert.equal(seeded.status, 200, seeded.body.toString());
    const out = await appStreamClient(child.url, 'rpcv2Cbor', { accountId: '123456789012' }).send(new DescribeImagesCommand({ Names: ['with-token'] }));
    assert.equal(out.Images?.[0]?.Name, 'with-token');
  });

  it('the AWS API needs no control token (SigV4 only), and a Bearer header there is not SigV4', async () => {
    const out = await appStreamClient(child.url, 'awsJson1_1').send(new DescribeImagesCommand({ Type: 'PUBLIC', MaxResults: 1 }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    const res = await send(child.url, {
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'PhotonAdminProxyService.DescribeImages', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    assert.equal(res.status, 403);
    assert.equal(errorEnvelope(res).code, 'IncompleteSignatureException');
  });

  it('only the console\'s static pages and signed streaming URLs are open without the token', async () => {
    for (const path of ['/_appstream/console', '/_appstream/console/', '/_appstream/console/assets/console.css']) {
      const res = await send(child.url, { method: 'GET', path });
      assert.equal(res.status, 200, path);
      assert.doesNotMatch(String(res.headers['content-type']), /json/, `${path} answers data`);
    }
    const forged = await send(child.url, { method: 'GET', path: '/_appstream/console/streaming/forged.token' });
    assert.ok(forged.status >= 400 && forged.status < 500, `a forged streaming URL: ${forged.status}`);
  });

  it('any path under /_appstream with any method: 401 without the token (property)', async () => {
    const segment = fc.oneof(fc.stringMatching(/^[a-z0-9._%-]{0,12}$/), fc.constantFrom('console', 'api', 'assets', 'streaming', 'call', 'images', 'accounts', 'health', 'seed', '..', '%2e%2e'));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), async (segments, method) => {
        const path = '/_appstream/' + segments.join('/');
        const open =
          (method === 'GET' && path.startsWith('/_appstream/console')) || (method === 'POST' && path.startsWith('/_appstream/console/streaming/'));
        const res = await send(child.url, { method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
        if (open) {
          // Open paths serve pages and assets, or refuse: never data.
          assert.ok(!(res.status === 200 && /json/.test(String(res.headers['content-type']))), `${method} ${path} answers JSON data without the token`);
          return;
        }
        assert.equal(res.status, 401, `${method} ${path}: ${res.status}`);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});

describe('--host 0.0.0.0 (real CLI)', () => {
  it('serves on every interface, and the control token still guards the control API', async () => {
    const external = externalAddress();
    const child = await startChildServer(['--in-memory', '--host', '0.0.0.0', '--control-token', TOKEN]);
    try {
      assert.match(child.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the ready line gives a URL a local client can use');
      if (external) {
        assert.equal(await canConnect(external, child.port), true);
        const res = await send(`http://${external}:${child.port}`, { method: 'GET', path: '/_appstream/health' });
        assert.equal(res.status, 401);
      }
    } finally {
      assert.equal((await child.stop()).code, 0);
    }
  });

  it('without --control-token the control API is open (what the README warns about)', async () => {
    const child = await startChildServer(['--in-memory']);
    try {
      const res = await send(child.url, { method: 'GET', path: '/_appstream/health' });
      assert.equal(res.status, 200);
    } finally {
      await child.stop();
    }
  });
});

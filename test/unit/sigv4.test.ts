// parseAuthorization: the one-match form of the SDKs and the general parse agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorization } from '../../src/protocol/sigv4.js';

const SIG = 'a'.repeat(64);
const expected = {
  accessKeyId: 'AKIDEXAMPLE',
  date: '20261130',
  region: 'eu-west-1',
  service: 'appstream',
  signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-target'],
  signature: SIG,
};

test('the SDK form and the forms only the general parse reads give the same fields', () => {
  const sdk = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${SIG}`;
  assert.deepEqual(parseAuthorization(sdk), expected);
  // Without the spaces after the commas (botocore's older form), around the header, around
  // the parameters, with upper-case header names, with the parameters in another order.
  for (const other of [
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request,SignedHeaders=content-type;host;x-amz-date;x-amz-target,Signature=${SIG}`,
    `  ${sdk}  `,
    `AWS4-HMAC-SHA256 Credential = AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request ,  SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${SIG}`,
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, SignedHeaders=Content-Type;Host;X-Amz-Date;X-Amz-Target, Signature=${SIG}`,
    `AWS4-HMAC-SHA256 Signature=${SIG}, Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target`,
  ]) {
    assert.deepEqual(parseAuthorization(other), expected, other);
  }
});

test('malformed headers are refused by the general parse, whatever the one-match form would say', () => {
  const cases: [string, RegExp][] = [
    [`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026113/eu-west-1/appstream/aws4_request, SignedHeaders=host, Signature=${SIG}`, /Credential should be scoped/],
    [`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, SignedHeaders=host, Signature=${'A'.repeat(64)}`, /64 lower-case hexadecimal/],
    [`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, Signature=${SIG}`, /requires 'SignedHeaders'/],
    [`AWS4-HMAC-SHA1 Credential=AKIDEXAMPLE/20261130/eu-west-1/appstream/aws4_request, SignedHeaders=host, Signature=${SIG}`, /Unsupported authorization type/],
    [`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130//appstream/aws4_request, SignedHeaders=host, Signature=${SIG}`, /Credential should be scoped/],
  ];
  for (const [header, message] of cases) {
    assert.throws(() => parseAuthorization(header), (e: Error) => message.test(e.message), header);
  }
});

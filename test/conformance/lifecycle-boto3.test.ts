// The image lifecycle through boto3: what Python pipelines (Step Functions Lambdas, scripts)
// call, with botocore's own parsing, error codes and paginator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/index.js';
import { boto3SkipReason, runBoto3 } from '../support/python.js';
import { startTestServer } from '../support/server.js';
import { assertBuilderUrl } from '../support/streaming.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';

describe('the image lifecycle through boto3', { skip: boto3SkipReason() }, () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
  });
  after(() => server.close());

  it('create_image_builder, describe_image_builders (paginator), stop, start, streaming URL', async () => {
    const r = await runBoto3(
      server.url,
      `
b = client.create_image_builder(Name='py-b', ImageName='${BASE}', InstanceType='stream.standard.medium', Tags={'k': 'v'})['ImageBuilder']
assert b['State'] == 'PENDING', b
for n in ['py-c', 'py-d']:
    client.create_image_builder(Name=n, ImageArn='arn:aws:appstream:us-east-1::image/${BASE}', InstanceType='stream.compute.large')
pages = list(client.get_paginator('describe_image_builders').paginate(PaginationConfig={'PageSize': 2}))
names = [x['Name'] for p in pages for x in p['ImageBuilders']]
states = {x['Name']: x['State'] for p in pages for x in p['ImageBuilders']}
stop = client.stop_image_builder(Name='py-b')['ImageBuilder']['State']
after_stop = client.describe_image_builders(Names=['py-b'])['ImageBuilders'][0]['State']
start = client.start_image_builder(Name='py-b')['ImageBuilder']['State']
url = client.create_image_builder_streaming_url(Name='py-b', Validity=600)
result = {'pages': len(pages), 'names': names, 'states': states, 'stop': stop, 'after_stop': after_stop, 'start': start,
          'url': url['StreamingURL'], 'expires': url['Expires']}
`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    const v = r.value as any;
    assert.equal(v.pages, 2);
    assert.deepEqual(v.names, ['py-b', 'py-c', 'py-d']);
    assert.deepEqual(v.states, { 'py-b': 'RUNNING', 'py-c': 'RUNNING', 'py-d': 'RUNNING' });
    assert.equal(v.stop, 'STOPPING');
    assert.equal(v.after_stop, 'STOPPED');
    assert.equal(v.start, 'PENDING');
    assertBuilderUrl(v.url, server.url, { account: '111111111111', ref: 'image-builder/py-b', expires: new Date(v.expires * 1000) });
    assert.ok(Math.abs(v.expires * 1000 - Date.now() - 600_000) < 10_000);
  });

  it('botocore sees the modeled error codes and messages', async () => {
    const cases: [string, string, RegExp][] = [
      [`client.create_image_builder(Name='x', InstanceType='stream.standard.small')`, 'InvalidParameterCombinationException', /Exactly one/],
      [
        `client.create_image_builder(Name='x', ImageName='AppStream-WinServer2012R2-07-19-2021', InstanceType='stream.standard.small')`,
        'ResourceNotAvailableException',
        /^The image AppStream-WinServer2012R2-07-19-2021 is DEPRECATED\. The image must be in an AVAILABLE state for this action to succeed\.$/,
      ],
      [`client.create_image_builder(Name='py-b', ImageName='${BASE}', InstanceType='stream.standard.small')`, 'ResourceAlreadyExistsException', /py-b/],
      [`client.create_image_builder(Name='x', ImageName='nope', InstanceType='stream.standard.small')`, 'ResourceNotFoundException', /^The image nope for account 111111111111 does not exist\.$/],
      [`client.create_image_builder(Name='x', ImageName='${BASE}', InstanceType='stream.standard.giant')`, 'InvalidParameterCombinationException', /instance type/],
      [`client.start_image_builder(Name='py-c')`, 'ResourceNotAvailableException', /is RUNNING/],
      // A long past 2^53: botocore writes it exactly; the member's range error, not a SerializationException.
      [`client.create_image_builder_streaming_url(Name='py-c', Validity=2**60)`, 'ValidationException', /^1 validation error detected: Value '1152921504606846976' at 'validity' failed to satisfy constraint: Member must have value less than or equal to 604800$/],
      // Long.MAX_VALUE: in range for a long (JSON reads it as the double 2^63, which the message quotes).
      [`client.create_image_builder_streaming_url(Name='py-c', Validity=2**63-1)`, 'ValidationException', /^1 validation error detected: Value '\d+' at 'validity' failed to satisfy constraint: Member must have value less than or equal to 604800$/],
      [`client.describe_image_builders(Names=['nope'])`, 'ResourceNotFoundException', /nope/],
      [`client.copy_image(SourceImageName='nope', DestinationImageName='y', DestinationRegion='eu-west-1')`, 'ResourceNotFoundException', /nope/],
      [`client.delete_image(Name='nope')`, 'ResourceNotFoundException', /nope/],
      [`client.create_updated_image(existingImageName='nope', newImageName='y')`, 'ResourceNotFoundException', /nope/],
      [`client.create_imported_image(Name='imp', SourceAmiId='ami-0123456789abcdef0', IamRoleArn='arn:aws:iam::111111111111:role/Import', DryRun=True)`, 'DryRunOperationException', /DryRun/],
    ];
    // One Python process for all the calls (each answers its error or None).
    const program = [
      'result = []',
      ...cases.map(([call]) =>
        [
          'try:',
          `    ${call}`,
          '    result.append(None)',
          'except botocore.exceptions.ClientError as e:',
          "    result.append([e.response['Error']['Code'], e.response['Error'].get('Message'), e.response['ResponseMetadata'].get('HTTPStatusCode')])",
        ].join('\n'),
      ),
    ].join('\n');
    const r = await runBoto3(server.url, program);
    assert.equal(r.ok, true, JSON.stringify(r));
    const answers = r.value as ([string, string, number] | null)[];
    cases.forEach(([call, code, message], i) => {
      const answer = answers[i];
      assert.ok(answer, `${call} succeeded`);
      assert.equal(answer[0], code, `${call}: ${answer[0]} ${answer[1]}`);
      assert.equal(answer[2], code === 'ResourceNotFoundException' ? 404 : code === 'DryRunOperationException' ? 412 : 400, `${call}: HTTP ${answer[2]}`);
      assert.match(answer[1] ?? '', message, call);
    });
  });

  it('make an image, copy it, update it (dryRun first), import one, delete', async () => {
    const r = await runBoto3(
      server.url,
      `
import json, urllib.request
def ctl(path, body):
    req = urllib.request.Request(sys.argv[1] + '/_appstream' + path, data=json.dumps(body).encode(), method='POST')
    return json.loads(urllib.request.urlopen(req).read())
where = {'AccountId': '111111111111', 'Region': 'us-east-1'}
ctl('/image-assistant/add-application', dict(where, ImageBuilderName='py-c', Name='app', AbsoluteAppPath='C:\\\\app.exe'))
made = ctl('/image-assistant/create-image', dict(where, ImageBuilderName='py-c', Name='py-img'))['Image']
img = client.describe_images(Names=['py-img'], Type='PRIVATE')['Images'][0]
copied = client.copy_image(SourceImageName='py-img', DestinationImageName='py-img', DestinationRegion='us-west-2')
west = boto3.client('appstream', endpoint_url=sys.argv[1], region_name='us-west-2', aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4])
copy = west.describe_images(Names=['py-img'])['Images'][0]
dry = client.create_updated_image(existingImageName='py-img', newImageName='py-img-2', dryRun=True)
upd = client.create_updated_image(existingImageName='py-img', newImageName='py-img-2', newImageTags={'v': '2'})
imp = client.create_imported_image(Name='py-imp', SourceAmiId='ami-0123456789abcdef0', IamRoleArn='arn:aws:iam::111111111111:role/Import', AppCatalogConfig=[{'Name': 'calc', 'AbsoluteAppPath': 'C:\\\\calc.exe'}])
dele = client.delete_image(Name='py-img')['Image']['State']
result = {'made': made['State'], 'img': img['State'], 'apps': [a['Name'] for a in img['Applications']], 'copied': copied['DestinationImageName'],
          'copy': [copy['State'], copy['Arn']], 'dry': dry['canUpdateImage'], 'upd': [upd['canUpdateImage'], upd['image']['State']],
          'imp': [imp['Image']['State'], imp['Image']['ImageType']], 'dele': dele}
`,
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.value, {
      made: 'PENDING',
      img: 'AVAILABLE',
      apps: ['app'],
      copied: 'py-img',
      copy: ['AVAILABLE', 'arn:aws:appstream:us-west-2:111111111111:image/py-img'],
      dry: true,
      upd: [true, 'CREATING'],
      imp: ['IMPORTING', 'CUSTOM'],
      dele: 'DELETING',
    });
  });
});

// Directory configs (SPEC-rest §8.1) through real clients: the password never answered,
// Describe by names and paged, Update, the quota, and the rules with fleets and image builders:
// a builder naming an unknown config is refused, a config (or an OU of it) in use stays.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDirectoryConfigCommand,
  CreateImageBuilderCommand,
  DeleteDirectoryConfigCommand,
  DeleteImageBuilderCommand,
  DescribeDirectoryConfigsCommand,
  UpdateDirectoryConfigCommand,
  UpdateFleetCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { jsonCall } from '../support/raw.js';
import { GRANTEE, OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

const OU1 = 'OU=AppStream,DC=corp,DC=example,DC=com';
const OU2 = 'OU=Builders,DC=corp,DC=example,DC=com';
const BASE = 'AppStream-WinServer2022-11-10-2025';

describe('directory configs', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { directoryConfigs: 3 } });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';

    it(`create, describe, update and delete; the password is never answered (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const created = await client.send(
        new CreateDirectoryConfigCommand({
          DirectoryName: 'corp.example.com',
          OrganizationalUnitDistinguishedNames: [OU1],
          ServiceAccountCredentials: { AccountName: 'CORP\\svc', AccountPassword: 's3cret!' },
          CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/x' },
        }),
      );
      const c = created.DirectoryConfig!;
      assert.deepEqual({ ...c, CreatedTime: undefined }, {
        DirectoryName: 'corp.example.com',
        OrganizationalUnitDistinguishedNames: [OU1],
        ServiceAccountCredentials: { AccountName: 'CORP\\svc' },
        CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/x' },
        CreatedTime: undefined,
      });
      assert.ok(c.CreatedTime instanceof Date);
      const raw = await jsonCall(server.url, 'DescribeDirectoryConfigs', {});
      assert.ok(!raw.body.toString().includes('s3cret'), 'the password is not on the wire');
      await rejectsWith(
        client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: [] })),
        'ResourceAlreadyExistsException',
        'Directory config corp.example.com already exists.',
      );

      const updated = await client.send(
        new UpdateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: [OU1, OU2], ServiceAccountCredentials: { AccountName: 'CORP\\svc2', AccountPassword: 'other' } }),
      );
      assert.deepEqual(updated.DirectoryConfig!.OrganizationalUnitDistinguishedNames, [OU1, OU2]);
      assert.deepEqual(updated.DirectoryConfig!.ServiceAccountCredentials, { AccountName: 'CORP\\svc2' });
      assert.deepEqual(updated.DirectoryConfig!.CertificateBasedAuthProperties?.Status, 'ENABLED', 'what is not given stays');
      assert.equal(updated.DirectoryConfig!.CreatedTime!.getTime(), c.CreatedTime!.getTime());

      await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'a.example.com', OrganizationalUnitDistinguishedNames: [] }));
      const all = await client.send(new DescribeDirectoryConfigsCommand({}));
      assert.deepEqual(all.DirectoryConfigs!.map((d) => d.DirectoryName), ['a.example.com', 'corp.example.com']);
      const named = await client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: ['corp.example.com'] }));
      assert.deepEqual(named.DirectoryConfigs, [updated.DirectoryConfig]);
      await rejectsWith(
        client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: ['corp.example.com', 'nope.example.com'] })),
        'ResourceNotFoundException',
        'The directory config nope.example.com does not exist.',
      );
      const page1 = await client.send(new DescribeDirectoryConfigsCommand({ MaxResults: 1 }));
      assert.deepEqual(page1.DirectoryConfigs!.map((d) => d.DirectoryName), ['a.example.com']);
      const page2 = await client.send(new DescribeDirectoryConfigsCommand({ MaxResults: 1, NextToken: page1.NextToken }));
      assert.deepEqual(page2.DirectoryConfigs!.map((d) => d.DirectoryName), ['corp.example.com']);
      assert.equal(page2.NextToken, undefined);
      // Another account sees none of them.
      assert.deepEqual((await appStreamClient(server.url, protocol, { region, accountId: GRANTEE }).send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs, []);

      for (const name of ['a.example.com', 'corp.example.com']) await client.send(new DeleteDirectoryConfigCommand({ DirectoryName: name }));
      await rejectsWith(client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 'a.example.com' })), 'ResourceNotFoundException', 'The directory config a.example.com does not exist.');
      await rejectsWith(
        client.send(new UpdateDirectoryConfigCommand({ DirectoryName: 'a.example.com', OrganizationalUnitDistinguishedNames: [] })),
        'ResourceNotFoundException',
        'The directory config a.example.com does not exist.',
      );
    });
  }

  it('image builders: an unknown directory config or OU is refused; a config or OU in use stays; then it can go', async () => {
    const region = 'us-west-2';
    const client = appStreamClient(server.url, 'rpcv2Cbor', { region });
    const builder = (Name: string, DirectoryName: string, ou = OU1) =>
      new CreateImageBuilderCommand({ Name, ImageName: BASE, InstanceType: 'stream.standard.medium', DomainJoinInfo: { DirectoryName, OrganizationalUnitDistinguishedName: ou } });
    await rejectsWith(client.send(builder('b1', 'corp.example.com')), 'ResourceNotFoundException', 'The directory config corp.example.com does not exist.');
    await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: [OU1, OU2] }));
    await rejectsWith(
      client.send(builder('b1', 'corp.example.com', 'OU=Elsewhere,DC=corp,DC=example,DC=com')),
      'InvalidParameterCombinationException',
      'The organizational unit OU=Elsewhere,DC=corp,DC=example,DC=com is not in the directory config corp.example.com.',
    );
    // DNs compare without regard to case.
    await client.send(builder('b1', 'corp.example.com', OU1.toLowerCase()));
    await rejectsWith(
      client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 'corp.example.com' })),
      'ResourceInUseException',
      'The directory config corp.example.com is in use by image builder b1. Update or delete the image builder before you delete the directory config.',
    );
    await rejectsWith(
      client.send(new UpdateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: [OU2] })),
      'ResourceInUseException',
      `The organizational unit ${OU1.toLowerCase()} of directory config corp.example.com is in use by image builder b1. Update or delete the image builder before you remove the organizational unit.`,
    );
    // Removing an OU nobody joins is fine.
    await client.send(new UpdateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: [OU1] }));
    // A builder without DomainJoinInfo needs no config.
    await client.send(new CreateImageBuilderCommand({ Name: 'plain', ImageName: BASE, InstanceType: 'stream.standard.medium' }));

    // Deleting the builder: it is DELETING one step, then gone; then the config can go.
    await client.send(new DeleteImageBuilderCommand({ Name: 'b1' }));
    await control(server, '/clock', { advanceSeconds: 1 });
    await client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 'corp.example.com' }));
  });

  for (const protocol of PROTOCOLS) {
    it(`fleets: the same DomainJoinInfo rules as builders; a config a fleet joins stays until the fleet leaves it (${protocol})`, async () => {
      const region = protocol === 'awsJson1_1' ? 'ap-south-1' : 'sa-east-1';
      const client = appStreamClient(server.url, protocol, { region });
      const fx = fixtures(server, { accountId: OWNER, region });
      const join = (DirectoryName: string, ou?: string) => ({ DomainJoinInfo: { DirectoryName, ...(ou !== undefined ? { OrganizationalUnitDistinguishedName: ou } : {}) } });
      await rejectsWith(fx.fleet('fleet-ad', join('ad.example.com', OU1)), 'ResourceNotFoundException', 'The directory config ad.example.com does not exist.');
      await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'ad.example.com', OrganizationalUnitDistinguishedNames: [OU1] }));
      await rejectsWith(
        fx.fleet('fleet-ad', join('ad.example.com', OU2)),
        'InvalidParameterCombinationException',
        `The organizational unit ${OU2} is not in the directory config ad.example.com.`,
      );
      // Distinguished names compare without regard to case, for fleets as for builders.
      await fx.fleet('fleet-ad', join('ad.example.com', OU1.toUpperCase()));
      await rejectsWith(
        client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 'ad.example.com' })),
        'ResourceInUseException',
        'The directory config ad.example.com is in use by fleet fleet-ad. Update or delete the fleet before you delete the directory config.',
      );
      await rejectsWith(
        client.send(new UpdateDirectoryConfigCommand({ DirectoryName: 'ad.example.com', OrganizationalUnitDistinguishedNames: [] })),
        'ResourceInUseException',
        `The organizational unit ${OU1.toUpperCase()} of directory config ad.example.com is in use by fleet fleet-ad. Update or delete the fleet before you remove the organizational unit.`,
      );
      await rejectsWith(
        client.send(new UpdateFleetCommand({ Name: 'fleet-ad', ...join('other.example.com') })),
        'ResourceNotFoundException',
        'The directory config other.example.com does not exist.',
      );
      // The fleet leaves the domain (UpdateFleet while STOPPED): the config can go.
      await client.send(new UpdateFleetCommand({ Name: 'fleet-ad', AttributesToDelete: ['DOMAIN_JOIN_INFO'] }));
      await client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 'ad.example.com' }));
      await rejectsWith(fx.fleet('fleet-2', join('ad.example.com')), 'ResourceNotFoundException', 'The directory config ad.example.com does not exist.');
    });
  }

  it('the quota; seeded configs and builders count as users of a config', async () => {
    const region = 'ca-central-1';
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    await seedOk(server.url, {
      directoryConfigs: [
        { AccountId: OWNER, Region: region, DirectoryName: 's1.example.com', OrganizationalUnitDistinguishedNames: [OU1], ServiceAccountCredentials: { AccountName: 'svc', AccountPassword: 'pw' } },
        { AccountId: OWNER, Region: region, DirectoryName: 's2.example.com' },
      ],
      imageBuilders: [{ AccountId: OWNER, Region: region, Name: 'seeded', ImageName: BASE, DomainJoinInfo: { DirectoryName: 's1.example.com' } }],
    });
    const seeded = await client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: ['s1.example.com'] }));
    assert.deepEqual(seeded.DirectoryConfigs![0]!.ServiceAccountCredentials, { AccountName: 'svc' });
    await rejectsWith(client.send(new DeleteDirectoryConfigCommand({ DirectoryName: 's1.example.com' })), 'ResourceInUseException', /in use by image builder seeded/);
    await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'c3.example.com', OrganizationalUnitDistinguishedNames: [] }));
    await rejectsWith(
      client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'c4.example.com', OrganizationalUnitDistinguishedNames: [] })),
      'LimitExceededException',
      `The maximum number of directory configs (3) for account ${OWNER} in ${region} has been reached.`,
    );
    // Bad input: the model's constraints (password 1..127, OU <= 2000).
    await rejectsWith(
      client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'x.example.com', OrganizationalUnitDistinguishedNames: [], ServiceAccountCredentials: { AccountName: 'a', AccountPassword: 'p'.repeat(128) } })),
      'ValidationException',
      /serviceAccountCredentials.accountPassword' failed to satisfy constraint: Member must have length less than or equal to 127/,
    );
    await rejectsWith(
      client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'x.example.com', OrganizationalUnitDistinguishedNames: ['O'.repeat(2001)] })),
      'ValidationException',
    );
    const bad = await control(server, '/seed', { directoryConfigs: [{ AccountId: OWNER, Region: region, DirectoryName: 'x', Extra: 1 }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^directoryConfigs\[0\] \("x"\): unknown member 'Extra'/);
  });
});

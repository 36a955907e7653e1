// Usage reports and app license usage (SPEC-rest §9) through real clients: one subscription per
// account and region, idempotent create, empty lists rather than errors, seeded records, and
// the seed document and reset over the new families.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUsageReportSubscriptionCommand,
  CreateUserCommand,
  DeleteUsageReportSubscriptionCommand,
  DescribeAppLicenseUsageCommand,
  DescribeDirectoryConfigsCommand,
  DescribeEntitlementsCommand,
  DescribeUsageReportSubscriptionsCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { GRANTEE, OWNER, reset, seed, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

describe('usage reports', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';
    it(`one subscription per account and region; create twice, describe, delete (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const empty = await client.send(new DescribeUsageReportSubscriptionsCommand({}));
      assert.deepEqual(empty.UsageReportSubscriptions, []);
      assert.equal(empty.NextToken, undefined);
      await rejectsWith(
        client.send(new DeleteUsageReportSubscriptionCommand({})),
        'ResourceNotFoundException',
        `The usage report subscription for account ${OWNER} in ${region} does not exist.`,
      );
      const created = await client.send(new CreateUsageReportSubscriptionCommand({}));
      assert.match(created.S3BucketName!, new RegExp(`^appstream-logs-${region}-${OWNER}-[a-z0-9]{10}$`));
      assert.equal(created.Schedule, 'DAILY');
      const again = await client.send(new CreateUsageReportSubscriptionCommand({}));
      assert.deepEqual({ ...again, $metadata: undefined }, { ...created, $metadata: undefined });
      assert.deepEqual((await client.send(new DescribeUsageReportSubscriptionsCommand({ MaxResults: 5 }))).UsageReportSubscriptions, [
        { S3BucketName: created.S3BucketName, Schedule: 'DAILY' },
      ]);
      // Another account has none.
      assert.deepEqual((await appStreamClient(server.url, protocol, { region, accountId: GRANTEE }).send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions, []);
      await client.send(new DeleteUsageReportSubscriptionCommand({}));
      assert.deepEqual((await client.send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions, []);
      const fresh = await client.send(new CreateUsageReportSubscriptionCommand({}));
      assert.notEqual(fresh.S3BucketName, created.S3BucketName);
    });
  }

  it('DescribeAppLicenseUsage: yyyy-mm only; empty periods are empty; seeded records page', async () => {
    const region = 'us-west-2';
    const client = appStreamClient(server.url, 'rpcv2Cbor', { region });
    for (const bad of ['2025-8', '2025-13', '202508', 'August']) {
      await rejectsWith(
        client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: bad })),
        'InvalidParameterCombinationException',
        `The billing period ${bad} is not valid. Specify it as yyyy-mm, for example 2025-08.`,
      );
    }
    assert.deepEqual((await client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2025-08' }))).AppLicenseUsages, []);
    await seedOk(server.url, {
      users: [{ AccountId: OWNER, Region: region, UserName: 'lic@x.com' }],
      appLicenseUsages: [
        { AccountId: OWNER, Region: region, BillingPeriod: '2025-08', UserId: 'lic@x.com', SubscriptionFirstUsedDate: '2025-08-03T10:00:00Z', SubscriptionLastUsedDate: '2025-08-20T10:00:00Z' },
        { AccountId: OWNER, Region: region, BillingPeriod: '2025-08', UserId: 'other@x.com', LicenseType: 'Microsoft Visio', UserArn: `arn:aws:appstream:${region}:${OWNER}:user/userpool/00000000-0000-4000-8000-000000000000` },
        { AccountId: OWNER, Region: region, BillingPeriod: '2025-09', UserId: 'lic@x.com' },
      ],
    });
    const [user] = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!;
    const p1 = await client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2025-08', MaxResults: 1 }));
    assert.deepEqual(p1.AppLicenseUsages, [
      {
        UserArn: user!.Arn,
        BillingPeriod: '2025-08',
        OwnerAWSAccountId: OWNER,
        SubscriptionFirstUsedDate: new Date('2025-08-03T10:00:00Z'),
        SubscriptionLastUsedDate: new Date('2025-08-20T10:00:00Z'),
        LicenseType: 'Microsoft Office',
        UserId: 'lic@x.com',
      },
    ]);
    const p2 = await client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2025-08', MaxResults: 1, NextToken: p1.NextToken }));
    assert.deepEqual(p2.AppLicenseUsages!.map((r) => [r.UserId, r.LicenseType]), [['other@x.com', 'Microsoft Visio']]);
    assert.equal(p2.NextToken, undefined);
    // A token of one period is refused for another.
    await rejectsWith(client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2025-09', NextToken: p1.NextToken })), 'InvalidParameterCombinationException');
  });

  it('a seeded license record without UserArn names the existing user of that UserId: one made by CreateUser, or seeded with its own Arn', async () => {
    const region = 'ap-south-1';
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    await client.send(new CreateUserCommand({ UserName: 'api@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
    const ownArn = `arn:aws:appstream:${region}:${OWNER}:user/userpool/11111111-2222-4333-8444-555555555555`;
    await seedOk(server.url, {
      users: [{ AccountId: OWNER, Region: region, UserName: 'own-arn@x.com', Arn: ownArn }],
      appLicenseUsages: [
        { AccountId: OWNER, Region: region, BillingPeriod: '2026-02', UserId: 'api@x.com' },
        { AccountId: OWNER, Region: region, BillingPeriod: '2026-02', UserId: 'own-arn@x.com' },
      ],
    });
    const users = new Map((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.map((u) => [u.UserName!, u.Arn!]));
    assert.equal(users.get('own-arn@x.com'), ownArn);
    const records = (await client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2026-02' }))).AppLicenseUsages!;
    assert.deepEqual(
      records.map((r) => [r.UserId, r.UserArn]),
      [
        ['api@x.com', users.get('api@x.com')],
        ['own-arn@x.com', ownArn],
      ],
    );
  });

  it('seed: every new section, checked first and written whole; reset empties them per account', async () => {
    const region = 'eu-central-1';
    const document = {
      stacks: [{ AccountId: OWNER, Region: region, Name: 'seeded-stack' }],
      users: [{ AccountId: OWNER, Region: region, UserName: 'seed@x.com', FirstName: 'Seed', Enabled: false, Status: 'CONFIRMED' }],
      userStackAssociations: [{ AccountId: OWNER, Region: region, StackName: 'seeded-stack', UserName: 'seed@x.com' }],
      entitlements: [{ AccountId: OWNER, Region: region, StackName: 'seeded-stack', Name: 'ent', AppVisibility: 'ALL', Attributes: [{ Name: 'roles', Value: 'r' }], Applications: ['b', 'a'] }],
      directoryConfigs: [{ AccountId: OWNER, Region: region, DirectoryName: 'seed.example.com', OrganizationalUnitDistinguishedNames: ['OU=x'] }],
      usageReportSubscriptions: [{ AccountId: OWNER, Region: region, S3BucketName: 'my-reports', LastGeneratedReportDate: '2026-01-02T00:00:00Z', SubscriptionErrors: [{ ErrorCode: 'ACCESS_DENIED', ErrorMessage: 'no access' }] }],
    };
    const counts = await seedOk(server.url, document);
    assert.equal(counts.users, 1);
    assert.equal(counts.userStackAssociations, 1);
    assert.equal(counts.entitlements, 1);
    // Seeding twice is idempotent (same ARN: derived from account, region and name).
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    const arn1 = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users![0]!.Arn;
    await seedOk(server.url, document);
    const [u] = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!;
    assert.equal(u!.Arn, arn1);
    assert.equal(u!.Enabled, false);
    assert.equal(u!.Status, 'CONFIRMED');
    assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'seeded-stack' }))).UserStackAssociations!.length, 1);
    const [sub] = (await client.send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions!;
    assert.deepEqual(sub, {
      S3BucketName: 'my-reports',
      Schedule: 'DAILY',
      LastGeneratedReportDate: new Date('2026-01-02T00:00:00Z'),
      SubscriptionErrors: [{ ErrorCode: 'ACCESS_DENIED', ErrorMessage: 'no access' }],
    });

    // A bad entry names itself and nothing of the document is written.
    const bad = await seed(server.url, {
      users: [{ AccountId: OWNER, Region: region, UserName: 'never@x.com' }],
      userStackAssociations: [{ AccountId: OWNER, Region: region, StackName: 'no-such-stack', UserName: 'never@x.com' }],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, `userStackAssociations[0] ("never@x.com"): account ${OWNER} has no stack no-such-stack in ${region} (seed it first)`);
    assert.equal((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.length, 1, 'the user of the refused document is not there');
    const badName = await seed(server.url, { users: [{ AccountId: OWNER, Region: region, UserName: 'has space' }] });
    assert.equal(badName.status, 400);
    assert.match(badName.body.message, /^users\[0\] \("has space"\): UserName 'has space' is not a user name/);

    // Reset of another account leaves these; reset of this one empties every new table.
    await reset(server.url, GRANTEE);
    assert.equal((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.length, 1);
    const r = await reset(server.url, OWNER);
    for (const table of ['users', 'user_stack_associations', 'entitlements', 'directory_configs', 'usage_report_subscriptions', 'app_license_usages']) {
      assert.ok(table in r.body.deleted, `reset covers ${table}`);
    }
    assert.ok(r.body.deleted.users >= 1 && r.body.deleted.user_stack_associations >= 1 && r.body.deleted.entitlements >= 1);
    assert.deepEqual((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users, []);
    assert.deepEqual((await client.send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs, []);
    assert.deepEqual((await client.send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions, []);
    await rejectsWith(client.send(new DescribeEntitlementsCommand({ StackName: 'seeded-stack' })), 'ResourceNotFoundException');
  });
});

// Usage reports and app license usage (SPEC-rest §9) through real clients: one subscription per
// account and region, idempotent create, empty lists rather than errors, seeded records, the
// seed document and reset over the new families, LastGeneratedReportDate from the days sessions
// streamed, and license records from user pool users' sessions on license-included images.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchAssociateUserStackCommand,
  CreateFleetCommand,
  CreateUsageReportSubscriptionCommand,
  CreateUserCommand,
  DeleteImagePermissionsCommand,
  DeleteUsageReportSubscriptionCommand,
  DeleteUserCommand,
  DescribeAppLicenseUsageCommand,
  DescribeDirectoryConfigsCommand,
  DescribeEntitlementsCommand,
  DescribeSessionsCommand,
  DescribeUsageReportSubscriptionsCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
  ExpireSessionCommand,
  StartFleetCommand,
  UpdateImagePermissionsCommand,
  type AdminAppLicenseUsageRecord,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { advanceClock, associate, publicImageOf, WINDOWS } from '../support/fleets.js';
import { GRANTEE, OWNER, privateImages, reset, seed, seedOk } from '../support/seed.js';
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

describe('usage reports from sessions (SPEC-rest §9)', () => {
  const STEP = 60;
  const REGION = 'us-east-1';
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP });
  });
  after(() => server.close());

  const setClock = async (time: string): Promise<void> => {
    const r = await control(server, '/clock', { time });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };
  const clockMs = async (): Promise<number> => (await control(server, '/clock', undefined, 'GET')).body.epochMillis;
  const clients = (accountId: string, region = REGION) => PROTOCOLS.map((p) => appStreamClient(server.url, p, { accountId, region }));
  /** A fleet RUNNING on `image` (ImageName), associated with a new stack. */
  const runningFleet = async (accountId: string, fleet: string, stack: string, image: string): Promise<void> => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId, region: REGION });
    await c.send(new CreateFleetCommand({ Name: fleet, ImageName: image, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 2 } }));
    await c.send(new StartFleetCommand({ Name: fleet }));
    await advanceClock(server, STEP);
    await associate(server, accountId, REGION, stack, fleet, true);
  };
  /** Signs a user in through the control API; answers the session's Id. */
  const signIn = async (accountId: string, StackName: string, FleetName: string, UserId: string, AuthenticationType: 'SAML' | 'USERPOOL'): Promise<string> => {
    const r = await control(server, '/sessions', { AccountId: accountId, Region: REGION, StackName, FleetName, UserId, AuthenticationType });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.Session.Id;
  };

  it('LastGeneratedReportDate: the latest UTC midnight that ended a day with an ACTIVE session, after the subscription was created', async () => {
    const A = '730000000001';
    const B = '730000000002';
    /** The one subscription's LastGeneratedReportDate (ISO), read in both protocols, which agree. */
    const lastReport = async (accountId: string, region = REGION): Promise<string | undefined> => {
      const seen: (string | undefined)[] = [];
      for (const c of clients(accountId, region)) {
        const subs = (await c.send(new DescribeUsageReportSubscriptionsCommand({}))).UsageReportSubscriptions!;
        assert.equal(subs.length, 1);
        seen.push(subs[0]!.LastGeneratedReportDate?.toISOString());
      }
      assert.equal(seen[0], seen[1], 'both protocols answer the same');
      return seen[0];
    };
    const samlSessions = async () =>
      (await clients(A)[0]!.send(new DescribeSessionsCommand({ StackName: 'desk', FleetName: 'f', AuthenticationType: 'SAML' }))).Sessions!;
    const expire = async (SessionId: string) => assert.equal((await control(server, '/sessions/expire', { AccountId: A, Region: REGION, SessionId })).status, 200);

    await setClock('2041-03-10T20:00:00Z');
    await runningFleet(A, 'f', 'desk', publicImageOf(REGION, WINDOWS));
    for (const account of [A, B]) await clients(account)[0]!.send(new CreateUsageReportSubscriptionCommand({}));
    await clients(A, 'eu-west-1')[1]!.send(new CreateUsageReportSubscriptionCommand({}));
    assert.equal(await lastReport(A), undefined, 'no report before any streaming');

    // Streams on 03-10 (ACTIVE a step after sign-in), ended the same evening.
    const first = await signIn(A, 'desk', 'f', 'ann', 'SAML');
    await advanceClock(server, STEP);
    assert.equal((await samlSessions())[0]!.State, 'ACTIVE');
    assert.equal(await lastReport(A), undefined, 'the day has not ended');
    await expire(first);
    await setClock('2041-03-11T01:00:00Z');
    assert.deepEqual(await samlSessions(), [], "the session's row is gone");
    assert.equal(await lastReport(A), '2041-03-11T00:00:00.000Z');
    assert.equal(await lastReport(B), undefined, "another account's sessions do not count");
    assert.equal(await lastReport(A, 'eu-west-1'), undefined, "another region's sessions do not count");

    // A session ended while still PENDING streamed nothing: 03-11 had no streaming.
    await expire(await signIn(A, 'desk', 'f', 'bob', 'SAML'));
    await setClock('2041-03-12T01:00:00Z');
    assert.equal(await lastReport(A), '2041-03-11T00:00:00.000Z');

    // A session live across midnight: the day before counts at once, while it still streams.
    await setClock('2041-03-12T22:00:00Z');
    await signIn(A, 'desk', 'f', 'cy', 'SAML');
    await advanceClock(server, STEP);
    await setClock('2041-03-13T02:00:00Z');
    assert.equal((await samlSessions())[0]!.State, 'ACTIVE');
    assert.equal(await lastReport(A), '2041-03-13T00:00:00.000Z');
    // It ends at its MaxExpirationTime (16 hours, no write at its end): 03-13 had streaming too.
    await setClock('2041-03-14T00:30:00Z');
    assert.deepEqual(await samlSessions(), []);
    assert.equal(await lastReport(A), '2041-03-14T00:00:00.000Z');
    await setClock('2041-03-16T01:00:00Z');
    assert.equal(await lastReport(A), '2041-03-14T00:00:00.000Z', 'no streaming since: no later report');

    // A subscription created after that midnight has had no report since.
    await clients(A)[0]!.send(new DeleteUsageReportSubscriptionCommand({}));
    await clients(A)[1]!.send(new CreateUsageReportSubscriptionCommand({}));
    assert.equal(await lastReport(A), undefined);

    // A seeded date shows until a later midnight supersedes it.
    const seeded = (LastGeneratedReportDate: string) =>
      seedOk(server.url, { usageReportSubscriptions: [{ AccountId: A, Region: REGION, S3BucketName: 'mine', CreatedTime: '2041-03-01T00:00:00Z', LastGeneratedReportDate }] });
    await seeded('2041-03-15T00:00:00Z');
    assert.equal(await lastReport(A), '2041-03-15T00:00:00.000Z');
    await seeded('2041-03-12T00:00:00Z');
    assert.equal(await lastReport(A), '2041-03-14T00:00:00.000Z');
    // A reset of the account forgets the days its sessions streamed.
    await reset(server.url, A);
    await seeded('2041-03-12T00:00:00Z');
    assert.equal(await lastReport(A), '2041-03-12T00:00:00.000Z');
  });

  it('DescribeAppLicenseUsage: a user pool user signing in to a fleet on a ManagedSoftwareIncluded image records a use in its billing period', async () => {
    const C = '730000000003';
    await seedOk(server.url, {
      images: [...privateImages(C, REGION, 'office', 1, { ManagedSoftwareIncluded: true }), ...privateImages(C, REGION, 'plain', 1)],
    });
    const c = clients(C)[0]!;
    for (const UserName of ['pat@x.com', 'sam@x.com']) await c.send(new CreateUserCommand({ UserName, AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
    await runningFleet(C, 'licensed', 'office', 'office-000');
    await runningFleet(C, 'unlicensed', 'plain', 'plain-000');
    await c.send(
      new BatchAssociateUserStackCommand({
        UserStackAssociations: ['office', 'plain'].flatMap((StackName) => ['pat@x.com', 'sam@x.com'].map((UserName) => ({ StackName, UserName, AuthenticationType: 'USERPOOL' as const }))),
      }),
    );
    const arns = new Map((await c.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.map((u) => [u.UserName!, u.Arn!]));
    /** The records of a period, read in both protocols, which agree. */
    const records = async (BillingPeriod: string): Promise<AdminAppLicenseUsageRecord[]> => {
      const [json, cbor] = await Promise.all(clients(C).map(async (client) => (await client.send(new DescribeAppLicenseUsageCommand({ BillingPeriod }))).AppLicenseUsages!));
      assert.deepEqual(json, cbor, 'both protocols answer the same');
      return json!;
    };
    /** Signs pat in on the licensed fleet; answers the emulated time bounds of the sign-in. */
    const patSignsIn = async (): Promise<[number, number]> => {
      const before = await clockMs();
      await signIn(C, 'office', 'licensed', 'pat@x.com', 'USERPOOL');
      return [before, await clockMs()];
    };
    const within = (date: Date | undefined, [lo, hi]: [number, number], what: string) =>
      assert.ok(date !== undefined && date.getTime() >= lo && date.getTime() <= hi, `${what}: ${date?.toISOString()} in [${new Date(lo).toISOString()}, ${new Date(hi).toISOString()}]`);

    await setClock('2041-08-31T22:00:00Z');
    const t1 = await patSignsIn();
    // Not a use: a SAML user on the same fleet, a user pool user on a fleet without licensed software.
    await signIn(C, 'office', 'licensed', 'sam@x.com', 'SAML');
    await signIn(C, 'plain', 'unlicensed', 'sam@x.com', 'USERPOOL');
    let [august] = await records('2041-08');
    assert.deepEqual((await records('2041-08')).length, 1);
    assert.deepEqual({ ...august, SubscriptionFirstUsedDate: undefined, SubscriptionLastUsedDate: undefined }, {
      UserArn: arns.get('pat@x.com'),
      BillingPeriod: '2041-08',
      OwnerAWSAccountId: C,
      SubscriptionFirstUsedDate: undefined,
      SubscriptionLastUsedDate: undefined,
      LicenseType: 'Microsoft Office',
      UserId: 'pat@x.com',
    });
    within(august!.SubscriptionFirstUsedDate, t1, 'first use');
    assert.deepEqual(august!.SubscriptionLastUsedDate, august!.SubscriptionFirstUsedDate);
    const firstUse = august!.SubscriptionFirstUsedDate;

    // Signing in again (the live session, reused) extends the record's last use.
    await advanceClock(server, 1800);
    const t2 = await patSignsIn();
    [august] = await records('2041-08');
    assert.deepEqual(august!.SubscriptionFirstUsedDate, firstUse);
    within(august!.SubscriptionLastUsedDate, t2, 'last use');
    assert.deepEqual(await records('2041-09'), []);

    // The next month has a record of its own; August's stays.
    await setClock('2041-09-01T00:30:00Z');
    const t3 = await patSignsIn();
    const september = await records('2041-09');
    assert.deepEqual(september.map((r) => [r.UserId, r.UserArn, r.BillingPeriod, r.LicenseType]), [['pat@x.com', arns.get('pat@x.com'), '2041-09', 'Microsoft Office']]);
    within(september[0]!.SubscriptionFirstUsedDate, t3, 'first use in September');
    assert.deepEqual(september[0]!.SubscriptionLastUsedDate, september[0]!.SubscriptionFirstUsedDate);
    assert.deepEqual(await records('2041-08'), [august]);
  });

  it('license uses on a shared image end with the share; a user created again under a deleted user\'s name has a record of its own', async () => {
    const [O, G] = ['730000000004', '730000000005'];
    await seedOk(server.url, { images: privateImages(O, REGION, 'suite', 1, { ManagedSoftwareIncluded: true }) });
    const owner = clients(O)[0]!;
    const g = clients(G)[0]!;
    await owner.send(new UpdateImagePermissionsCommand({ Name: 'suite-000', SharedAccountId: G, ImagePermissions: { allowFleet: true, allowImageBuilder: false } }));
    await g.send(
      new CreateFleetCommand({ Name: 'on-shared', ImageArn: `arn:aws:appstream:${REGION}:${O}:image/suite-000`, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 2 } }),
    );
    await g.send(new StartFleetCommand({ Name: 'on-shared' }));
    await advanceClock(server, STEP);
    await associate(server, G, REGION, 'shared-stack', 'on-shared', true);
    const annJoins = async (): Promise<string> => {
      await g.send(new CreateUserCommand({ UserName: 'ann@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
      await g.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: 'shared-stack', UserName: 'ann@x.com', AuthenticationType: 'USERPOOL' }] }));
      return (await g.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.find((u) => u.UserName === 'ann@x.com')!.Arn!;
    };
    const march = async () => (await g.send(new DescribeAppLicenseUsageCommand({ BillingPeriod: '2042-03' }))).AppLicenseUsages!;

    await setClock('2042-03-01T10:00:00Z');
    const firstArn = await annJoins();
    const session = await signIn(G, 'shared-stack', 'on-shared', 'ann@x.com', 'USERPOOL');
    const [first] = await march();
    assert.deepEqual([first!.UserId, first!.UserArn], ['ann@x.com', firstArn], 'a user of the grantee, on the owner\'s licensed image');

    // Deleted, then created again days later: another ARN, another record; the first stays as it was.
    await g.send(new ExpireSessionCommand({ SessionId: session }));
    await g.send(new DeleteUserCommand({ UserName: 'ann@x.com', AuthenticationType: 'USERPOOL' }));
    await setClock('2042-03-10T10:00:00Z');
    const secondArn = await annJoins();
    assert.notEqual(secondArn, firstArn);
    await signIn(G, 'shared-stack', 'on-shared', 'ann@x.com', 'USERPOOL');
    const both = await march();
    assert.equal(both.length, 2);
    assert.deepEqual(both.find((r) => r.UserArn === firstArn), first);
    const second = both.find((r) => r.UserArn === secondArn)!;
    assert.ok(second.SubscriptionFirstUsedDate!.getTime() >= Date.parse('2042-03-10T10:00:00Z'), `the new user's first use: ${second.SubscriptionFirstUsedDate!.toISOString()}`);

    // The owner revokes the share: signing in again (if the fleet still lets it) is no use of the license.
    await owner.send(new DeleteImagePermissionsCommand({ Name: 'suite-000', SharedAccountId: G }));
    await advanceClock(server, 3600);
    await control(server, '/sessions', { AccountId: G, Region: REGION, StackName: 'shared-stack', FleetName: 'on-shared', UserId: 'ann@x.com', AuthenticationType: 'USERPOOL' });
    assert.deepEqual(await march(), both);
  });
});

// Real clients of the user pool, entitlements, directory configs and usage reports, replayed as
// the call sequences they make (SPEC-rest §14): Terraform's aws_appstream_user,
// aws_appstream_user_stack_association, aws_appstream_directory_config, aws_appstream_entitlement,
// aws_appstream_application_entitlement_association and aws_appstream_usage_report_subscription
// (JS SDK, both protocols), CloudQuery's tables, an onboarding script (boto3), boto3's
// paginators and the AWS CLI.
// Stacks and fleets are made as each client's user makes them (CreateStack, CreateFleet,
// AssociateFleet); CloudQuery walks DescribeStacks for its per-stack tables.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateApplicationToEntitlementCommand,
  BatchAssociateUserStackCommand,
  BatchDisassociateUserStackCommand,
  CreateDirectoryConfigCommand,
  CreateEntitlementCommand,
  CreateUsageReportSubscriptionCommand,
  CreateUserCommand,
  DeleteDirectoryConfigCommand,
  DeleteEntitlementCommand,
  DeleteUsageReportSubscriptionCommand,
  DeleteUserCommand,
  DescribeDirectoryConfigsCommand,
  DescribeEntitlementsCommand,
  DescribeStacksCommand,
  DescribeUsageReportSubscriptionsCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
  DisableUserCommand,
  DisassociateApplicationFromEntitlementCommand,
  EnableUserCommand,
  ListEntitledApplicationsCommand,
  UpdateDirectoryConfigCommand,
  UpdateEntitlementCommand,
  type AppStreamClient,
  type User,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

/** Terraform's "not found" mapping: these codes mean the resource is gone. */
async function tfGone(call: Promise<unknown>, codes = ['ResourceNotFoundException']): Promise<boolean> {
  try {
    await call;
    return false;
  } catch (e: any) {
    if (codes.includes(e.name)) return true;
    throw e;
  }
}

/** Terraform's user read: page DescribeUsers{USERPOOL} and match UserName exactly. */
async function tfFindUser(client: AppStreamClient, name: string): Promise<User | undefined> {
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', NextToken: token }));
    const found = page.Users?.find((u) => u.UserName === name);
    if (found) return found;
    token = page.NextToken;
  } while (token);
  return undefined;
}

describe('real clients of users, entitlements, directory configs and usage reports', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';
    const part = { accountId: OWNER, region };

    it(`Terraform aws_appstream_user: create, wait, disable, update, delete (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      // Others in the pool, so the read pages.
      for (let i = 0; i < 30; i++) await client.send(new CreateUserCommand({ UserName: `pad-${String(i).padStart(2, '0')}@x.com`, AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
      await client.send(new CreateUserCommand({ UserName: 'TF.User@Example.com', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS', FirstName: 'Tf', LastName: 'User' }));
      // waitUserCreated: polls until found (found at once here).
      const created = await tfFindUser(client, 'TF.User@Example.com');
      assert.ok(created, 'found by exact name across pages');
      assert.equal(await tfFindUser(client, 'tf.user@example.com'), undefined, 'another case is another user');
      // enabled = false: DisableUser after create; read back.
      await client.send(new DisableUserCommand({ UserName: 'TF.User@Example.com', AuthenticationType: 'USERPOOL' }));
      const read = await tfFindUser(client, 'TF.User@Example.com');
      assert.equal(read?.Enabled, false);
      assert.equal(read?.Arn, created.Arn);
      assert.ok(read?.CreatedTime instanceof Date);
      // Update enabled = true.
      await client.send(new EnableUserCommand({ UserName: 'TF.User@Example.com', AuthenticationType: 'USERPOOL' }));
      assert.equal((await tfFindUser(client, 'TF.User@Example.com'))?.Enabled, true);
      // Destroy; a second destroy maps ResourceNotFound to success; CheckDestroy finds nothing.
      await client.send(new DeleteUserCommand({ UserName: 'TF.User@Example.com', AuthenticationType: 'USERPOOL' }));
      assert.equal(await tfGone(client.send(new DeleteUserCommand({ UserName: 'TF.User@Example.com', AuthenticationType: 'USERPOOL' }))), true);
      assert.equal(await tfFindUser(client, 'TF.User@Example.com'), undefined);
    });

    it(`Terraform aws_appstream_user_stack_association and an onboarding-style association (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      await fixtures(server, part).stack('tf-stack');
      await client.send(new CreateUserCommand({ UserName: 'assoc@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
      const item = { StackName: 'tf-stack', UserName: 'assoc@x.com', AuthenticationType: 'USERPOOL' as const, SendEmailNotification: false };
      const out = await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [item] }));
      assert.equal(out.errors?.length, 0, 'errors non-empty would fail the apply');
      const read = await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'tf-stack', UserName: 'assoc@x.com', AuthenticationType: 'USERPOOL' }));
      assert.deepEqual(read.UserStackAssociations, [{ StackName: 'tf-stack', UserName: 'assoc@x.com', AuthenticationType: 'USERPOOL' }]);
      // An apply against a missing stack fails through `errors`.
      const bad = await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ ...item, StackName: 'missing' }] }));
      assert.equal(bad.errors?.[0]?.ErrorCode, 'STACK_NOT_FOUND');
      const dis = await client.send(new BatchDisassociateUserStackCommand({ UserStackAssociations: [item] }));
      assert.deepEqual(dis.errors, []);
      assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'tf-stack', UserName: 'assoc@x.com', AuthenticationType: 'USERPOOL' }))).UserStackAssociations, []);
    });

    it(`Terraform aws_appstream_directory_config (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const name = 'tf.example.com';
      await client.send(
        new CreateDirectoryConfigCommand({ DirectoryName: name, OrganizationalUnitDistinguishedNames: ['OU=a,DC=tf'], ServiceAccountCredentials: { AccountName: 'TF\\svc', AccountPassword: 'p1' } }),
      );
      const read = await client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: [name] }));
      assert.equal(read.DirectoryConfigs?.length, 1);
      // Terraform keeps the password from its own state: AWS never returns it.
      assert.deepEqual(read.DirectoryConfigs![0]!.ServiceAccountCredentials, { AccountName: 'TF\\svc' });
      await client.send(new UpdateDirectoryConfigCommand({ DirectoryName: name, OrganizationalUnitDistinguishedNames: ['OU=b,DC=tf'], ServiceAccountCredentials: { AccountName: 'TF\\svc', AccountPassword: 'p2' } }));
      assert.deepEqual((await client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: [name] }))).DirectoryConfigs![0]!.OrganizationalUnitDistinguishedNames, ['OU=b,DC=tf']);
      await client.send(new DeleteDirectoryConfigCommand({ DirectoryName: name }));
      assert.equal(await tfGone(client.send(new DescribeDirectoryConfigsCommand({ DirectoryNames: [name] }))), true);
    });

    it(`Terraform aws_appstream_entitlement and aws_appstream_application_entitlement_association (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const fx = fixtures(server, part);
      await seedOk(server.url, {
        images: [{ AccountId: OWNER, Region: region, Name: 'tf-image', BaseImageName: 'AppStream-WinServer2022-11-10-2025', Applications: [{ Name: 'excel', DisplayName: 'Excel' }] }],
      });
      await fx.stack('ent-stack');
      await fx.fleet('ent-fleet', { ImageName: 'tf-image' });
      await fx.associate('ent-stack', 'ent-fleet');
      await client.send(new CreateEntitlementCommand({ Name: 'tf-ent', StackName: 'ent-stack', AppVisibility: 'ASSOCIATED', Attributes: [{ Name: 'department', Value: 'finance' }] }));
      const read = await client.send(new DescribeEntitlementsCommand({ StackName: 'ent-stack', Name: 'tf-ent' }));
      assert.equal(read.Entitlements?.[0]?.AppVisibility, 'ASSOCIATED');
      await client.send(new UpdateEntitlementCommand({ Name: 'tf-ent', StackName: 'ent-stack', Description: 'updated', AppVisibility: 'ALL', Attributes: [{ Name: 'department', Value: 'hr' }] }));
      // The association resource: associate, then read by paging until NextToken is "" or absent.
      await client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'ent-stack', EntitlementName: 'tf-ent', ApplicationIdentifier: 'excel' }));
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListEntitledApplicationsCommand({ StackName: 'ent-stack', EntitlementName: 'tf-ent', NextToken: token }));
        found.push(...(page.EntitledApplications ?? []).map((a) => a.ApplicationIdentifier!));
        token = page.NextToken;
        assert.notEqual(token, '', 'NextToken is absent, never ""');
      } while (token);
      assert.deepEqual(found, ['excel']);
      await client.send(new DisassociateApplicationFromEntitlementCommand({ StackName: 'ent-stack', EntitlementName: 'tf-ent', ApplicationIdentifier: 'excel' }));
      assert.equal(await tfGone(client.send(new DisassociateApplicationFromEntitlementCommand({ StackName: 'ent-stack', EntitlementName: 'tf-ent', ApplicationIdentifier: 'excel' }))), true);
      await client.send(new DeleteEntitlementCommand({ Name: 'tf-ent', StackName: 'ent-stack' }));
      // Delete waits until EntitlementNotFound/ResourceNotFound.
      assert.equal(await tfGone(client.send(new DescribeEntitlementsCommand({ StackName: 'ent-stack', Name: 'tf-ent' })), ['EntitlementNotFoundException', 'ResourceNotFoundException']), true);
    });

    it(`Terraform aws_appstream_usage_report_subscription (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const created = await client.send(new CreateUsageReportSubscriptionCommand({}));
      const read = await client.send(new DescribeUsageReportSubscriptionsCommand({}));
      assert.equal(read.UsageReportSubscriptions?.length, 1);
      assert.equal(read.UsageReportSubscriptions![0]!.S3BucketName, created.S3BucketName);
      assert.equal(read.UsageReportSubscriptions![0]!.Schedule, 'DAILY');
      await client.send(new DeleteUsageReportSubscriptionCommand({}));
      assert.equal(await tfGone(client.send(new DeleteUsageReportSubscriptionCommand({}))), true);
    });

    it(`CloudQuery: every table of an empty account answers empty lists, then a full one (${protocol})`, async () => {
      const emptyRegion = protocol === 'awsJson1_1' ? 'sa-east-1' : 'af-south-1';
      const client = appStreamClient(server.url, protocol, { region: emptyRegion });
      const all = async <T>(fetch: (token?: string) => Promise<{ items?: T[]; token?: string }>) => {
        const out: T[] = [];
        let token: string | undefined;
        do {
          const p = await fetch(token);
          out.push(...(p.items ?? []));
          token = p.token || undefined; // CloudQuery stops on nil or "".
        } while (token);
        return out;
      };
      // The per-stack tables: DescribeStacks, then each stack's entitlements and user associations.
      const perStack = async <T>(fetch: (stack: string, token?: string) => Promise<{ items?: T[]; token?: string }>) => {
        const stacks = await all((t) => client.send(new DescribeStacksCommand({ NextToken: t })).then((r) => ({ items: r.Stacks, token: r.NextToken })));
        const out: T[] = [];
        for (const stack of stacks) out.push(...(await all((t) => fetch(stack.Name!, t))));
        return out;
      };
      const tables = async () => ({
        entitlements: await perStack((s, t) => client.send(new DescribeEntitlementsCommand({ StackName: s, NextToken: t })).then((r) => ({ items: r.Entitlements, token: r.NextToken }))),
        associations: await perStack((s, t) => client.send(new DescribeUserStackAssociationsCommand({ StackName: s, NextToken: t })).then((r) => ({ items: r.UserStackAssociations, token: r.NextToken }))),
        users: await all((t) => client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', NextToken: t })).then((r) => ({ items: r.Users, token: r.NextToken }))),
        directoryConfigs: await all((t) => client.send(new DescribeDirectoryConfigsCommand({ NextToken: t })).then((r) => ({ items: r.DirectoryConfigs, token: r.NextToken }))),
        usageReports: await all((t) => client.send(new DescribeUsageReportSubscriptionsCommand({ NextToken: t })).then((r) => ({ items: r.UsageReportSubscriptions, token: r.NextToken }))),
      });
      assert.deepEqual(await tables(), { entitlements: [], associations: [], users: [], directoryConfigs: [], usageReports: [] });
      // A stack without entitlements or users: still empty lists, never an error.
      await fixtures(server, { accountId: OWNER, region: emptyRegion }).stack('cq-empty-stack');
      assert.deepEqual(await tables(), { entitlements: [], associations: [], users: [], directoryConfigs: [], usageReports: [] });
      for (let i = 0; i < 27; i++) await client.send(new CreateUserCommand({ UserName: `cq${i}@x.com`, AuthenticationType: 'USERPOOL' }));
      await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: 'cq-empty-stack', UserName: 'cq1@x.com', AuthenticationType: 'USERPOOL' }] }));
      await client.send(new CreateEntitlementCommand({ Name: 'cq', StackName: 'cq-empty-stack', AppVisibility: 'ALL', Attributes: [{ Name: 'roles', Value: 'x' }] }));
      await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'cq.example.com', OrganizationalUnitDistinguishedNames: [] }));
      await client.send(new CreateUsageReportSubscriptionCommand({}));
      const full = await tables();
      assert.deepEqual([full.entitlements.length, full.associations.length, full.users.length, full.directoryConfigs.length, full.usageReports.length], [1, 1, 27, 1, 1]);
    });
  }

  it('an onboarding script (boto3): create users, then associate them; boto3 paginators', { skip: boto3SkipReason() }, async () => {
    const region = 'us-west-2';
    const r = await runBoto3(
      server.url,
      `
client.create_stack(Name='onboarding')
people = [('ada@example.com', 'Ada', 'Lovelace'), ('alan@example.com', 'Alan', 'Turing')]
for email, first, last in people:
    client.create_user(UserName=email, MessageAction='SUPPRESS', FirstName=first, LastName=last, AuthenticationType='USERPOOL')
# (the real script sleeps ~100 s here for the pool to settle)
out = client.batch_associate_user_stack(UserStackAssociations=[
    {'StackName': 'onboarding', 'UserName': email, 'AuthenticationType': 'USERPOOL', 'SendEmailNotification': False} for email, _, _ in people])
users = [u['UserName'] for p in client.get_paginator('describe_users').paginate(AuthenticationType='USERPOOL', PaginationConfig={'PageSize': 1}) for u in p['Users']]
assocs = [a['UserName'] for p in client.get_paginator('describe_user_stack_associations').paginate(StackName='onboarding', PaginationConfig={'PageSize': 1}) for a in p['UserStackAssociations']]
client.create_directory_config(DirectoryName='py.example.com', OrganizationalUnitDistinguishedNames=['OU=x'])
dirs = [d['DirectoryName'] for p in client.get_paginator('describe_directory_configs').paginate() for d in p['DirectoryConfigs']]
try:
    client.create_user(UserName='bad@example.com', AuthenticationType='SAML')
    err = None
except client.exceptions.ClientError as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message']]
result = {'errors': out['errors'], 'users': users, 'assocs': assocs, 'dirs': dirs, 'err': err}
`,
      { region },
    );
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, {
      errors: [],
      users: ['ada@example.com', 'alan@example.com'],
      assocs: ['ada@example.com', 'alan@example.com'],
      dirs: ['py.example.com'],
      err: ['InvalidParameterValueException', "Cannot create a user with 'SAML' authentication type"],
    });
  });

  it('the AWS CLI: users, associations, directory configs, entitlements, usage reports', { skip: awsCliSkipReason() }, async () => {
    const region = 'ap-northeast-2';
    const cli = (...args: string[]) => runAwsCli(server.url, args, { region });
    assert.equal((await cli('create-stack', '--name', 'cli-stack')).status, 0);
    assert.equal((await cli('create-user', '--user-name', 'cli@x.com', '--authentication-type', 'USERPOOL', '--message-action', 'SUPPRESS')).status, 0);
    const users = await cli('describe-users', '--authentication-type', 'USERPOOL');
    assert.equal((users.json as any).Users[0].UserName, 'cli@x.com');
    const assoc = await cli('batch-associate-user-stack', '--user-stack-associations', 'StackName=cli-stack,UserName=cli@x.com,AuthenticationType=USERPOOL');
    assert.deepEqual(assoc.json, { errors: [] });
    const listed = await cli('describe-user-stack-associations', '--stack-name', 'cli-stack');
    assert.deepEqual((listed.json as any).UserStackAssociations, [{ StackName: 'cli-stack', UserName: 'cli@x.com', AuthenticationType: 'USERPOOL' }]);
    const dir = await cli('create-directory-config', '--directory-name', 'cli.example.com', '--organizational-unit-distinguished-names', 'OU=a', '--service-account-credentials', 'AccountName=svc,AccountPassword=pw');
    assert.deepEqual((dir.json as any).DirectoryConfig.ServiceAccountCredentials, { AccountName: 'svc' });
    const ent = await cli('create-entitlement', '--name', 'e', '--stack-name', 'cli-stack', '--app-visibility', 'ALL', '--attributes', 'Name=roles,Value=r');
    assert.equal((ent.json as any).Entitlement.Name, 'e');
    const sub = await cli('create-usage-report-subscription');
    assert.equal((sub.json as any).Schedule, 'DAILY');
    const missing = await cli('delete-user', '--user-name', 'nobody@x.com', '--authentication-type', 'USERPOOL');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ResourceNotFoundException.*The user nobody@x.com does not exist\./);
  });
});

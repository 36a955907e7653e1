// Real clients of stacks (SPEC-rest §14) replayed call by call, in both protocols: Terraform's
// aws_appstream_stack and aws_appstream_fleet_stack_association, CloudQuery's stack table;
// then boto3 (its paginators) and the AWS CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AppStreamServiceException,
  AssociateFleetCommand,
  BatchAssociateUserStackCommand,
  CreateEntitlementCommand,
  CreateStackCommand,
  CreateUserCommand,
  DeleteStackCommand,
  DescribeEntitlementsCommand,
  DescribeStacksCommand,
  DescribeUserStackAssociationsCommand,
  DisassociateFleetCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStackCommand,
  type AppStreamClient,
  type Stack,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { awsCliSkipReason, boto3SkipReason, runAwsCli, runBoto3 } from '../support/python.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';

const isNotFound = (e: unknown) => e instanceof AppStreamServiceException && e.name === 'ResourceNotFoundException';

/** tfresource.RetryWhenIsA[*ResourceNotFoundException]: retried a few times here (no lag in the emulator). */
async function retryOnNotFound<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (e) {
      if (!isNotFound(e) || i >= attempts) throw e;
    }
  }
}

/** Terraform's findStacks: describeStacksPages over DescribeStacks{Names}, ResourceNotFound -> "not found" (undefined). */
async function tfFindStack(c: AppStreamClient, name: string): Promise<Stack | undefined> {
  const out: Stack[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await c.send(new DescribeStacksCommand({ Names: [name], NextToken: token }));
      out.push(...(page.Stacks ?? []));
      token = page.NextToken;
    } while (token);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  // tfresource.AssertSingleValueResult
  assert.equal(out.length, 1, 'exactly one stack');
  return out[0];
}

/** Terraform's read of a stack into state: the attributes its tests check. */
function tfStackState(stack: Stack) {
  return {
    arn: stack.Arn,
    name: stack.Name,
    description: stack.Description ?? '',
    display_name: stack.DisplayName ?? '',
    created_time: stack.CreatedTime!.toISOString(),
    'user_settings.#': stack.UserSettings?.length ?? 0,
    'application_settings.#': stack.ApplicationSettings ? 1 : 0,
    'application_settings.0.enabled': stack.ApplicationSettings?.Enabled,
    'application_settings.0.settings_group': stack.ApplicationSettings?.SettingsGroup ?? '',
    'storage_connectors.#': stack.StorageConnectors?.length ?? 0,
    'access_endpoints.#': stack.AccessEndpoints?.length ?? 0,
    'embed_host_domains.#': stack.EmbedHostDomains?.length ?? 0,
    feedback_url: stack.FeedbackURL ?? '',
    redirect_url: stack.RedirectURL ?? '',
  };
}

/** Terraform's FindFleetStackAssociation: ListAssociatedStacks{FleetName} paged, matching the stack. */
async function tfFindAssociation(c: AppStreamClient, fleet: string, stack: string): Promise<boolean> {
  let token: string | undefined;
  do {
    const page = await c.send(new ListAssociatedStacksCommand({ FleetName: fleet, NextToken: token }));
    if ((page.Names ?? []).includes(stack)) return true;
    token = page.NextToken;
  } while (token);
  return false;
}

describe('real clients of stacks', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { stacks: 100 } });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: R, Name: 'tf-fleet-awsJson1_1', State: 'RUNNING' },
        { AccountId: OWNER, Region: R, Name: 'tf-fleet-rpcv2Cbor', State: 'RUNNING' },
      ],
    });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const client = () => appStreamClient(server.url, protocol);

    it(`Terraform aws_appstream_stack: create, read, update, tags, delete, destroy check (${protocol})`, async () => {
      const c = client();
      const name = `tf-stack-${protocol}`;
      // resourceStackCreate
      const created = await retryOnNotFound(() => c.send(new CreateStackCommand({ Name: name, Description: 'Description', Tags: { Name: name } })));
      assert.equal(created.Stack!.Name, name);
      // resourceStackRead (d.IsNewResource: not-found is an error)
      const read = await tfFindStack(c, name);
      assert.ok(read);
      const state = tfStackState(read);
      assert.equal(state['user_settings.#'], 8);
      assert.equal(state['application_settings.#'], 1);
      assert.equal(state['application_settings.0.enabled'], false);
      assert.equal(state['application_settings.0.settings_group'], '');
      assert.equal(state['storage_connectors.#'], 0);
      assert.equal(state['access_endpoints.#'], 0);
      assert.equal(state['embed_host_domains.#'], 0);
      assert.equal(state.arn, `arn:aws:appstream:${R}:${OWNER}:stack/${name}`);
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: read.Arn! }))).Tags, { Name: name });

      // resourceStackUpdate: only the changed attributes, then a read.
      await c.send(
        new UpdateStackCommand({
          Name: name,
          Description: 'Updated',
          ApplicationSettings: { Enabled: true, SettingsGroup: 'SettingsGroup' },
          UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'DISABLED' }],
        }),
      );
      const updated = tfStackState((await tfFindStack(c, name))!);
      assert.equal(updated.description, 'Updated');
      assert.equal(updated['application_settings.0.enabled'], true);
      assert.equal(updated['application_settings.0.settings_group'], 'SettingsGroup');
      assert.equal(updated['user_settings.#'], 8);
      assert.equal(updated.created_time, state.created_time);
      // Removing application_settings from the config: TF sends {Enabled:false}; description removed: "".
      await c.send(new UpdateStackCommand({ Name: name, ApplicationSettings: { Enabled: false }, Description: '' }));
      const disabled = tfStackState((await tfFindStack(c, name))!);
      assert.equal(disabled['application_settings.0.enabled'], false);
      assert.equal(disabled['application_settings.0.settings_group'], '');
      assert.equal(disabled.description, '');
      // Tags: updateTags = Untag (removed keys) then Tag (new/changed ones).
      await c.send(new UntagResourceCommand({ ResourceArn: read.Arn!, TagKeys: ['Name'] }));
      await c.send(new TagResourceCommand({ ResourceArn: read.Arn!, Tags: { key2: 'value2' } }));
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: read.Arn! }))).Tags, { key2: 'value2' });

      // resourceStackDelete: DeleteStack, then RetryUntilNotFound on the read.
      await c.send(new DeleteStackCommand({ Name: name }));
      assert.equal(await tfFindStack(c, name), undefined);
      // A second destroy (state drift) maps ResourceNotFound to success.
      await assert.rejects(c.send(new DeleteStackCommand({ Name: name })), isNotFound);
      // Refresh after an out-of-band delete: not found, removed from state.
      assert.equal(await tfFindStack(c, name), undefined);
    });

    it(`Terraform aws_appstream_fleet_stack_association: create, read, delete, destroy check (${protocol})`, async () => {
      const c = client();
      const fleet = `tf-fleet-${protocol}`;
      const stack = `tf-assoc-${protocol}`;
      await c.send(new CreateStackCommand({ Name: stack }));
      // resourceFleetStackAssociationCreate: AssociateFleet (retry on ResourceNotFound), id fleet/stack.
      await retryOnNotFound(() => c.send(new AssociateFleetCommand({ FleetName: fleet, StackName: stack })));
      assert.equal(await tfFindAssociation(c, fleet, stack), true);
      // resourceFleetStackAssociationDelete: DisassociateFleet; ResourceNotFound is success.
      await c.send(new DisassociateFleetCommand({ StackName: stack, FleetName: fleet }));
      await assert.rejects(c.send(new DisassociateFleetCommand({ StackName: stack, FleetName: fleet })), isNotFound);
      // CheckDestroy: the read finds nothing.
      assert.equal(await tfFindAssociation(c, fleet, stack), false);
      // The stack's own destroy then succeeds.
      await c.send(new DeleteStackCommand({ Name: stack }));
    });

    it(`CloudQuery aws_appstream_stacks: DescribeStacks until NextToken is nil, every page whole (${protocol})`, async () => {
      const account = protocol === 'awsJson1_1' ? '777777777771' : '777777777772';
      const c = appStreamClient(server.url, protocol, { accountId: account });
      // An empty inventory is no error.
      const empty = await c.send(new DescribeStacksCommand({}));
      assert.deepEqual(empty.Stacks, []);
      assert.equal(empty.NextToken, undefined);
      const names = Array.from({ length: 27 }, (_, i) => `cq-${String(i).padStart(2, '0')}`);
      for (const name of names) await c.send(new CreateStackCommand({ Name: name }));
      const seen: Stack[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await c.send(new DescribeStacksCommand({ NextToken: token }));
        seen.push(...page.Stacks!);
        token = page.NextToken;
        pages++;
        // CloudQuery's loop also stops on "": it must never be sent.
        assert.notEqual(token, '');
      } while (token !== undefined);
      assert.equal(pages, 2);
      assert.deepEqual(seen.map((s) => s.Name), names);
      for (const s of seen) assert.ok(s.Arn && s.CreatedTime && s.UserSettings?.length === 8 && s.ApplicationSettings, `whole stack ${s.Name}`);
    });

    it(`CloudQuery aws_appstream_stacks relations: per stack DescribeEntitlements and DescribeUserStackAssociations, paged until NextToken is nil (${protocol})`, async () => {
      // The stacks of the previous test (cq-00 .. cq-26); two carry entitlements, two carry users.
      const account = protocol === 'awsJson1_1' ? '777777777771' : '777777777772';
      const c = appStreamClient(server.url, protocol, { accountId: account });
      for (const [stack, name] of [['cq-03', 'finance'], ['cq-03', 'hr'], ['cq-20', 'all']] as const) {
        await c.send(new CreateEntitlementCommand({ Name: name, StackName: stack, AppVisibility: 'ALL', Attributes: [{ Name: 'department', Value: name }] }));
      }
      const users = Array.from({ length: 30 }, (_, i) => `cq-user-${String(i).padStart(2, '0')}@example.com`);
      for (const UserName of users) await c.send(new CreateUserCommand({ UserName, AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
      // 28 users on cq-05 (more than a page of DescribeUserStackAssociations), 2 on cq-26.
      const associate = (StackName: string, names: string[]) =>
        c.send(new BatchAssociateUserStackCommand({ UserStackAssociations: names.map((UserName) => ({ StackName, UserName, AuthenticationType: 'USERPOOL' as const })) }));
      assert.deepEqual((await associate('cq-05', users.slice(0, 25))).errors, []);
      assert.deepEqual((await associate('cq-05', users.slice(25, 28))).errors, []);
      assert.deepEqual((await associate('cq-26', users.slice(28))).errors, []);

      // CloudQuery: DescribeStacks, then per stack each relation with its own NextToken loop.
      const stacks: Stack[] = [];
      let token: string | undefined;
      do {
        const page = await c.send(new DescribeStacksCommand({ NextToken: token }));
        stacks.push(...page.Stacks!);
        token = page.NextToken;
      } while (token !== undefined && token !== '');
      assert.equal(stacks.length, 27);
      const entitlements: Record<string, string[]> = {};
      const members: Record<string, string[]> = {};
      for (const stack of stacks) {
        const name = stack.Name!;
        let calls = 0;
        for (let next: string | undefined, first = true; first || (next !== undefined && next !== ''); first = false) {
          const page = await c.send(new DescribeEntitlementsCommand({ StackName: name, NextToken: next }));
          for (const e of page.Entitlements ?? []) (entitlements[name] ??= []).push(`${e.StackName}/${e.Name}`);
          next = page.NextToken;
          assert.ok(++calls < 10, 'paging ends');
        }
        for (let next: string | undefined, first = true; first || (next !== undefined && next !== ''); first = false) {
          const page = await c.send(new DescribeUserStackAssociationsCommand({ StackName: name, NextToken: next }));
          for (const a of page.UserStackAssociations ?? []) (members[name] ??= []).push(`${a.StackName}/${a.UserName}/${a.AuthenticationType}`);
          next = page.NextToken;
          assert.ok(++calls < 10, 'paging ends');
        }
      }
      assert.deepEqual(entitlements, { 'cq-03': ['cq-03/finance', 'cq-03/hr'], 'cq-20': ['cq-20/all'] });
      assert.deepEqual(Object.keys(members).sort(), ['cq-05', 'cq-26']);
      assert.deepEqual([...members['cq-05']!].sort(), users.slice(0, 28).map((u) => `cq-05/${u}/USERPOOL`));
      assert.deepEqual([...members['cq-26']!].sort(), users.slice(28).map((u) => `cq-26/${u}/USERPOOL`));
    });
  }

  it('boto3: create_stack defaults, the describe_stacks and list_associated_stacks paginators, themes', { skip: boto3SkipReason() }, async () => {
    const out = await runBoto3(
      server.url,
      `
created = client.create_stack(Name='py-stack', Tags={'team': 'py'})['Stack']
for i in range(26):
    client.create_stack(Name='py-many-%02d' % i)
    client.associate_fleet(FleetName='tf-fleet-awsJson1_1', StackName='py-many-%02d' % i)
pages = list(client.get_paginator('describe_stacks').paginate())
assoc = list(client.get_paginator('list_associated_stacks').paginate(FleetName='tf-fleet-awsJson1_1'))
theme = client.create_theme_for_stack(StackName='py-stack', TitleText='Py', ThemeStyling='LIGHT_BLUE',
    OrganizationLogoS3Location={'S3Bucket': 'b-py', 'S3Key': 'l.png'}, FaviconS3Location={'S3Bucket': 'b-py', 'S3Key': 'f.ico'},
    FooterLinks=[{'DisplayName': 'Help', 'FooterLinkURL': 'https://example.com/help'}])['Theme']
try:
    client.delete_stack(Name='py-many-00')
    in_use = None
except client.exceptions.ResourceInUseException as e:
    in_use = e.response['Error']['Message']
result = {
    'settings': len(created['UserSettings']), 'app': created['ApplicationSettings'],
    'pages': [len(p['Stacks']) for p in pages], 'tokens': ['NextToken' in p for p in pages],
    'assoc': [p['Names'] for p in assoc],
    'theme': {k: theme[k] for k in ('StackName', 'State', 'ThemeTitleText', 'ThemeStyling', 'ThemeFooterLinks', 'ThemeFaviconURL')},
    'in_use': in_use,
}
`,
    );
    assert.ok(out.ok, JSON.stringify(out));
    const v = out.value as any;
    assert.equal(v.settings, 8);
    assert.deepEqual(v.app, { Enabled: false });
    // 27 stacks of this account at least (py-stack + 26), pages of 25.
    assert.equal(v.pages[0], 25);
    assert.deepEqual(v.tokens.slice(-1), [false]);
    assert.deepEqual(v.assoc.flat(), Array.from({ length: 26 }, (_, i) => `py-many-${String(i).padStart(2, '0')}`));
    assert.deepEqual(v.assoc.map((n: string[]) => n.length), [25, 1]);
    assert.deepEqual(v.theme, {
      StackName: 'py-stack',
      State: 'ENABLED',
      ThemeTitleText: 'Py',
      ThemeStyling: 'LIGHT_BLUE',
      ThemeFooterLinks: [{ DisplayName: 'Help', FooterLinkURL: 'https://example.com/help' }],
      ThemeFaviconURL: `${server.url}/_appstream/console/theme-image/${OWNER}/${R}/py-stack/favicon`,
    });
    assert.equal(v.in_use, 'Cannot delete stack py-many-00. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.');
  });

  it('AWS CLI: create-stack, describe-stacks, update-stack --attributes-to-delete, associate-fleet, list-associated-fleets, delete-stack', { skip: awsCliSkipReason() }, async () => {
    const account = '888888888888';
    await seedOk(server.url, { fleets: [{ AccountId: account, Region: R, Name: 'cli-fleet', State: 'RUNNING' }] });
    const cli = (args: string[]) => runAwsCli(server.url, args, { accountId: account });
    const created = await cli(['create-stack', '--name', 'cli-stack', '--redirect-url', 'https://example.com', '--user-settings', 'Action=FILE_UPLOAD,Permission=DISABLED']);
    assert.equal(created.status, 0, created.stderr);
    const stack = (created.json as any).Stack;
    assert.equal(stack.UserSettings.length, 8);
    assert.deepEqual(stack.UserSettings.find((s: any) => s.Action === 'FILE_UPLOAD'), { Action: 'FILE_UPLOAD', Permission: 'DISABLED' });
    const updated = await cli(['update-stack', '--name', 'cli-stack', '--attributes-to-delete', 'REDIRECT_URL', 'USER_SETTINGS']);
    assert.equal(updated.status, 0, updated.stderr);
    assert.equal((updated.json as any).Stack.RedirectURL, undefined);
    assert.ok((updated.json as any).Stack.UserSettings.every((s: any) => s.Permission === 'ENABLED'));
    assert.equal((await cli(['associate-fleet', '--fleet-name', 'cli-fleet', '--stack-name', 'cli-stack'])).status, 0);
    const listed = await cli(['list-associated-fleets', '--stack-name', 'cli-stack']);
    assert.deepEqual((listed.json as any).Names, ['cli-fleet']);
    const refused = await cli(['delete-stack', '--name', 'cli-stack']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /ResourceInUseException.*Cannot delete stack cli-stack\. This stack has fleets associated with it\./);
    assert.equal((await cli(['disassociate-fleet', '--fleet-name', 'cli-fleet', '--stack-name', 'cli-stack'])).status, 0);
    assert.equal((await cli(['delete-stack', '--name', 'cli-stack'])).status, 0);
    const gone = await cli(['describe-stacks', '--names', 'cli-stack']);
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /ResourceNotFoundException.*The stack cli-stack does not exist\./);
    const all = await cli(['describe-stacks']);
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual((all.json as any).Stacks, []);
  });
});

// Stacks (SPEC-rest §2) through the JS SDK in both protocols: CreateStack's defaults and input
// rules, DescribeStacks (names, paging), UpdateStack (merge, AttributesToDelete), DeleteStack
// (AWS's text with a fleet, children deleted with the stack), tags, quotas and isolation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateFleetCommand,
  CreateStackCommand,
  CreateThemeForStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  DescribeThemeForStackCommand,
  DisassociateFleetCommand,
  ListAssociatedFleetsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStackCommand,
  type AppStreamClient,
  type Stack,
} from '@aws-sdk/client-appstream';
import { Action_VALUES } from '../../src/generated/enums.js';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { cborCall, jsonCall } from '../support/raw.js';
import { GRANTEE, OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';
/** The model's Action enum, in its order: the 8 user settings of a new stack. */
const ACTIONS = Action_VALUES;
const ALL_ENABLED = ACTIONS.map((Action) => ({ Action, Permission: 'ENABLED' }));
const stackArn = (name: string, account = OWNER, region = R) => `arn:aws:appstream:${region}:${account}:stack/${name}`;
const THEME = {
  TitleText: 'Portal',
  ThemeStyling: 'BLUE' as const,
  OrganizationLogoS3Location: { S3Bucket: 'brand-bucket', S3Key: 'logo.png' },
  FaviconS3Location: { S3Bucket: 'brand-bucket', S3Key: 'favicon.ico' },
};

describe('stacks', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { stacks: 1000 } });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: R, Name: 'win-fleet', State: 'RUNNING', Platform: 'WINDOWS_SERVER_2022' },
        { AccountId: OWNER, Region: R, Name: 'linux-fleet', State: 'STOPPED', Platform: 'AMAZON_LINUX2' },
      ],
    });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const p = protocol === 'awsJson1_1' ? 'j' : 'c';
    const client = () => appStreamClient(server.url, protocol);
    const describeOne = async (c: AppStreamClient, name: string): Promise<Stack> => (await c.send(new DescribeStacksCommand({ Names: [name] }))).Stacks![0]!;

    describe(protocol, () => {
      it('CreateStack: AWS defaults (8 UserSettings ENABLED, ApplicationSettings {Enabled:false}), nothing else unset', async () => {
        const c = client();
        const before = Date.now();
        const { Stack: stack } = await c.send(new CreateStackCommand({ Name: `${p}-basic` }));
        assert.equal(stack!.Name, `${p}-basic`);
        assert.equal(stack!.Arn, stackArn(`${p}-basic`));
        assert.ok(stack!.CreatedTime instanceof Date && Math.abs(stack!.CreatedTime.getTime() - before) < 60_000);
        assert.equal(stack!.UserSettings!.length, 8);
        assert.deepEqual(stack!.UserSettings, ALL_ENABLED);
        assert.deepEqual(stack!.ApplicationSettings, { Enabled: false });
        for (const member of ['StorageConnectors', 'AccessEndpoints', 'EmbedHostDomains', 'RedirectURL', 'FeedbackURL', 'StreamingExperienceSettings', 'ContentRedirection', 'AgentAccessConfig', 'StackErrors', 'DisplayName', 'Description'] as const) {
          assert.equal(stack![member], undefined, member);
        }
        assert.deepEqual(await describeOne(c, `${p}-basic`), stack);
      });

      it('CreateStack: given user settings override the defaults; the rest stay ENABLED, in the model order', async () => {
        const { Stack: stack } = await client().send(
          new CreateStackCommand({
            Name: `${p}-settings`,
            UserSettings: [
              { Action: 'FILE_DOWNLOAD', Permission: 'DISABLED' },
              { Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 4096 },
            ],
            DisplayName: 'Settings',
            Description: 'with settings',
          }),
        );
        assert.deepEqual(
          stack!.UserSettings,
          ALL_ENABLED.map((s) =>
            s.Action === 'FILE_DOWNLOAD' ? { Action: 'FILE_DOWNLOAD', Permission: 'DISABLED' } : s.Action === 'CLIPBOARD_COPY_TO_LOCAL_DEVICE' ? { ...s, MaximumLength: 4096 } : s,
          ),
        );
        assert.equal(stack!.DisplayName, 'Settings');
        assert.equal(stack!.Description, 'with settings');
      });

      it('CreateStack: application settings, storage connectors, agent access', async () => {
        const { Stack: stack } = await client().send(
          new CreateStackCommand({
            Name: `${p}-features`,
            ApplicationSettings: { Enabled: true },
            StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }, { ConnectorType: 'ONE_DRIVE', Domains: ['example.com'], DomainsRequireAdminConsent: ['example.com'] }],
            AgentAccessConfig: { Settings: [{ AgentAction: 'COMPUTER_VISION', Permission: 'ENABLED' }], ScreenResolution: 'W_1280xH_720', ScreenImageFormat: 'PNG' },
            RedirectURL: 'https://example.com/bye',
            EmbedHostDomains: ['portal.example.com'],
          }),
        );
        // Enabled without a group: the stack's name; the bucket of the account and region.
        assert.equal(stack!.ApplicationSettings!.Enabled, true);
        assert.equal(stack!.ApplicationSettings!.SettingsGroup, `${p}-features`);
        assert.match(stack!.ApplicationSettings!.S3BucketName!, new RegExp(`^appstream-app-settings-${R}-${OWNER}-[0-9a-f]{10}$`));
        assert.deepEqual(stack!.StorageConnectors, [
          { ConnectorType: 'HOMEFOLDERS', ResourceIdentifier: `arn:aws:s3:::appstream2-36fb080bb8-${R}-${OWNER}` },
          { ConnectorType: 'ONE_DRIVE', Domains: ['example.com'], DomainsRequireAdminConsent: ['example.com'] },
        ]);
        assert.deepEqual(stack!.AgentAccessConfig, { Settings: [{ AgentAction: 'COMPUTER_VISION', Permission: 'ENABLED' }], ScreenResolution: 'W_1280xH_720', ScreenImageFormat: 'PNG' });
        assert.equal(stack!.RedirectURL, 'https://example.com/bye');
        assert.deepEqual(stack!.EmbedHostDomains, ['portal.example.com']);
      });

      it('CreateStack: input rules answer InvalidParameterCombinationException', async () => {
        const c = client();
        const cases: [Record<string, unknown>, string][] = [
          [
            { UserSettings: [{ Action: 'FILE_UPLOAD', Permission: 'ENABLED', MaximumLength: 10 }] },
            'MaximumLength is supported only for CLIPBOARD_COPY_FROM_LOCAL_DEVICE and CLIPBOARD_COPY_TO_LOCAL_DEVICE, not for FILE_UPLOAD.',
          ],
          [
            { UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'DISABLED', MaximumLength: 10 }] },
            'MaximumLength cannot be set for CLIPBOARD_COPY_FROM_LOCAL_DEVICE when its Permission is DISABLED.',
          ],
          [
            { UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 20971521 }] },
            'MaximumLength for CLIPBOARD_COPY_FROM_LOCAL_DEVICE must be between 1 and 20971520.',
          ],
          [
            { UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 0 }] },
            'MaximumLength for CLIPBOARD_COPY_FROM_LOCAL_DEVICE must be between 1 and 20971520.',
          ],
          [
            { UserSettings: [{ Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'ENABLED' }, { Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' }] },
            'UserSettings sets the action PRINTING_TO_LOCAL_DEVICE more than once.',
          ],
          [{ StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }, { ConnectorType: 'HOMEFOLDERS' }] }, 'A stack can have at most one storage connector of type HOMEFOLDERS.'],
          [
            { StorageConnectors: [{ ConnectorType: 'GOOGLE_DRIVE', Domains: ['a.com'], DomainsRequireAdminConsent: ['a.com'] }] },
            'DomainsRequireAdminConsent is supported only for ONE_DRIVE storage connectors, not for GOOGLE_DRIVE.',
          ],
          [
            {
              AgentAccessConfig: {
                Settings: [{ AgentAction: 'COMPUTER_VISION', Permission: 'ENABLED' }],
                ScreenResolution: 'W_1280xH_720',
                ScreenImageFormat: 'JPEG',
                ScreenshotsUploadEnabled: true,
              },
            },
            'AgentAccessConfig.S3BucketArn is required when ScreenshotsUploadEnabled is true.',
          ],
        ];
        for (const [extra, message] of cases) {
          await rejectsWith(c.send(new CreateStackCommand({ Name: `${p}-bad`, ...extra } as any)), 'InvalidParameterCombinationException', message);
        }
        // Nothing was created by the refused requests.
        await rejectsWith(c.send(new DescribeStacksCommand({ Names: [`${p}-bad`] })), 'ResourceNotFoundException', `The stack ${p}-bad does not exist.`);
      });

      it('CreateStack: the model constraints answer ValidationException', async () => {
        await rejectsWith(client().send(new CreateStackCommand({ Name: '-bad name' })), 'ValidationException', /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
        await rejectsWith(client().send(new CreateStackCommand({ Name: `${p}-x`, AccessEndpoints: [] })), 'ValidationException', /at 'accessEndpoints' failed to satisfy constraint: Member must have length greater than or equal to 1/);
      });

      it('CreateStack: a taken name answers ResourceAlreadyExistsException', async () => {
        await rejectsWith(client().send(new CreateStackCommand({ Name: `${p}-basic` })), 'ResourceAlreadyExistsException', `Stack ${p}-basic already exists.`);
      });

      it('DescribeStacks: Names, one unknown name answers ResourceNotFoundException, an empty list lists all', async () => {
        const c = client();
        const out = await c.send(new DescribeStacksCommand({ Names: [`${p}-settings`, `${p}-basic`, `${p}-basic`] }));
        assert.deepEqual(out.Stacks!.map((s) => s.Name), [`${p}-basic`, `${p}-settings`]);
        assert.equal(out.NextToken, undefined);
        await rejectsWith(c.send(new DescribeStacksCommand({ Names: [`${p}-basic`, `${p}-nope`] })), 'ResourceNotFoundException', `The stack ${p}-nope does not exist.`);
        // A name that breaks the Name pattern is not found, not invalid (SPEC-rest §0).
        await rejectsWith(c.send(new DescribeStacksCommand({ Names: ['bad name!'] })), 'ResourceNotFoundException', 'The stack bad name! does not exist.');
        const all = await c.send(new DescribeStacksCommand({ Names: [] }));
        assert.ok(all.Stacks!.some((s) => s.Name === `${p}-basic`));
      });

      it('UpdateStack: only the given members change', async () => {
        const c = client();
        const before = await describeOne(c, `${p}-settings`);
        const { Stack: stack } = await c.send(
          new UpdateStackCommand({ Name: `${p}-settings`, FeedbackURL: 'https://example.com/feedback', UserSettings: [{ Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' }] }),
        );
        assert.equal(stack!.FeedbackURL, 'https://example.com/feedback');
        assert.equal(stack!.DisplayName, before.DisplayName);
        assert.equal(stack!.Description, before.Description);
        assert.deepEqual(stack!.CreatedTime, before.CreatedTime);
        // The earlier FILE_DOWNLOAD / clipboard settings stay, PRINTING changes.
        assert.deepEqual(
          stack!.UserSettings,
          before.UserSettings!.map((s) => (s.Action === 'PRINTING_TO_LOCAL_DEVICE' ? { Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' } : s)),
        );
        assert.deepEqual(await describeOne(c, `${p}-settings`), stack);
        // Terraform sends "" for a removed description: the member goes.
        const cleared = await c.send(new UpdateStackCommand({ Name: `${p}-settings`, Description: '' }));
        assert.equal(cleared.Stack!.Description, undefined);
        assert.equal(cleared.Stack!.DisplayName, 'Settings');
      });

      it('UpdateStack: AttributesToDelete removes each member; USER_SETTINGS back to the defaults', async () => {
        const c = client();
        const name = `${p}-deletes`;
        await c.send(
          new CreateStackCommand({
            Name: name,
            StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }, { ConnectorType: 'GOOGLE_DRIVE', Domains: ['a.com'] }],
            RedirectURL: 'https://r.example.com',
            FeedbackURL: 'https://f.example.com',
            EmbedHostDomains: ['e.example.com'],
            AccessEndpoints: [{ EndpointType: 'STREAMING', VpceId: 'vpce-1' }],
            StreamingExperienceSettings: { PreferredProtocol: 'UDP' },
            ContentRedirection: { HostToClient: { Enabled: true, AllowedUrls: ['https://a.example.com'] } },
            UserSettings: [{ Action: 'FILE_UPLOAD', Permission: 'DISABLED' }],
            AgentAccessConfig: { Settings: [{ AgentAction: 'COMPUTER_INPUT', Permission: 'DISABLED' }], ScreenResolution: 'W_1280xH_720', ScreenImageFormat: 'PNG' },
          }),
        );
        const one = await c.send(new UpdateStackCommand({ Name: name, AttributesToDelete: ['STORAGE_CONNECTOR_GOOGLE_DRIVE', 'THEME_NAME', 'IAM_ROLE_ARN'] }));
        assert.deepEqual(one.Stack!.StorageConnectors!.map((s) => s.ConnectorType), ['HOMEFOLDERS']);
        assert.equal(one.Stack!.RedirectURL, 'https://r.example.com');
        const all = await c.send(
          new UpdateStackCommand({
            Name: name,
            AttributesToDelete: [
              'STORAGE_CONNECTORS',
              'REDIRECT_URL',
              'FEEDBACK_URL',
              'EMBED_HOST_DOMAINS',
              'ACCESS_ENDPOINTS',
              'STREAMING_EXPERIENCE_SETTINGS',
              'CONTENT_REDIRECTION',
              'AGENT_ACCESS_CONFIG',
              'USER_SETTINGS',
            ],
          }),
        );
        const s = all.Stack!;
        for (const member of ['StorageConnectors', 'RedirectURL', 'FeedbackURL', 'EmbedHostDomains', 'AccessEndpoints', 'StreamingExperienceSettings', 'ContentRedirection', 'AgentAccessConfig'] as const) {
          assert.equal(s[member], undefined, member);
        }
        assert.deepEqual(s.UserSettings, ALL_ENABLED);
        assert.deepEqual(await describeOne(c, name), s);
      });

      it('UpdateStack: DeleteStorageConnectors, connectors replaced, set-and-delete refused, AgentAccessConfig merged', async () => {
        const c = client();
        const name = `${p}-deletes`;
        const set = await c.send(new UpdateStackCommand({ Name: name, StorageConnectors: [{ ConnectorType: 'ONE_DRIVE', Domains: ['x.com'] }] }));
        assert.deepEqual(set.Stack!.StorageConnectors, [{ ConnectorType: 'ONE_DRIVE', Domains: ['x.com'] }]);
        const removed = await c.send(new UpdateStackCommand({ Name: name, DeleteStorageConnectors: true }));
        assert.equal(removed.Stack!.StorageConnectors, undefined);
        await rejectsWith(
          c.send(new UpdateStackCommand({ Name: name, RedirectURL: 'https://x.example.com', AttributesToDelete: ['REDIRECT_URL'] })),
          'InvalidParameterCombinationException',
          'RedirectURL cannot be set when AttributesToDelete includes REDIRECT_URL.',
        );
        await rejectsWith(
          c.send(new UpdateStackCommand({ Name: name, StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }], AttributesToDelete: ['STORAGE_CONNECTOR_HOMEFOLDERS'] })),
          'InvalidParameterCombinationException',
          'StorageConnectors cannot be set when AttributesToDelete includes STORAGE_CONNECTOR_HOMEFOLDERS.',
        );
        // DeleteStorageConnectors is a member of its own, not an AttributesToDelete value: the text names it as such.
        await rejectsWith(
          c.send(new UpdateStackCommand({ Name: name, StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }], DeleteStorageConnectors: true })),
          'InvalidParameterCombinationException',
          'StorageConnectors cannot be set when DeleteStorageConnectors is true.',
        );
        // A partial AgentAccessConfig needs a stored one to merge into.
        await rejectsWith(
          c.send(new UpdateStackCommand({ Name: name, AgentAccessConfig: { ScreenImageFormat: 'JPEG' } })),
          'InvalidParameterCombinationException',
          'AgentAccessConfig requires Settings, ScreenResolution.',
        );
        await c.send(
          new UpdateStackCommand({ Name: name, AgentAccessConfig: { Settings: [{ AgentAction: 'COMPUTER_VISION', Permission: 'ENABLED' }], ScreenResolution: 'W_1280xH_720', ScreenImageFormat: 'PNG' } }),
        );
        const merged = await c.send(new UpdateStackCommand({ Name: name, AgentAccessConfig: { ScreenImageFormat: 'JPEG', UserControlMode: 'VIEW_ONLY' } }));
        assert.deepEqual(merged.Stack!.AgentAccessConfig, {
          Settings: [{ AgentAction: 'COMPUTER_VISION', Permission: 'ENABLED' }],
          ScreenResolution: 'W_1280xH_720',
          ScreenImageFormat: 'JPEG',
          UserControlMode: 'VIEW_ONLY',
        });
        // Disabling application settings clears the group.
        await c.send(new UpdateStackCommand({ Name: name, ApplicationSettings: { Enabled: true, SettingsGroup: 'grp' } }));
        assert.equal((await describeOne(c, name)).ApplicationSettings!.SettingsGroup, 'grp');
        const off = await c.send(new UpdateStackCommand({ Name: name, ApplicationSettings: { Enabled: false, SettingsGroup: 'grp' } }));
        assert.deepEqual(off.Stack!.ApplicationSettings, { Enabled: false });
      });

      it('UpdateStack / DeleteStack of an unknown stack answer ResourceNotFoundException', async () => {
        await rejectsWith(client().send(new UpdateStackCommand({ Name: `${p}-nope`, DisplayName: 'x' })), 'ResourceNotFoundException', `The stack ${p}-nope does not exist.`);
        await rejectsWith(client().send(new DeleteStackCommand({ Name: `${p}-nope` })), 'ResourceNotFoundException', `The stack ${p}-nope does not exist.`);
      });

      it('DeleteStack: refused with a fleet (AWS text); after DisassociateFleet it goes with its theme and tags', async () => {
        const c = client();
        const name = `${p}-doomed`;
        await c.send(new CreateStackCommand({ Name: name, Tags: { team: 'blue' } }));
        await c.send(new CreateThemeForStackCommand({ StackName: name, ...THEME }));
        await c.send(new AssociateFleetCommand({ StackName: name, FleetName: 'win-fleet' }));
        await rejectsWith(
          c.send(new DeleteStackCommand({ Name: name })),
          'ResourceInUseException',
          `Cannot delete stack ${name}. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.`,
        );
        await c.send(new DisassociateFleetCommand({ StackName: name, FleetName: 'win-fleet' }));
        assert.deepEqual(await c.send(new DeleteStackCommand({ Name: name })).then(({ $metadata, ...rest }) => rest), {});
        await rejectsWith(c.send(new DescribeStacksCommand({ Names: [name] })), 'ResourceNotFoundException', `The stack ${name} does not exist.`);
        await rejectsWith(c.send(new ListTagsForResourceCommand({ ResourceArn: stackArn(name) })), 'ResourceNotFoundException');
        // A new stack of the same name starts bare: no theme, no tags, no fleet.
        await c.send(new CreateStackCommand({ Name: name }));
        await rejectsWith(c.send(new DescribeThemeForStackCommand({ StackName: name })), 'ResourceNotFoundException', `The theme for stack ${name} does not exist.`);
        assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: stackArn(name) }))).Tags, {});
        assert.deepEqual((await c.send(new ListAssociatedFleetsCommand({ StackName: name }))).Names, []);
      });

      it('tags on stacks: Tags on create, TagResource, UntagResource, ListTagsForResource', async () => {
        const c = client();
        const name = `${p}-tagged`;
        const { Stack: stack } = await c.send(new CreateStackCommand({ Name: name, Tags: { env: 'dev' } }));
        const list = async () => (await c.send(new ListTagsForResourceCommand({ ResourceArn: stack!.Arn! }))).Tags;
        assert.deepEqual(await list(), { env: 'dev' });
        await c.send(new TagResourceCommand({ ResourceArn: stack!.Arn!, Tags: { env: 'prod', owner: 'ops' } }));
        assert.deepEqual(await list(), { env: 'prod', owner: 'ops' });
        await c.send(new UntagResourceCommand({ ResourceArn: stack!.Arn!, TagKeys: ['env'] }));
        assert.deepEqual(await list(), { owner: 'ops' });
        // Another account cannot see or tag it.
        const other = appStreamClient(server.url, protocol, { accountId: GRANTEE });
        await rejectsWith(other.send(new ListTagsForResourceCommand({ ResourceArn: stack!.Arn! })), 'ResourceNotFoundException', `The resource ${stack!.Arn} does not exist.`);
      });

      it('isolation: another account or region sees none of the stacks', async () => {
        const other = appStreamClient(server.url, protocol, { accountId: GRANTEE });
        assert.deepEqual((await other.send(new DescribeStacksCommand({}))).Stacks, []);
        await rejectsWith(other.send(new DescribeStacksCommand({ Names: [`${p}-basic`] })), 'ResourceNotFoundException');
        await rejectsWith(other.send(new DeleteStackCommand({ Name: `${p}-basic` })), 'ResourceNotFoundException');
        const otherRegion = appStreamClient(server.url, protocol, { region: 'eu-west-1' });
        assert.ok(!(await otherRegion.send(new DescribeStacksCommand({}))).Stacks!.some((s) => s.Name!.startsWith(`${p}-`)));
        // The same name is free there.
        const { Stack: stack } = await otherRegion.send(new CreateStackCommand({ Name: `${p}-basic` }));
        assert.equal(stack!.Arn, stackArn(`${p}-basic`, OWNER, 'eu-west-1'));
      });
    });
  }

  it('DescribeStacks pages by 25 in name order; NextToken absent on the last page; a token of other filters is refused', async () => {
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: '444444444444' });
    const names = Array.from({ length: 30 }, (_, i) => `pg-${String(i).padStart(2, '0')}`);
    for (const name of [...names].reverse()) await c.send(new CreateStackCommand({ Name: name }));
    const first = await c.send(new DescribeStacksCommand({}));
    assert.deepEqual(first.Stacks!.map((s) => s.Name), names.slice(0, 25));
    assert.ok(first.NextToken);
    const second = await c.send(new DescribeStacksCommand({ NextToken: first.NextToken }));
    assert.deepEqual(second.Stacks!.map((s) => s.Name), names.slice(25));
    assert.equal(second.NextToken, undefined);
    // Names paging too.
    const named = await c.send(new DescribeStacksCommand({ Names: names }));
    assert.equal(named.Stacks!.length, 25);
    const namedNext = await c.send(new DescribeStacksCommand({ Names: names, NextToken: named.NextToken }));
    assert.deepEqual(namedNext.Stacks!.map((s) => s.Name), names.slice(25));
    await rejectsWith(c.send(new DescribeStacksCommand({ Names: names.slice(0, 3), NextToken: first.NextToken })), 'ValidationException');
  });

  it('the wire: every Stack member present is set (no nulls), in both protocols', async () => {
    const json = await jsonCall(server.url, 'DescribeStacks', { Names: ['j-basic'] });
    assert.equal(json.status, 200);
    const stack = json.json().Stacks[0];
    assert.deepEqual(Object.keys(stack).sort(), ['ApplicationSettings', 'Arn', 'CreatedTime', 'Name', 'UserSettings']);
    assert.equal(typeof stack.CreatedTime, 'number');
    const cbor = await cborCall(server.url, 'CreateStack', { Name: 'c-wire' });
    assert.equal(cbor.status, 200);
    assert.deepEqual(Object.keys(cbor.cbor().Stack).sort(), ['ApplicationSettings', 'Arn', 'CreatedTime', 'Name', 'UserSettings']);
  });

  it('quota `stacks`: LimitExceededException at the limit, per account and region', async () => {
    const small = await startTestServer({ quotas: { stacks: 2 } });
    try {
      const c = appStreamClient(small.url);
      await c.send(new CreateStackCommand({ Name: 'q1' }));
      await c.send(new CreateStackCommand({ Name: 'q2' }));
      await rejectsWith(c.send(new CreateStackCommand({ Name: 'q3' })), 'LimitExceededException', `The maximum number of stacks (2) for account ${OWNER} in ${R} has been reached.`);
      await appStreamClient(small.url, 'rpcv2Cbor', { region: 'eu-west-1' }).send(new CreateStackCommand({ Name: 'q3' }));
      await c.send(new DeleteStackCommand({ Name: 'q1' }));
      await c.send(new CreateStackCommand({ Name: 'q3' }));
    } finally {
      await small.close();
    }
  });
});

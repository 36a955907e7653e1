// Fleet-stack associations (SPEC-rest §3) and themes (§8.2) through the JS SDK in both
// protocols; the seed document's stacks, themes and fleetStackAssociations; reset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateFleetCommand,
  CreateFleetCommand,
  CreateStackCommand,
  CreateThemeForStackCommand,
  DeleteStackCommand,
  DeleteThemeForStackCommand,
  DescribeFleetsCommand,
  DescribeStacksCommand,
  DescribeThemeForStackCommand,
  DisassociateFleetCommand,
  ListAssociatedFleetsCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  UpdateFleetCommand,
  UpdateStackCommand,
  UpdateThemeForStackCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { LINUX, publicImageOf, WINDOWS } from '../support/fleets.js';
import { GRANTEE, OWNER, reset, seed, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const R = 'us-east-1';
const THEME = {
  TitleText: 'My Portal - apps & more',
  ThemeStyling: 'PINK' as const,
  OrganizationLogoS3Location: { S3Bucket: 'brand-bucket', S3Key: 'img/logo.png' },
  FaviconS3Location: { S3Bucket: 'brand-bucket', S3Key: 'favicon.ico' },
};
const link = (i: number) => ({ DisplayName: `Link ${i}`, FooterLinkURL: `https://example.com/${i}` });

describe('fleet-stack associations and themes', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { stacks: 100 } });
    await seedOk(server.url, {
      fleets: [
        { AccountId: OWNER, Region: R, Name: 'win-a', State: 'RUNNING', Platform: 'WINDOWS_SERVER_2019' },
        { AccountId: OWNER, Region: R, Name: 'win-b', State: 'STARTING' },
        { AccountId: OWNER, Region: R, Name: 'lin', State: 'STOPPED', Platform: 'AMAZON_LINUX2' },
        { AccountId: OWNER, Region: R, Name: 'win-run', State: 'RUNNING', Platform: 'WINDOWS_SERVER_2019' },
        { AccountId: GRANTEE, Region: R, Name: 'win-a', State: 'RUNNING' },
      ],
    });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const p = protocol === 'awsJson1_1' ? 'j' : 'c';
    const client = () => appStreamClient(server.url, protocol);

    describe(protocol, () => {
      it('AssociateFleet: unknown fleet or stack, same pair again, one fleet per stack, any fleet state', async () => {
        const c = client();
        await c.send(new CreateStackCommand({ Name: `${p}-s1` }));
        await c.send(new CreateStackCommand({ Name: `${p}-s2` }));
        await rejectsWith(c.send(new AssociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'nope' })), 'ResourceNotFoundException', 'The fleet nope does not exist.');
        await rejectsWith(c.send(new AssociateFleetCommand({ StackName: 'nope', FleetName: 'win-a' })), 'ResourceNotFoundException', 'The stack nope does not exist.');
        await c.send(new AssociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-a' }));
        await c.send(new AssociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-a' }));
        await rejectsWith(
          c.send(new AssociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-b' })),
          'LimitExceededException',
          `The stack ${p}-s1 already has a fleet associated with it.`,
        );
        // A fleet serves many stacks; a STARTING fleet may be associated.
        await c.send(new AssociateFleetCommand({ StackName: `${p}-s2`, FleetName: 'win-a' }));
        assert.deepEqual((await c.send(new ListAssociatedFleetsCommand({ StackName: `${p}-s1` }))).Names, ['win-a']);
        const stacks = (await c.send(new ListAssociatedStacksCommand({ FleetName: 'win-a' }))).Names!;
        assert.ok(stacks.includes(`${p}-s1`) && stacks.includes(`${p}-s2`));
        assert.deepEqual(stacks, [...stacks].sort());
      });

      it('Windows-only stack features and Linux fleets: IncompatibleImageException both ways', async () => {
        const c = client();
        await c.send(new CreateStackCommand({ Name: `${p}-gdrive`, StorageConnectors: [{ ConnectorType: 'GOOGLE_DRIVE', Domains: ['a.com'] }] }));
        await rejectsWith(
          c.send(new AssociateFleetCommand({ StackName: `${p}-gdrive`, FleetName: 'lin' })),
          'IncompatibleImageException',
          `The stack ${p}-gdrive uses the GOOGLE_DRIVE storage connector, which is supported on Windows fleets only; fleet lin has platform AMAZON_LINUX2.`,
        );
        await c.send(new CreateStackCommand({ Name: `${p}-linux`, StorageConnectors: [{ ConnectorType: 'HOMEFOLDERS' }] }));
        await c.send(new AssociateFleetCommand({ StackName: `${p}-linux`, FleetName: 'lin' }));
        await rejectsWith(
          c.send(new UpdateStackCommand({ Name: `${p}-linux`, ApplicationSettings: { Enabled: true, SettingsGroup: 'g' }, StorageConnectors: [{ ConnectorType: 'ONE_DRIVE', Domains: ['a.com'] }] })),
          'IncompatibleImageException',
          `The stack ${p}-linux uses the ONE_DRIVE storage connector, application settings persistence, which are supported on Windows fleets only; fleet lin has platform AMAZON_LINUX2.`,
        );
        // Features that stay Linux-compatible are fine.
        await c.send(new UpdateStackCommand({ Name: `${p}-linux`, DisplayName: 'Linux apps' }));
      });

      it('UpdateFleet to a Linux image while in a stack with Windows-only features: IncompatibleImageException (the rule of AssociateFleet holds)', async () => {
        const c = client();
        const fleet = `${p}-win-stopped`;
        await c.send(new CreateFleetCommand({ Name: fleet, ImageName: publicImageOf(R, WINDOWS), InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 1 } }));
        await c.send(new CreateStackCommand({ Name: `${p}-gd2`, StorageConnectors: [{ ConnectorType: 'GOOGLE_DRIVE', Domains: ['a.com'] }] }));
        await c.send(new AssociateFleetCommand({ StackName: `${p}-gd2`, FleetName: fleet }));
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: fleet, ImageName: publicImageOf(R, LINUX) })),
          'IncompatibleImageException',
          `The stack ${p}-gd2 uses the GOOGLE_DRIVE storage connector, which is supported on Windows fleets only; fleet ${fleet} cannot change to platform ${LINUX} while it is associated with that stack.`,
        );
        assert.equal((await c.send(new DescribeFleetsCommand({ Names: [fleet] }))).Fleets?.[0]?.Platform, WINDOWS);
        // A RUNNING fleet is told to stop first, before its stacks are looked at.
        await c.send(new CreateStackCommand({ Name: `${p}-gd3`, StorageConnectors: [{ ConnectorType: 'GOOGLE_DRIVE', Domains: ['a.com'] }] }));
        await c.send(new AssociateFleetCommand({ StackName: `${p}-gd3`, FleetName: 'win-run' }));
        await rejectsWith(
          c.send(new UpdateFleetCommand({ Name: 'win-run', ImageName: publicImageOf(R, LINUX) })),
          'IncompatibleImageException',
          `The image ${publicImageOf(R, LINUX)} is not compatible with fleet win-run. To change the platform, stop the fleet first.`,
        );
        // Once the stack has dropped the connector, the same update goes through.
        await c.send(new UpdateStackCommand({ Name: `${p}-gd2`, DeleteStorageConnectors: true }));
        assert.equal((await c.send(new UpdateFleetCommand({ Name: fleet, ImageName: publicImageOf(R, LINUX) }))).Fleet?.Platform, LINUX);
      });

      it('DisassociateFleet: unknown pair answers ResourceNotFoundException; then the stack can go', async () => {
        const c = client();
        await rejectsWith(c.send(new DisassociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-b' })), 'ResourceNotFoundException', `The fleet win-b is not associated with the stack ${p}-s1.`);
        await rejectsWith(c.send(new DisassociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'ghost' })), 'ResourceNotFoundException', 'The fleet ghost does not exist.');
        await rejectsWith(c.send(new DisassociateFleetCommand({ StackName: 'ghost', FleetName: 'win-a' })), 'ResourceNotFoundException', 'The stack ghost does not exist.');
        await c.send(new DisassociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-a' }));
        assert.deepEqual((await c.send(new ListAssociatedFleetsCommand({ StackName: `${p}-s1` }))).Names, []);
        await rejectsWith(c.send(new DisassociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-a' })), 'ResourceNotFoundException', `The fleet win-a is not associated with the stack ${p}-s1.`);
        // Now another fleet may take the stack.
        await c.send(new AssociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-b' }));
        await c.send(new DisassociateFleetCommand({ StackName: `${p}-s1`, FleetName: 'win-b' }));
        await c.send(new DeleteStackCommand({ Name: `${p}-s1` }));
      });

      it('ListAssociated*: unknown names answer empty lists, other accounts see nothing', async () => {
        const c = client();
        const fleets = await c.send(new ListAssociatedFleetsCommand({ StackName: 'no-such-stack' }));
        assert.deepEqual(fleets.Names, []);
        assert.equal(fleets.NextToken, undefined);
        assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: 'no-such-fleet' }))).Names, []);
        const other = appStreamClient(server.url, protocol, { accountId: GRANTEE });
        assert.deepEqual((await other.send(new ListAssociatedStacksCommand({ FleetName: 'win-a' }))).Names, []);
        assert.deepEqual((await other.send(new ListAssociatedFleetsCommand({ StackName: `${p}-s2` }))).Names, []);
        // Their fleet of the same name cannot reach our stack.
        await rejectsWith(other.send(new AssociateFleetCommand({ StackName: `${p}-s2`, FleetName: 'win-a' })), 'ResourceNotFoundException', `The stack ${p}-s2 does not exist.`);
      });

      it('themes: create (output member names, URLs, ENABLED), describe, update, delete', async () => {
        const c = client();
        const stack = `${p}-themed`;
        await c.send(new CreateStackCommand({ Name: stack }));
        await rejectsWith(c.send(new DescribeThemeForStackCommand({ StackName: stack })), 'ResourceNotFoundException', `The theme for stack ${stack} does not exist.`);
        await rejectsWith(c.send(new CreateThemeForStackCommand({ StackName: 'ghost', ...THEME })), 'ResourceNotFoundException', 'The stack ghost does not exist.');
        await rejectsWith(
          c.send(new CreateThemeForStackCommand({ StackName: stack, ...THEME, FooterLinks: [link(1), link(2), link(3), link(4)] })),
          'LimitExceededException',
          'A theme can have at most 3 footer links; 4 were given.',
        );
        const before = Date.now();
        const { Theme: theme } = await c.send(new CreateThemeForStackCommand({ StackName: stack, ...THEME, FooterLinks: [link(1), link(2), link(3)] }));
        const { CreatedTime, ...rest } = theme!;
        assert.ok(CreatedTime instanceof Date && Math.abs(CreatedTime.getTime() - before) < 60_000);
        assert.deepEqual(rest, {
          StackName: stack,
          State: 'ENABLED',
          ThemeTitleText: THEME.TitleText,
          ThemeStyling: 'PINK',
          ThemeFooterLinks: [link(1), link(2), link(3)],
          // The emulator's own URLs (SPEC-rest §8.2, §15.28): the stack and which image in the path.
          ThemeOrganizationLogoURL: `${server.url}/_appstream/console/theme-image/111111111111/${R}/${stack}/logo`,
          ThemeFaviconURL: `${server.url}/_appstream/console/theme-image/111111111111/${R}/${stack}/favicon`,
        });
        assert.deepEqual((await c.send(new DescribeThemeForStackCommand({ StackName: stack }))).Theme, theme);
        // They answer images of the theme: the logo its title, both its styling's colour.
        const image = async (url: string) => {
          const res = await fetch(url);
          assert.equal(res.status, 200, url);
          assert.equal(res.headers.get('content-type'), 'image/svg+xml');
          return res.text();
        };
        const logo = await image(theme!.ThemeOrganizationLogoURL!);
        assert.match(logo, /^<svg [^>]*width="240"/);
        assert.match(logo, /My Portal - apps &amp; more/);
        assert.match(logo, /#d6408b/);
        const favicon = await image(theme!.ThemeFaviconURL!);
        assert.match(favicon, /^<svg [^>]*width="64"/);
        assert.match(favicon, />M<\/text>/);
        await rejectsWith(c.send(new CreateThemeForStackCommand({ StackName: stack, ...THEME })), 'ResourceAlreadyExistsException', `The theme for stack ${stack} already exists.`);

        const updated = await c.send(new UpdateThemeForStackCommand({ StackName: stack, State: 'DISABLED', ThemeStyling: 'RED', AttributesToDelete: ['FOOTER_LINKS'] }));
        assert.equal(updated.Theme!.State, 'DISABLED');
        assert.equal(updated.Theme!.ThemeStyling, 'RED');
        assert.equal(updated.Theme!.ThemeTitleText, THEME.TitleText);
        assert.equal(updated.Theme!.ThemeFooterLinks, undefined);
        assert.deepEqual(updated.Theme!.CreatedTime, theme!.CreatedTime);
        await rejectsWith(
          c.send(new UpdateThemeForStackCommand({ StackName: stack, FooterLinks: [link(1)], AttributesToDelete: ['FOOTER_LINKS'] })),
          'InvalidParameterCombinationException',
          'FooterLinks cannot be set when AttributesToDelete includes FOOTER_LINKS.',
        );
        await rejectsWith(
          c.send(new UpdateThemeForStackCommand({ StackName: stack, FooterLinks: [link(1), link(2), link(3), link(4)] })),
          'LimitExceededException',
          'A theme can have at most 3 footer links; 4 were given.',
        );
        const relinked = await c.send(new UpdateThemeForStackCommand({ StackName: stack, FooterLinks: [link(9)], TitleText: 'New title' }));
        assert.deepEqual(relinked.Theme!.ThemeFooterLinks, [link(9)]);
        assert.equal(relinked.Theme!.ThemeTitleText, 'New title');

        assert.match(await image(theme!.ThemeOrganizationLogoURL!), /New title/);
        assert.match(await image(theme!.ThemeFaviconURL!), /#c8303c/);

        await c.send(new DeleteThemeForStackCommand({ StackName: stack }));
        // No theme, no images (404), and no other image than the two.
        assert.equal((await fetch(theme!.ThemeOrganizationLogoURL!)).status, 404);
        assert.equal((await fetch(theme!.ThemeFaviconURL!)).status, 404);
        assert.equal((await fetch(theme!.ThemeFaviconURL!.replace('/favicon', '/banner'))).status, 404);
        await rejectsWith(c.send(new DeleteThemeForStackCommand({ StackName: stack })), 'ResourceNotFoundException', `The theme for stack ${stack} does not exist.`);
        await rejectsWith(c.send(new UpdateThemeForStackCommand({ StackName: stack, State: 'ENABLED' })), 'ResourceNotFoundException', `The theme for stack ${stack} does not exist.`);
        await rejectsWith(c.send(new DescribeThemeForStackCommand({ StackName: 'ghost' })), 'ResourceNotFoundException', 'The stack ghost does not exist.');
        // The theme's title pattern is the model's.
        await rejectsWith(c.send(new CreateThemeForStackCommand({ StackName: stack, ...THEME, TitleText: 'bad <title>' })), 'ValidationException', /at 'titleText'/);
      });
    });
  }

  it('ListAssociatedStacks pages by 25 in stack order (a fleet serving 30 stacks)', async () => {
    const acct = '555555555555';
    await seedOk(server.url, { fleets: [{ AccountId: acct, Region: R, Name: 'big', State: 'RUNNING' }] });
    const c = appStreamClient(server.url, 'rpcv2Cbor', { accountId: acct });
    const names = Array.from({ length: 30 }, (_, i) => `st-${String(i).padStart(2, '0')}`);
    for (const name of [...names].reverse()) {
      await c.send(new CreateStackCommand({ Name: name }));
      await c.send(new AssociateFleetCommand({ StackName: name, FleetName: 'big' }));
    }
    const first = await c.send(new ListAssociatedStacksCommand({ FleetName: 'big' }));
    assert.deepEqual(first.Names, names.slice(0, 25));
    assert.ok(first.NextToken);
    const second = await c.send(new ListAssociatedStacksCommand({ FleetName: 'big', NextToken: first.NextToken }));
    assert.deepEqual(second.Names, names.slice(25));
    assert.equal(second.NextToken, undefined);
    // A token of another fleet is refused.
    await rejectsWith(c.send(new ListAssociatedStacksCommand({ FleetName: 'other', NextToken: first.NextToken })), 'ValidationException');
  });

  it('seed: stacks (defaults applied, tags), themes, associations; errors name the entry; reset removes them', async () => {
    const acct = '666666666666';
    const counts = await seedOk(server.url, {
      fleets: [{ AccountId: acct, Region: R, Name: 'f1', State: 'RUNNING' }],
      stacks: [
        { AccountId: acct, Region: R, Name: 'seeded', Description: 'from seed', UserSettings: [{ Action: 'FILE_UPLOAD', Permission: 'DISABLED' }], Tags: { k: 'v' }, CreatedTime: '2026-01-02T03:04:05Z' },
        { AccountId: acct, Region: R, Name: 'bare' },
      ],
      themes: [{ AccountId: acct, Region: R, StackName: 'seeded', ...THEME, State: 'DISABLED' }],
      fleetStackAssociations: [{ AccountId: acct, Region: R, StackName: 'seeded', FleetName: 'f1' }],
    });
    assert.deepEqual(
      { fleets: counts.fleets, stacks: counts.stacks, themes: counts.themes, fleetStackAssociations: counts.fleetStackAssociations, images: counts.images },
      { fleets: 1, stacks: 2, themes: 1, fleetStackAssociations: 1, images: 0 },
    );
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: acct });
    const [bare, seeded] = (await c.send(new DescribeStacksCommand({}))).Stacks!;
    assert.equal(seeded!.Description, 'from seed');
    assert.equal(seeded!.CreatedTime!.toISOString(), '2026-01-02T03:04:05.000Z');
    assert.equal(seeded!.UserSettings!.length, 8);
    assert.deepEqual(seeded!.UserSettings![2], { Action: 'FILE_UPLOAD', Permission: 'DISABLED' });
    assert.deepEqual(bare!.ApplicationSettings, { Enabled: false });
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: seeded!.Arn! }))).Tags, { k: 'v' });
    assert.equal((await c.send(new DescribeThemeForStackCommand({ StackName: 'seeded' }))).Theme!.State, 'DISABLED');
    assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: 'f1' }))).Names, ['seeded']);
    // Idempotent: the same document again changes nothing.
    await seedOk(server.url, { fleetStackAssociations: [{ AccountId: acct, Region: R, StackName: 'seeded', FleetName: 'f1' }] });
    assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: 'f1' }))).Names, ['seeded']);

    const bad: [unknown, string][] = [
      [{ stacks: [{ AccountId: acct, Region: R, Name: 'x', UserSettings: [{ Action: 'FILE_UPLOAD', Permission: 'ENABLED', MaximumLength: 5 }] }] }, 'stacks[0] ("x"): MaximumLength is supported only for'],
      [{ stacks: [{ AccountId: acct, Region: R, Name: 'x', Colour: 'red' }] }, "stacks[0] (\"x\"): unknown member 'Colour'"],
      [{ stacks: [{ AccountId: acct, Region: R, Name: 'x', EmbedHostDomains: [] }] }, 'stacks[0] ("x"): 1 validation error detected'],
      [{ themes: [{ AccountId: acct, Region: R, StackName: 'ghost', ...THEME }] }, 'themes[0] ("ghost"): account 666666666666 has no stack ghost in us-east-1'],
      [{ fleetStackAssociations: [{ AccountId: acct, Region: R, StackName: 'bare', FleetName: 'ghost' }] }, 'fleetStackAssociations[0] ("bare"): account 666666666666 has no fleet ghost'],
      [
        { fleets: [{ AccountId: acct, Region: R, Name: 'f2' }], fleetStackAssociations: [{ AccountId: acct, Region: R, StackName: 'seeded', FleetName: 'f2' }] },
        'fleetStackAssociations[0] ("seeded"): stack seeded already has fleet f1 (a stack has at most one fleet)',
      ],
    ];
    for (const [document, message] of bad) {
      const r = await seed(server.url, document);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.ok(String(r.body.message).startsWith(message), `${r.body.message} should start with ${message}`);
    }
    // The refused documents wrote nothing (f2 came with a refused association).
    await rejectsWith(c.send(new AssociateFleetCommand({ StackName: 'bare', FleetName: 'f2' })), 'ResourceNotFoundException', 'The fleet f2 does not exist.');

    const cleared = await reset(server.url, acct);
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.deleted.stacks, 2);
    assert.equal(cleared.body.deleted.stack_themes, 1);
    assert.equal(cleared.body.deleted.fleet_stack_associations, 1);
    assert.deepEqual((await c.send(new DescribeStacksCommand({}))).Stacks, []);
    assert.deepEqual((await c.send(new ListAssociatedStacksCommand({ FleetName: 'f1' }))).Names, []);
    // Another account's rows are untouched.
    assert.ok((await appStreamClient(server.url).send(new DescribeStacksCommand({}))).Stacks!.length > 0);
  });
});

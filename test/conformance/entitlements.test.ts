// Entitlements (SPEC-rest §6) through real clients: scoped to a stack, attribute names,
// applications from the catalogue of the stack's fleet (an image fleet's image Applications,
// an Elastic fleet's associated applications), the two entitlement errors, limits, paging, and
// DeleteStack taking them along.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateApplicationFleetCommand,
  AssociateApplicationToEntitlementCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  CreateEntitlementCommand,
  DeleteEntitlementCommand,
  DeleteStackCommand,
  DescribeEntitlementsCommand,
  DisassociateApplicationFromEntitlementCommand,
  DisassociateFleetCommand,
  ListEntitledApplicationsCommand,
  UpdateEntitlementCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { applicationInput, customAppBlock } from '../support/elastic.js';
import { OWNER, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

const ATTRS = [{ Name: 'roles', Value: 'admins' }];

describe('entitlements', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { entitlements: 3 } });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';
    const part = { accountId: OWNER, region };

    it(`create, describe, update, delete, and ListEntitledApplications over an image fleet's catalogue (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      await seedOk(server.url, {
        images: [
          {
            AccountId: OWNER,
            Region: region,
            Name: 'apps-image',
            BaseImageName: 'AppStream-WinServer2022-11-10-2025',
            Applications: [
              { Name: 'notepad', DisplayName: 'Notepad', LaunchPath: 'C:\\notepad.exe' },
              { Name: 'firefox', DisplayName: 'Firefox', LaunchPath: 'C:\\firefox.exe' },
              { Name: 'calc', DisplayName: 'Calculator', LaunchPath: 'C:\\calc.exe' },
            ],
          },
        ],
      });
      const fx = fixtures(server, part);
      await fx.stack('st');
      await fx.fleet('fl', { ImageName: 'apps-image' });
      await fx.associate('st', 'fl');

      const before = Date.now();
      const created = await client.send(new CreateEntitlementCommand({ Name: 'ent', StackName: 'st', AppVisibility: 'ASSOCIATED', Attributes: ATTRS, Description: 'admins only' }));
      const e = created.Entitlement!;
      assert.deepEqual({ ...e, CreatedTime: undefined, LastModifiedTime: undefined }, {
        Name: 'ent',
        StackName: 'st',
        Description: 'admins only',
        AppVisibility: 'ASSOCIATED',
        Attributes: ATTRS,
        CreatedTime: undefined,
        LastModifiedTime: undefined,
      });
      assert.ok(Math.abs(e.CreatedTime!.getTime() - before) < 60_000);
      await rejectsWith(
        client.send(new CreateEntitlementCommand({ Name: 'ent', StackName: 'st', AppVisibility: 'ALL', Attributes: ATTRS })),
        'EntitlementAlreadyExistsException',
        'Entitlement ent already exists.',
      );

      // Applications: names in the fleet image's catalogue; twice is fine; others are not found.
      for (const app of ['notepad', 'firefox', 'notepad']) {
        await client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'st', EntitlementName: 'ent', ApplicationIdentifier: app }));
      }
      await rejectsWith(
        client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'st', EntitlementName: 'ent', ApplicationIdentifier: 'Notepad' })),
        'ResourceNotFoundException',
        'The application Notepad was not found in stack st.',
      );
      const first = await client.send(new ListEntitledApplicationsCommand({ StackName: 'st', EntitlementName: 'ent', MaxResults: 1 }));
      assert.deepEqual(first.EntitledApplications, [{ ApplicationIdentifier: 'firefox' }]);
      assert.ok(first.NextToken);
      const second = await client.send(new ListEntitledApplicationsCommand({ StackName: 'st', EntitlementName: 'ent', MaxResults: 1, NextToken: first.NextToken }));
      assert.deepEqual(second.EntitledApplications, [{ ApplicationIdentifier: 'notepad' }]);
      assert.equal(second.NextToken, undefined);
      await client.send(new DisassociateApplicationFromEntitlementCommand({ StackName: 'st', EntitlementName: 'ent', ApplicationIdentifier: 'firefox' }));
      await rejectsWith(
        client.send(new DisassociateApplicationFromEntitlementCommand({ StackName: 'st', EntitlementName: 'ent', ApplicationIdentifier: 'firefox' })),
        'ResourceNotFoundException',
        'The application firefox is not associated with entitlement ent.',
      );
      assert.deepEqual((await client.send(new ListEntitledApplicationsCommand({ StackName: 'st', EntitlementName: 'ent' }))).EntitledApplications, [{ ApplicationIdentifier: 'notepad' }]);

      // Update changes only what is given, and LastModifiedTime.
      const updated = (await client.send(new UpdateEntitlementCommand({ Name: 'ent', StackName: 'st', AppVisibility: 'ALL' }))).Entitlement!;
      assert.equal(updated.AppVisibility, 'ALL');
      assert.equal(updated.Description, 'admins only');
      assert.deepEqual(updated.Attributes, ATTRS);
      assert.ok(updated.LastModifiedTime!.getTime() >= e.LastModifiedTime!.getTime());
      const described = await client.send(new DescribeEntitlementsCommand({ StackName: 'st', Name: 'ent' }));
      assert.deepEqual(described.Entitlements, [updated]);

      // Unknown stack: ResourceNotFound; unknown entitlement: EntitlementNotFound.
      await rejectsWith(client.send(new DescribeEntitlementsCommand({ StackName: 'nope' })), 'ResourceNotFoundException', 'The stack nope does not exist.');
      await rejectsWith(client.send(new DescribeEntitlementsCommand({ StackName: 'st', Name: 'nope' })), 'EntitlementNotFoundException', 'The entitlement nope does not exist in stack st.');
      await rejectsWith(client.send(new UpdateEntitlementCommand({ StackName: 'st', Name: 'nope' })), 'EntitlementNotFoundException');
      await rejectsWith(client.send(new ListEntitledApplicationsCommand({ StackName: 'nope', EntitlementName: 'ent' })), 'ResourceNotFoundException');
      await rejectsWith(client.send(new CreateEntitlementCommand({ Name: 'x', StackName: 'nope', AppVisibility: 'ALL', Attributes: ATTRS })), 'ResourceNotFoundException', 'The stack nope does not exist.');

      await client.send(new DeleteEntitlementCommand({ Name: 'ent', StackName: 'st' }));
      await rejectsWith(client.send(new DeleteEntitlementCommand({ Name: 'ent', StackName: 'st' })), 'EntitlementNotFoundException', 'The entitlement ent does not exist in stack st.');
      // A stack without entitlements: an empty list (CloudQuery).
      const none = await client.send(new DescribeEntitlementsCommand({ StackName: 'st' }));
      assert.deepEqual(none.Entitlements, []);
      assert.equal(none.NextToken, undefined);
    });
  }

  it('attribute names: only AWS\'s seven; the quota per stack; paging by name', async () => {
    const region = 'us-west-2';
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    const fx = fixtures(server, { accountId: OWNER, region });
    await fx.stack('a');
    await fx.stack('b');
    await rejectsWith(
      client.send(new CreateEntitlementCommand({ Name: 'bad', StackName: 'a', AppVisibility: 'ALL', Attributes: [{ Name: 'role', Value: 'x' }] })),
      'OperationNotPermittedException',
      'The attribute name role is not supported. Supported attribute names: roles, department, organization, groups, title, costCenter, userType.',
    );
    for (const n of ['e3', 'e1', 'e2']) await client.send(new CreateEntitlementCommand({ Name: n, StackName: 'a', AppVisibility: 'ALL', Attributes: [{ Name: 'costCenter', Value: n }] }));
    const seven = ['roles', 'department', 'organization', 'groups', 'title', 'costCenter', 'userType'].map((Name) => ({ Name, Value: 'v' }));
    const withSeven = await client.send(new UpdateEntitlementCommand({ Name: 'e1', StackName: 'a', Attributes: seven }));
    assert.deepEqual(withSeven.Entitlement!.Attributes, seven);
    await rejectsWith(
      client.send(new CreateEntitlementCommand({ Name: 'e4', StackName: 'a', AppVisibility: 'ALL', Attributes: ATTRS })),
      'LimitExceededException',
      'The maximum number of entitlements (3) for stack a has been reached.',
    );
    await client.send(new CreateEntitlementCommand({ Name: 'e4', StackName: 'b', AppVisibility: 'ALL', Attributes: ATTRS }));
    await rejectsWith(
      client.send(new UpdateEntitlementCommand({ Name: 'e1', StackName: 'a', Attributes: [{ Name: 'userType', Value: 'x' }, { Name: 'email', Value: 'y' }] })),
      'OperationNotPermittedException',
    );
    const p1 = await client.send(new DescribeEntitlementsCommand({ StackName: 'a', MaxResults: 2 }));
    assert.deepEqual(p1.Entitlements!.map((e) => e.Name), ['e1', 'e2']);
    const p2 = await client.send(new DescribeEntitlementsCommand({ StackName: 'a', MaxResults: 2, NextToken: p1.NextToken }));
    assert.deepEqual(p2.Entitlements!.map((e) => e.Name), ['e3']);
    assert.equal(p2.NextToken, undefined);
    // A token for stack a is refused for stack b.
    await rejectsWith(client.send(new DescribeEntitlementsCommand({ StackName: 'b', NextToken: p1.NextToken })), 'ValidationException');
    await rejectsWith(client.send(new CreateEntitlementCommand({ Name: 'e5', StackName: 'a', AppVisibility: 'ALL', Attributes: [] })), 'ValidationException');
  });

  it('an Elastic fleet\'s catalogue is its associated applications; no fleet means no catalogue; DeleteStack takes the entitlements along', async () => {
    const region = 'ap-southeast-2';
    const part = { accountId: OWNER, region };
    const client = appStreamClient(server.url, 'rpcv2Cbor', { region });
    const fx = fixtures(server, part);
    await fx.stack('elastic');
    await fx.stack('lonely');
    await fx.elasticFleet('el');
    await fx.associate('elastic', 'el');
    const block = (await client.send(new CreateAppBlockCommand(customAppBlock('tools')))).AppBlock!;
    for (const name of ['app-c', 'app-a', 'app-b']) {
      const app = (await client.send(new CreateApplicationCommand(applicationInput(name, block.Arn!)))).Application!;
      await client.send(new AssociateApplicationFleetCommand({ FleetName: 'el', ApplicationArn: app.Arn! }));
    }
    await client.send(new CreateEntitlementCommand({ Name: 'e', StackName: 'elastic', AppVisibility: 'ASSOCIATED', Attributes: ATTRS }));
    await client.send(new CreateEntitlementCommand({ Name: 'e', StackName: 'lonely', AppVisibility: 'ASSOCIATED', Attributes: ATTRS }));
    await rejectsWith(
      client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'lonely', EntitlementName: 'e', ApplicationIdentifier: 'app-a' })),
      'ResourceNotFoundException',
      'The application app-a was not found in stack lonely.',
    );
    for (const a of ['app-b', 'app-a']) await client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'elastic', EntitlementName: 'e', ApplicationIdentifier: a }));
    await rejectsWith(
      client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'elastic', EntitlementName: 'e', ApplicationIdentifier: 'tools' })),
      'ResourceNotFoundException',
      'The application tools was not found in stack elastic.',
    );
    assert.deepEqual((await client.send(new ListEntitledApplicationsCommand({ StackName: 'elastic', EntitlementName: 'e' }))).EntitledApplications, [
      { ApplicationIdentifier: 'app-a' },
      { ApplicationIdentifier: 'app-b' },
    ]);

    // DeleteStack (once its fleet is gone from it) takes its entitlements along: a new stack of
    // that name has none.
    await client.send(new DisassociateFleetCommand({ StackName: 'elastic', FleetName: 'el' }));
    await client.send(new DeleteStackCommand({ Name: 'elastic' }));
    await fx.stack('elastic');
    await rejectsWith(client.send(new ListEntitledApplicationsCommand({ StackName: 'elastic', EntitlementName: 'e' })), 'EntitlementNotFoundException', 'The entitlement e does not exist in stack elastic.');
  });

  it('50 applications per entitlement (a catalogue of 51: an image with 51 applications)', async () => {
    const region = 'ap-southeast-1';
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    const apps = Array.from({ length: 51 }, (_, i) => `app-${String(i).padStart(2, '0')}`);
    await seedOk(server.url, {
      images: [
        {
          AccountId: OWNER,
          Region: region,
          Name: 'many-apps',
          BaseImageName: 'AppStream-WinServer2022-11-10-2025',
          Applications: apps.map((Name) => ({ Name, DisplayName: Name, LaunchPath: `C:\\${Name}.exe` })),
        },
      ],
    });
    const fx = fixtures(server, { accountId: OWNER, region });
    await fx.stack('wide');
    await fx.fleet('wide-fleet', { ImageName: 'many-apps' });
    await fx.associate('wide', 'wide-fleet');
    await client.send(new CreateEntitlementCommand({ Name: 'e', StackName: 'wide', AppVisibility: 'ASSOCIATED', Attributes: ATTRS }));
    for (const a of apps.slice(0, 50)) await client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'wide', EntitlementName: 'e', ApplicationIdentifier: a }));
    await rejectsWith(
      client.send(new AssociateApplicationToEntitlementCommand({ StackName: 'wide', EntitlementName: 'e', ApplicationIdentifier: 'app-50' })),
      'LimitExceededException',
      'The maximum number of applications (50) for entitlement e has been reached.',
    );
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const p = await client.send(new ListEntitledApplicationsCommand({ StackName: 'wide', EntitlementName: 'e', NextToken: token }));
      listed.push(...p.EntitledApplications!.map((a) => a.ApplicationIdentifier!));
      token = p.NextToken;
    } while (token);
    assert.deepEqual(listed, apps.slice(0, 50));
  });
});

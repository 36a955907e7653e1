// User-stack associations (SPEC-rest §5.3) through real clients: the per-item `errors` with
// HTTP 200, no half-applied batches, the top-level errors, DescribeUserStackAssociations'
// filters and paging, DeleteUser and DeleteStack leaving nothing behind, and USERPOOL sessions
// (SPEC-rest §4.3): an enabled user assigned to a stack whose fleet runs signs in through the
// control API and DescribeSessions lists the session with AuthenticationType USERPOOL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchAssociateUserStackCommand,
  BatchDisassociateUserStackCommand,
  CreateDirectoryConfigCommand,
  CreateUserCommand,
  DeleteStackCommand,
  DeleteUserCommand,
  DescribeSessionsCommand,
  DescribeUserStackAssociationsCommand,
  DisableUserCommand,
  EnableUserCommand,
  ExpireSessionCommand,
  type UserStackAssociation,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { OWNER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

const pair = (StackName: string, UserName: string): UserStackAssociation => ({ StackName, UserName, AuthenticationType: 'USERPOOL' });

describe('user-stack associations', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';
    const part = { accountId: OWNER, region };

    it(`batch associate with per-item errors, describe by stack and by user, disassociate (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const fx = fixtures(server, part);
      for (const s of ['s-b', 's-a', 's-c']) await fx.stack(s);
      for (const u of ['u1@x.com', 'u2@x.com', 'U1@x.com']) await client.send(new CreateUserCommand({ UserName: u, AuthenticationType: 'USERPOOL' }));

      const out = await client.send(
        new BatchAssociateUserStackCommand({
          UserStackAssociations: [
            { ...pair('s-a', 'u1@x.com'), SendEmailNotification: true },
            pair('nope', 'u1@x.com'),
            pair('s-a', 'nobody@x.com'),
            pair('s-b', 'u1@x.com'),
            pair('s-a', 'u2@x.com'),
            pair('s-a', 'u1@x.com'),
          ],
        }),
      );
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.deepEqual(out.errors, [
        { UserStackAssociation: pair('nope', 'u1@x.com'), ErrorCode: 'STACK_NOT_FOUND', ErrorMessage: 'The stack nope does not exist.' },
        { UserStackAssociation: pair('s-a', 'nobody@x.com'), ErrorCode: 'USER_NAME_NOT_FOUND', ErrorMessage: 'The user nobody@x.com does not exist.' },
      ]);
      // Everything else was applied (a failed item never stops the others); re-association is fine.
      const again = await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [pair('s-a', 'u1@x.com'), pair('s-c', 'U1@x.com')] }));
      assert.deepEqual(again.errors, []);

      const byStack = await client.send(new DescribeUserStackAssociationsCommand({ StackName: 's-a' }));
      assert.deepEqual(byStack.UserStackAssociations, [pair('s-a', 'u1@x.com'), pair('s-a', 'u2@x.com')]);
      assert.equal(byStack.NextToken, undefined);
      const byUser = await client.send(new DescribeUserStackAssociationsCommand({ UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }));
      assert.deepEqual(byUser.UserStackAssociations, [pair('s-a', 'u1@x.com'), pair('s-b', 'u1@x.com')]);
      // All three filters (Terraform's read): exactly the pair, case-sensitive.
      const exact = await client.send(new DescribeUserStackAssociationsCommand({ StackName: 's-c', UserName: 'U1@x.com', AuthenticationType: 'USERPOOL' }));
      assert.deepEqual(exact.UserStackAssociations, [pair('s-c', 'U1@x.com')]);
      const otherCase = await client.send(new DescribeUserStackAssociationsCommand({ StackName: 's-c', UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }));
      assert.deepEqual(otherCase.UserStackAssociations, []);
      // Another type than USERPOOL is refused (SPEC-rest §5.2), with a user name or without; an unknown stack: nothing.
      for (const input of [{ StackName: 's-a', AuthenticationType: 'SAML' as const }, { UserName: 'u1@x.com', AuthenticationType: 'API' as const }]) {
        await rejectsWith(
          client.send(new DescribeUserStackAssociationsCommand(input)),
          'InvalidParameterCombinationException',
          `The authentication type ${input.AuthenticationType} is not supported. You must specify USERPOOL.`,
        );
      }
      assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'unknown' }))).UserStackAssociations, []);

      // Paging by one, by user (stack order) and by stack (user order).
      const walk = async (input: { StackName?: string; UserName?: string; AuthenticationType?: 'USERPOOL' }) => {
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const p = await client.send(new DescribeUserStackAssociationsCommand({ ...input, MaxResults: 1, NextToken: token }));
          seen.push(...p.UserStackAssociations!.map((a) => `${a.StackName}/${a.UserName}`));
          token = p.NextToken;
        } while (token);
        return seen;
      };
      assert.deepEqual(await walk({ UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }), ['s-a/u1@x.com', 's-b/u1@x.com']);
      assert.deepEqual(await walk({ StackName: 's-a' }), ['s-a/u1@x.com', 's-a/u2@x.com']);

      const dis = await client.send(
        new BatchDisassociateUserStackCommand({ UserStackAssociations: [pair('s-a', 'u1@x.com'), pair('gone', 'u1@x.com'), pair('s-b', 'never@x.com')] }),
      );
      assert.deepEqual(dis.errors, [{ UserStackAssociation: pair('gone', 'u1@x.com'), ErrorCode: 'STACK_NOT_FOUND', ErrorMessage: 'The stack gone does not exist.' }]);
      assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 's-a' }))).UserStackAssociations, [pair('s-a', 'u2@x.com')]);

      // DeleteUser takes its associations along; a user of the same name starts with none.
      await client.send(new DeleteUserCommand({ UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }));
      await client.send(new CreateUserCommand({ UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }));
      assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ UserName: 'u1@x.com', AuthenticationType: 'USERPOOL' }))).UserStackAssociations, []);
    });

    it(`top-level errors write nothing (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const fx = fixtures(server, part);
      await fx.stack('plain');
      await fx.stack('joined');
      await client.send(new CreateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: ['OU=AppStream,DC=corp'] }));
      await fx.fleet('ad-fleet', { DomainJoinInfo: { DirectoryName: 'corp.example.com' } });
      await fx.associate('joined', 'ad-fleet');
      await client.send(new CreateUserCommand({ UserName: 'top@x.com', AuthenticationType: 'USERPOOL' }));
      await rejectsWith(
        client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [pair('plain', 'top@x.com'), pair('joined', 'top@x.com')] })),
        'OperationNotPermittedException',
        'User pool users cannot be assigned to stacks with fleets that are joined to an Active Directory domain: stack joined uses fleet ad-fleet.',
      );
      await rejectsWith(
        client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [pair('plain', 'top@x.com'), { StackName: 'plain', UserName: 'top@x.com', AuthenticationType: 'SAML' }] })),
        'InvalidParameterCombinationException',
        'The authentication type SAML is not supported. You must specify USERPOOL.',
      );
      await rejectsWith(
        client.send(new BatchDisassociateUserStackCommand({ UserStackAssociations: [{ StackName: 'plain', UserName: 'top@x.com', AuthenticationType: 'API' }] })),
        'InvalidParameterCombinationException',
      );
      assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'plain' }))).UserStackAssociations, [], 'nothing half-applied');
      for (const input of [{}, { UserName: 'top@x.com' }, { AuthenticationType: 'USERPOOL' as const }]) {
        await rejectsWith(
          client.send(new DescribeUserStackAssociationsCommand(input)),
          'InvalidParameterCombinationException',
          'You must specify a stack name, a user name and authentication type, or both.',
        );
      }
    });
  }

  it('the model bounds a batch to 1..25 items (ValidationException)', async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { region: 'us-west-1' });
    await rejectsWith(client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [] })), 'ValidationException');
    const many = Array.from({ length: 26 }, (_, i) => pair('s', `u${i}@x.com`));
    await rejectsWith(client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: many })), 'ValidationException', /Member must have length less than or equal to 25/);
  });

  for (const protocol of PROTOCOLS) {
    it(`USERPOOL sessions: an enabled user assigned to the stack signs in; DescribeSessions lists it as USERPOOL (${protocol})`, async () => {
      const region = protocol === 'awsJson1_1' ? 'ap-northeast-1' : 'ap-southeast-1';
      const part = { accountId: OWNER, region };
      const client = appStreamClient(server.url, protocol, { region });
      const fx = fixtures(server, part);
      await fx.stack('desk');
      await fx.fleet('pool-fleet', { ComputeCapacity: { DesiredInstances: 2 } }, true);
      await fx.associate('desk', 'pool-fleet');
      await fx.stack('other');
      for (const u of ['d@x.com', 'stranger@x.com']) await client.send(new CreateUserCommand({ UserName: u, AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
      await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [pair('desk', 'd@x.com'), pair('other', 'stranger@x.com')] }));
      const signIn = (UserId: string, StackName = 'desk') =>
        control(server, '/sessions', { AccountId: OWNER, Region: region, StackName, FleetName: 'pool-fleet', UserId, AuthenticationType: 'USERPOOL' });
      const sessions = async (AuthenticationType?: 'USERPOOL' | 'API') =>
        (await client.send(new DescribeSessionsCommand({ StackName: 'desk', FleetName: 'pool-fleet', ...(AuthenticationType ? { AuthenticationType } : {}) }))).Sessions!;

      const opened = await signIn('d@x.com');
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      const [listed, ...more] = await sessions('USERPOOL');
      assert.deepEqual(more, []);
      assert.deepEqual(
        [listed!.Id, listed!.UserId, listed!.StackName, listed!.FleetName, listed!.AuthenticationType, listed!.State],
        [opened.body.Session.Id, 'd@x.com', 'desk', 'pool-fleet', 'USERPOOL', 'ACTIVE'],
      );
      // AuthenticationType defaults to API: the user pool's sessions are listed only when asked for.
      assert.deepEqual(await sessions(), []);
      assert.deepEqual(
        (await client.send(new DescribeSessionsCommand({ StackName: 'desk', FleetName: 'pool-fleet', UserId: 'd@x.com', AuthenticationType: 'USERPOOL' }))).Sessions!.map((x) => x.Id),
        [listed!.Id],
      );
      // Signing in again gives the live session back.
      assert.equal((await signIn('d@x.com')).body.Session.Id, listed!.Id);

      // Who may not sign in: unknown (user names are case-sensitive), not assigned to the stack, disabled.
      const refusals: [string, number, string, string][] = [
        ['D@x.com', 404, 'ResourceNotFoundException', 'The user D@x.com does not exist.'],
        ['stranger@x.com', 403, 'AccessDeniedException', 'The user stranger@x.com is not assigned to the stack desk.'],
      ];
      for (const [user, status, code, message] of refusals) {
        const r = await signIn(user);
        assert.deepEqual([r.status, r.body.__type, r.body.message], [status, code, message], user);
      }
      await client.send(new ExpireSessionCommand({ SessionId: listed!.Id! }));
      await client.send(new DisableUserCommand({ UserName: 'd@x.com', AuthenticationType: 'USERPOOL' }));
      const disabled = await signIn('d@x.com');
      assert.deepEqual([disabled.status, disabled.body.__type, disabled.body.message], [403, 'NotAuthorizedException', 'The user d@x.com is disabled.']);
      // Enabled again, the assignment survived (SPEC-rest §5.2); unassigned, the user is refused.
      await client.send(new EnableUserCommand({ UserName: 'd@x.com', AuthenticationType: 'USERPOOL' }));
      assert.equal((await signIn('d@x.com')).status, 200);
      await client.send(new BatchDisassociateUserStackCommand({ UserStackAssociations: [pair('desk', 'd@x.com')] }));
      assert.equal((await signIn('d@x.com')).status, 403);
      assert.equal((await sessions('USERPOOL')).filter((x) => x.State !== 'EXPIRED').length, 1, 'the session opened before the unassignment goes on');
    });
  }

  it('DeleteStack takes the stack\'s user associations along; a new stack of that name has none', async () => {
    const region = 'ca-central-1';
    const client = appStreamClient(server.url, 'rpcv2Cbor', { region });
    const fx = fixtures(server, { accountId: OWNER, region });
    await fx.stack('doomed');
    await fx.stack('kept');
    await client.send(new CreateUserCommand({ UserName: 'd@x.com', AuthenticationType: 'USERPOOL' }));
    await client.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [pair('doomed', 'd@x.com'), pair('kept', 'd@x.com')] }));
    await client.send(new DeleteStackCommand({ Name: 'doomed' }));
    assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ UserName: 'd@x.com', AuthenticationType: 'USERPOOL' }))).UserStackAssociations, [pair('kept', 'd@x.com')]);
    await fx.stack('doomed');
    assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'doomed' }))).UserStackAssociations, []);
  });
});

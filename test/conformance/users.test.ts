// The user pool (SPEC-rest §5.1, §5.2) through real clients: CreateUser, DescribeUsers,
// EnableUser, DisableUser, DeleteUser; ARNs with a UUID, case-sensitive names, AWS's observed
// InvalidParameterValueException, RESEND, the quota, paging, the confirm control route, bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUsersCommand,
  DisableUserCommand,
  EnableUserCommand,
  type User,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { jsonCall } from '../support/raw.js';
import { OWNER, GRANTEE } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('users', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ quotas: { users: 6 } });
  });
  after(() => server.close());

  for (const protocol of PROTOCOLS) {
    const region = protocol === 'awsJson1_1' ? 'us-east-1' : 'eu-west-1';
    it(`create, describe, disable, enable and delete a user (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region });
      const before = Date.now();
      await client.send(new CreateUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS', FirstName: 'Alice', LastName: 'Smith' }));
      const { Users } = await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }));
      assert.equal(Users?.length, 1);
      const u = Users![0]!;
      assert.match(u.Arn!, new RegExp(`^arn:aws:appstream:${region}:${OWNER}:user/userpool/${UUID}$`));
      assert.ok(!u.Arn!.includes('Alice'), 'the ARN never carries the e-mail');
      assert.deepEqual({ ...u, Arn: undefined, CreatedTime: undefined }, {
        Arn: undefined,
        UserName: 'Alice@Example.com',
        Enabled: true,
        Status: 'FORCE_CHANGE_PASSWORD',
        FirstName: 'Alice',
        LastName: 'Smith',
        CreatedTime: undefined,
        AuthenticationType: 'USERPOOL',
      });
      assert.ok(u.CreatedTime instanceof Date && Math.abs(u.CreatedTime.getTime() - before) < 60_000);

      // Case-sensitive: another user; exact duplicates are refused.
      await client.send(new CreateUserCommand({ UserName: 'alice@example.com', AuthenticationType: 'USERPOOL' }));
      await rejectsWith(
        client.send(new CreateUserCommand({ UserName: 'alice@example.com', AuthenticationType: 'USERPOOL' })),
        'ResourceAlreadyExistsException',
        'User alice@example.com already exists.',
      );
      const names = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.map((x) => x.UserName);
      assert.deepEqual(names, ['Alice@Example.com', 'alice@example.com']);

      // Disable/Enable: idempotent.
      await client.send(new DisableUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      await client.send(new DisableUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      const find = async (name: string): Promise<User | undefined> =>
        (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.find((x) => x.UserName === name);
      assert.equal((await find('Alice@Example.com'))?.Enabled, false);
      assert.equal((await find('alice@example.com'))?.Enabled, true);
      await client.send(new EnableUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      await client.send(new EnableUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      assert.equal((await find('Alice@Example.com'))?.Enabled, true);
      assert.equal((await find('Alice@Example.com'))?.Arn, u.Arn, 'the ARN is stable');

      // A name in another case is another (unknown) user.
      await rejectsWith(client.send(new DisableUserCommand({ UserName: 'ALICE@EXAMPLE.COM', AuthenticationType: 'USERPOOL' })), 'ResourceNotFoundException', 'The user ALICE@EXAMPLE.COM does not exist.');
      await client.send(new DeleteUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      await rejectsWith(client.send(new DeleteUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' })), 'ResourceNotFoundException', 'The user Alice@Example.com does not exist.');
      await rejectsWith(client.send(new EnableUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' })), 'ResourceNotFoundException', 'The user Alice@Example.com does not exist.');
      assert.deepEqual((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!.map((x) => x.UserName), ['alice@example.com']);

      // A new user of the same name gets a new ARN.
      await client.send(new CreateUserCommand({ UserName: 'Alice@Example.com', AuthenticationType: 'USERPOOL' }));
      assert.notEqual((await find('Alice@Example.com'))?.Arn, u.Arn);
      for (const n of ['Alice@Example.com', 'alice@example.com']) await client.send(new DeleteUserCommand({ UserName: n, AuthenticationType: 'USERPOOL' }));
    });

    it(`other authentication types (${protocol})`, async () => {
      const client = appStreamClient(server.url, protocol, { region: 'ap-south-1' });
      for (const type of ['API', 'SAML', 'AWS_AD'] as const) {
        await rejectsWith(
          client.send(new CreateUserCommand({ UserName: 'x@y.z', AuthenticationType: type })),
          'InvalidParameterValueException',
          `Cannot create a user with '${type}' authentication type`,
        );
      }
      await rejectsWith(
        client.send(new DescribeUsersCommand({ AuthenticationType: 'SAML' })),
        'InvalidParameterCombinationException',
        'The authentication type SAML is not supported. You must specify USERPOOL.',
      );
      await client.send(new CreateUserCommand({ UserName: 'x@y.z', AuthenticationType: 'USERPOOL' }));
      // Enable/Disable/Delete model no InvalidParameterCombination: no user of that type exists.
      await rejectsWith(client.send(new DisableUserCommand({ UserName: 'x@y.z', AuthenticationType: 'API' })), 'ResourceNotFoundException', 'The user x@y.z does not exist.');
      await rejectsWith(client.send(new DeleteUserCommand({ UserName: 'x@y.z', AuthenticationType: 'SAML' })), 'ResourceNotFoundException', 'The user x@y.z does not exist.');
      await client.send(new DeleteUserCommand({ UserName: 'x@y.z', AuthenticationType: 'USERPOOL' }));
    });
  }

  it('MessageAction RESEND: an existing user only, without names; nothing changes', async () => {
    const client = appStreamClient(server.url, 'awsJson1_1', { region: 'us-west-2' });
    await rejectsWith(
      client.send(new CreateUserCommand({ UserName: 'r@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'RESEND' })),
      'InvalidParameterCombinationException',
      'The user r@x.com does not exist. MessageAction RESEND needs an existing user.',
    );
    await client.send(new CreateUserCommand({ UserName: 'r@x.com', AuthenticationType: 'USERPOOL', FirstName: 'R' }));
    const [before] = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!;
    await client.send(new CreateUserCommand({ UserName: 'r@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'RESEND' }));
    await rejectsWith(
      client.send(new CreateUserCommand({ UserName: 'r@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'RESEND', FirstName: 'Other' })),
      'InvalidParameterCombinationException',
      'FirstName and LastName cannot be specified when MessageAction is RESEND.',
    );
    assert.deepEqual((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users, [before]);
  });

  it('the users quota (per account and region), then paging in name order with tokens bound to the caller', async () => {
    const region = 'ca-central-1';
    const client = appStreamClient(server.url, 'rpcv2Cbor', { region });
    const names = ['u-05', 'u-01', 'U-03', 'u-02', 'ü-04', 'u-00'];
    for (const n of names) await client.send(new CreateUserCommand({ UserName: n, AuthenticationType: 'USERPOOL' }));
    await rejectsWith(
      client.send(new CreateUserCommand({ UserName: 'one-too-many', AuthenticationType: 'USERPOOL' })),
      'LimitExceededException',
      `The maximum number of users (6) for account ${OWNER} in ${region} has been reached.`,
    );
    // Another account and region have their own pool.
    await appStreamClient(server.url, 'rpcv2Cbor', { region, accountId: GRANTEE }).send(new CreateUserCommand({ UserName: 'u-00', AuthenticationType: 'USERPOOL' }));
    const first = await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 4 }));
    assert.deepEqual(first.Users!.map((u) => u.UserName), ['U-03', 'u-00', 'u-01', 'u-02']);
    assert.ok(first.NextToken);
    const second = await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 4, NextToken: first.NextToken }));
    assert.deepEqual(second.Users!.map((u) => u.UserName), ['u-05', 'ü-04']);
    assert.equal(second.NextToken, undefined);
    // The token of one account is refused to another.
    await rejectsWith(
      appStreamClient(server.url, 'rpcv2Cbor', { region, accountId: GRANTEE }).send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', NextToken: first.NextToken })),
      'InvalidParameterCombinationException',
    );
    // A NextToken loop walks them all; MaxResults above 25 is clamped.
    const walked: string[] = [];
    let token: string | undefined;
    do {
      const p = await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 2, NextToken: token }));
      walked.push(...p.Users!.map((u) => u.UserName!));
      token = p.NextToken;
    } while (token);
    assert.deepEqual(walked, ['U-03', 'u-00', 'u-01', 'u-02', 'u-05', 'ü-04']);
    assert.equal((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 1000 }))).Users!.length, 6);
    // An empty pool: an empty list.
    const empty = await appStreamClient(server.url, 'rpcv2Cbor', { region: 'sa-east-1' }).send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }));
    assert.deepEqual(empty.Users, []);
    assert.equal(empty.NextToken, undefined);
  });

  it('the control API confirms a user: FORCE_CHANGE_PASSWORD -> CONFIRMED', async () => {
    const region = 'eu-central-1';
    const client = appStreamClient(server.url, 'awsJson1_1', { region });
    await client.send(new CreateUserCommand({ UserName: 'c@x.com', AuthenticationType: 'USERPOOL' }));
    const r = await control(server, '/users/confirm', { AccountId: OWNER, Region: region, UserName: 'c@x.com' });
    assert.equal(r.status, 200);
    assert.equal(r.body.User.Status, 'CONFIRMED');
    assert.equal((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users![0]!.Status, 'CONFIRMED');
    const missing = await control(server, '/users/confirm', { AccountId: OWNER, Region: region, UserName: 'C@x.com' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'The user C@x.com does not exist.');
    const bad = await control(server, '/users/confirm', { AccountId: 'x', Region: region, UserName: 'c@x.com' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'AccountId must be a 12-digit account id.');
  });

  it('bad input gets the model\'s ValidationException, never a 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ UserName: '', AuthenticationType: 'USERPOOL' }, "Value at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1"],
      [{ UserName: 'a b@x.com', AuthenticationType: 'USERPOOL' }, "at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"],
      [{ UserName: 'x'.repeat(129), AuthenticationType: 'USERPOOL' }, "at 'userName' failed to satisfy constraint: Member must have length less than or equal to 128"],
      [{ UserName: 'f@x.com', AuthenticationType: 'USERPOOL', FirstName: 'Ann!' }, "at 'firstName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z0-9_\\-\\s]+$"],
      [{ UserName: 'f@x.com', AuthenticationType: 'OTHER' }, "Value 'OTHER' at 'authenticationType' failed to satisfy constraint: Member must satisfy enum value set"],
      [{ UserName: 'f@x.com', AuthenticationType: 'USERPOOL', MessageAction: 'SEND' }, "at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set"],
      [{ AuthenticationType: 'USERPOOL' }, "Value null at 'userName' failed to satisfy constraint: Member must not be null"],
    ];
    for (const [body, text] of cases) {
      const res = await jsonCall(server.url, 'CreateUser', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json().__type, 'ValidationException');
      assert.ok(String(res.json().message).includes(text), `${JSON.stringify(body)}: ${res.json().message}`);
    }
  });
});

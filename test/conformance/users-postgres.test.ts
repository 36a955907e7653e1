// Users, associations, entitlements and directory configs on PostgreSQL with two instances on
// one store: byte order of case-sensitive user names (COLLATE "C" on a linguistic database),
// tokens of one instance accepted by the other, quotas and unique names held under races
// between the instances, a batch association racing a DeleteUser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchAssociateUserStackCommand,
  CreateDirectoryConfigCommand,
  CreateEntitlementCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DescribeDirectoryConfigsCommand,
  DescribeEntitlementsCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { OWNER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { fixtures } from '../support/stack-fixtures.js';

const R = 'us-east-1';

describe('users and friends on PostgreSQL, two instances', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    const quotas = { users: 12, directoryConfigs: 4, entitlements: 3 };
    a = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
    b = await startTestServer({ inMemory: false, databaseUrl: database.url, quotas });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('user names in byte order across instances; tokens of one accepted by the other', async () => {
    const [ca, cb] = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    const names = ['bob@x.com', 'Bob@x.com', 'alice@x.com', 'Zed@x.com', '_u@x.com', 'é@x.com'];
    for (const [i, n] of names.entries()) await (i % 2 ? ca : cb).send(new CreateUserCommand({ UserName: n, AuthenticationType: 'USERPOOL' }));
    const seen: string[] = [];
    let token: string | undefined;
    let i = 0;
    do {
      const p = await (i++ % 2 ? cb : ca).send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 2, NextToken: token }));
      seen.push(...p.Users!.map((u) => u.UserName!));
      token = p.NextToken;
    } while (token);
    assert.deepEqual(seen, [...names].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1)));
    assert.deepEqual(seen.slice(0, 3), ['Bob@x.com', 'Zed@x.com', '_u@x.com']);
  });

  it('races between the instances: one winner per name, quotas never exceeded', async () => {
    const [ca, cb] = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    // The same name from both instances at once, several times: exactly one succeeds each time.
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([ca, cb, ca, cb].map((c) => c.send(new CreateUserCommand({ UserName: `race-${round}@x.com`, AuthenticationType: 'USERPOOL' }))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'ResourceAlreadyExistsException');
    }
    // 6 + 3 users exist; 10 more racing for the 3 places left.
    const fill = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? ca : cb).send(new CreateUserCommand({ UserName: `fill-${i}@x.com`, AuthenticationType: 'USERPOOL' }))));
    assert.equal(fill.filter((r) => r.status === 'fulfilled').length, 3);
    for (const r of fill) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    assert.equal((await ca.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL', MaxResults: 25 }))).Users!.length, 12);

    const dirs = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? ca : cb).send(new CreateDirectoryConfigCommand({ DirectoryName: `d${i}.example.com`, OrganizationalUnitDistinguishedNames: [] }))));
    assert.equal(dirs.filter((r) => r.status === 'fulfilled').length, 4);
    assert.equal((await cb.send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs!.length, 4);

    await fixtures(a, { accountId: OWNER, region: R }).stack('pg-stack');
    const ents = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? ca : cb).send(new CreateEntitlementCommand({ Name: `e${i}`, StackName: 'pg-stack', AppVisibility: 'ALL', Attributes: [{ Name: 'roles', Value: 'r' }] }))),
    );
    assert.equal(ents.filter((r) => r.status === 'fulfilled').length, 3);
    assert.equal((await ca.send(new DescribeEntitlementsCommand({ StackName: 'pg-stack' }))).Entitlements!.length, 3);
  });

  it('a batch association racing DeleteUser never leaves an association of a deleted user', async () => {
    const [ca, cb] = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    for (let i = 0; i < 5; i++) {
      await ca.send(new DeleteUserCommand({ UserName: `fill-${i}@x.com`, AuthenticationType: 'USERPOOL' })).catch(() => undefined);
    }
    for (let round = 0; round < 5; round++) {
      const user = `victim-${round}@x.com`;
      await ca.send(new CreateUserCommand({ UserName: user, AuthenticationType: 'USERPOOL' }));
      await Promise.allSettled([
        cb.send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: 'pg-stack', UserName: user, AuthenticationType: 'USERPOOL' }] })),
        ca.send(new DeleteUserCommand({ UserName: user, AuthenticationType: 'USERPOOL' })),
      ]);
      const left = await ca.send(new DescribeUserStackAssociationsCommand({ UserName: user, AuthenticationType: 'USERPOOL' }));
      assert.deepEqual(left.UserStackAssociations, [], `round ${round}: an association of a deleted user`);
    }
  });
});

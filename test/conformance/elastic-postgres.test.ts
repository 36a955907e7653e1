// The Elastic families on PostgreSQL with two instances sharing one store: byte order of names,
// tokens of one instance accepted by the other, quotas and one-per-builder rules held under
// concurrent writers on both instances, export tasks filtered by their state at a given time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateAppBlockBuilderAppBlockCommand,
  AssociateApplicationFleetCommand,
  CreateAppBlockBuilderCommand,
  CreateAppBlockCommand,
  CreateApplicationCommand,
  CreateExportImageTaskCommand,
  DescribeAppBlockBuilderAppBlockAssociationsCommand,
  DescribeAppBlocksCommand,
  DescribeApplicationFleetAssociationsCommand,
  ListExportImageTasksCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { control } from '../support/control.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT, applicationInput, builderInput, createElasticFleet, customAppBlock, S3 } from '../support/elastic.js';

const ARN = (type: string, name: string) => `arn:aws:appstream:us-east-1:${ACCOUNT}:${type}/${name}`;

describe('Elastic families on PostgreSQL, two instances', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    database = await createTestDatabase();
    const options = { inMemory: false, databaseUrl: database.url, transitionSeconds: 60, quotas: { appBlocks: 12, exportImageTasks: 4 } };
    a = await startTestServer(options);
    b = await startTestServer(options);
    await createElasticFleet(appStreamClient(a.url), 'elastic');
    const seeded = await control(a, '/seed', { images: [{ AccountId: ACCOUNT, Region: 'us-east-1', Name: 'golden' }] });
    assert.equal(seeded.status, 200);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('names in byte order on every page; a token of one instance pages on the other', async () => {
    const ca = appStreamClient(a.url);
    const cb = appStreamClient(b.url, 'rpcv2Cbor');
    for (const name of ['Zeta', 'alpha', 'a_b', 'a-b', 'A.b']) await ca.send(new CreateAppBlockCommand(customAppBlock(name)));
    const first = await ca.send(new DescribeAppBlocksCommand({ MaxResults: 2 }));
    const second = await cb.send(new DescribeAppBlocksCommand({ MaxResults: 2, NextToken: first.NextToken }));
    const third = await ca.send(new DescribeAppBlocksCommand({ MaxResults: 2, NextToken: second.NextToken }));
    assert.deepEqual([...first.AppBlocks!, ...second.AppBlocks!, ...third.AppBlocks!].map((x) => x.Name), ['A.b', 'Zeta', 'a-b', 'a_b', 'alpha']);
    assert.equal(third.NextToken, undefined);
  });

  it('the app block quota holds with writers on both instances', async () => {
    const clients = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => clients[i % 2]!.send(new CreateAppBlockCommand(customAppBlock(`race-${String(i).padStart(2, '0')}`)))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'LimitExceededException').length;
    assert.equal(ok, 12 - 5);
    assert.equal(limited, 16 - ok);
    assert.equal((await clients[0]!.send(new DescribeAppBlocksCommand({}))).AppBlocks!.length, 12);
  });

  it('a repeated association raced on both instances is one row; one app block per builder under a race', async () => {
    const ca = appStreamClient(a.url);
    const cb = appStreamClient(b.url, 'rpcv2Cbor');
    await ca.send(new CreateApplicationCommand(applicationInput('app', ARN('app-block', 'alpha'))));
    const arn = ARN('application', 'app');
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? ca : cb).send(new AssociateApplicationFleetCommand({ FleetName: 'elastic', ApplicationArn: arn }))));
    assert.deepEqual((await cb.send(new DescribeApplicationFleetAssociationsCommand({ ApplicationArn: arn }))).ApplicationFleetAssociations, [
      { FleetName: 'elastic', ApplicationArn: arn },
    ]);
    // Make room under the app block quota for two APPSTREAM2 blocks.
    await control(a, '/reset', { AccountId: ACCOUNT });
    await createElasticFleet(ca, 'elastic');
    for (const n of ['p1', 'p2']) await ca.send(new CreateAppBlockCommand({ Name: n, SourceS3Location: S3(n), PackagingType: 'APPSTREAM2' }));
    await ca.send(new CreateAppBlockBuilderCommand(builderInput('abb')));
    const raced = await Promise.allSettled(
      ['p1', 'p2'].map((n, i) => (i ? ca : cb).send(new AssociateAppBlockBuilderAppBlockCommand({ AppBlockBuilderName: 'abb', AppBlockArn: ARN('app-block', n) }))),
    );
    assert.equal(raced.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(raced.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'LimitExceededException').length, 1);
    assert.equal((await cb.send(new DescribeAppBlockBuilderAppBlockAssociationsCommand({ AppBlockBuilderName: 'abb' }))).AppBlockBuilderAppBlockAssociations!.length, 1);
  });

  it('export tasks: the in-progress quota across instances; State filters follow the shared clock', async () => {
    await control(a, '/seed', { images: [{ AccountId: ACCOUNT, Region: 'us-east-1', Name: 'golden' }] });
    const clients = [appStreamClient(a.url), appStreamClient(b.url, 'rpcv2Cbor')];
    const role = `arn:aws:iam::${ACCOUNT}:role/x`;
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => clients[i % 2]!.send(new CreateExportImageTaskCommand({ ImageName: 'golden', AmiName: `ami-${i}`, IamRoleArn: role }))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
    const exporting = await clients[1]!.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['EXPORTING'] }] }));
    assert.equal(exporting.ExportImageTasks!.length, 4);
    assert.equal((await control(b, '/clock', { advanceSeconds: 61 })).status, 200);
    const completed = await clients[0]!.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['COMPLETED'] }] }));
    assert.equal(completed.ExportImageTasks!.length, 4);
    assert.deepEqual((await clients[0]!.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['EXPORTING'] }] }))).ExportImageTasks, []);
  });
});

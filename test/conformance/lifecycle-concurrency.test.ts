// Races on both stores (SQLite and PostgreSQL): concurrent creates against one quota, one name,
// one failure rule, and two instances sharing one PostgreSQL store and its clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyImageCommand,
  CreateImageBuilderCommand,
  CreateImportedImageCommand,
  DescribeImageBuildersCommand,
  DescribeImagesCommand,
  StopImageBuilderCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer } from '../support/server.js';

const BASE = 'AppStream-WinServer2022-11-10-2025';

const settle = async (promises: Promise<unknown>[]) =>
  (await Promise.allSettled(promises)).map((r) => (r.status === 'fulfilled' ? 'ok' : ((r.reason as Error).name ?? 'Error')));

const count = (results: string[], what: string) => results.filter((r) => r === what).length;

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`lifecycle races on ${store}`, () => {
    let server: RunningServer;
    let second: RunningServer | undefined;
    let database: TestDatabase | undefined;
    before(async () => {
      const quotas = { images: 3, imageBuilders: 3, sharedAccountsPerImage: 100 };
      if (store === 'postgres') {
        database = await createTestDatabase();
        server = await startTestServer({ databaseUrl: database.url, transitionSeconds: 0, quotas });
        second = await startTestServer({ databaseUrl: database.url, transitionSeconds: 0, quotas });
      } else {
        server = await startTestServer({ transitionSeconds: 0, quotas });
      }
    });
    after(async () => {
      await second?.close();
      await server.close();
      await database?.drop();
    });

    const urls = () => [server.url, second?.url ?? server.url];

    it('eight concurrent CreateImageBuilder calls against a quota of 3: exactly 3 succeed', async () => {
      const results = await settle(
        Array.from({ length: 8 }, (_, i) =>
          appStreamClient(urls()[i % 2]!).send(new CreateImageBuilderCommand({ Name: `race-${i}`, ImageName: BASE, InstanceType: 'stream.standard.small' })),
        ),
      );
      assert.equal(count(results, 'ok'), 3, results.join());
      assert.equal(count(results, 'LimitExceededException'), 5, results.join());
      const listed = (await appStreamClient(server.url).send(new DescribeImageBuildersCommand({}))).ImageBuilders!;
      assert.equal(listed.length, 3);
    });

    it('six concurrent creates of one image name: exactly one wins', async () => {
      const c = (i: number) => appStreamClient(urls()[i % 2]!, 'awsJson1_1', { accountId: '555555555555' });
      const results = await settle(
        Array.from({ length: 6 }, (_, i) => c(i).send(new CreateImportedImageCommand({ Name: 'same', SourceAmiId: 'ami-0123456789abcdef0' }))),
      );
      assert.equal(count(results, 'ok'), 1, results.join());
      assert.equal(count(results, 'ResourceAlreadyExistsException'), 5, results.join());
    });

    it('a failure rule with Count 1 fails exactly one of concurrent copies', async () => {
      const c = appStreamClient(server.url, 'awsJson1_1', { accountId: '666666666666' });
      await c.send(new CreateImportedImageCommand({ Name: 'src', SourceAmiId: 'ami-0123456789abcdef0' }));
      await fetch(`${server.url}/_appstream/failures`, { method: 'POST', body: JSON.stringify({ Operation: 'CopyImage', AccountId: '666666666666' }) });
      const results = await settle(
        ['w1', 'w2', 'w3'].map((n, i) =>
          appStreamClient(urls()[i % 2]!, 'awsJson1_1', { accountId: '666666666666' }).send(
            new CopyImageCommand({ SourceImageName: 'src', DestinationImageName: n, DestinationRegion: 'us-west-2' }),
          ),
        ),
      );
      assert.deepEqual(results, ['ok', 'ok', 'ok']);
      const west = appStreamClient(server.url, 'awsJson1_1', { accountId: '666666666666', region: 'us-west-2' });
      const states = (await west.send(new DescribeImagesCommand({ Names: ['w1', 'w2', 'w3'] }))).Images!.map((i) => i.State);
      assert.equal(states.filter((s) => s === 'FAILED').length, 1, states.join());
      assert.equal(states.filter((s) => s === 'AVAILABLE').length, 2, states.join());
    });

    it('concurrent Stop calls on one builder: one succeeds, the others see STOPPING', async () => {
      const results = await settle(
        Array.from({ length: 4 }, (_, i) => appStreamClient(urls()[i % 2]!).send(new StopImageBuilderCommand({ Name: 'race-0' }))),
      );
      // With transitionSeconds 0 the builder is STOPPED by the next read; the losers see STOPPED (or STOPPING).
      assert.equal(count(results, 'ok'), 1, results.join());
      assert.equal(count(results, 'OperationNotPermittedException'), 3, results.join());
    });

    if (store === 'postgres') {
      it('two instances share the store and the clock', async () => {
        const slow = await startTestServer({ databaseUrl: database!.url, transitionSeconds: 60 });
        try {
          const a = appStreamClient(slow.url, 'awsJson1_1', { accountId: '777777777777' });
          const b = appStreamClient(second!.url, 'awsJson1_1', { accountId: '777777777777' });
          await a.send(new CreateImageBuilderCommand({ Name: 'shared', ImageName: BASE, InstanceType: 'stream.standard.small' }));
          assert.equal((await b.send(new DescribeImageBuildersCommand({ Names: ['shared'] }))).ImageBuilders![0]!.State, 'PENDING');
          await fetch(`${second!.url}/_appstream/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 60 }) });
          assert.equal((await a.send(new DescribeImageBuildersCommand({ Names: ['shared'] }))).ImageBuilders![0]!.State, 'RUNNING');
        } finally {
          await slow.close();
        }
      });
    }
  });
}

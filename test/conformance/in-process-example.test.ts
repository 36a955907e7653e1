// The README's in-process example, verbatim but for the import path: if this fails, the README lies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStreamClient, DescribeImagesCommand } from '@aws-sdk/client-appstream';
import { startServer } from '../../src/index.js';

test('my code lists the public Windows images', async () => {
  const server = await startServer({ inMemory: true, port: 0, logLevel: 'silent' });
  try {
    const client = new AppStreamClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    });
    const { Images } = await client.send(new DescribeImagesCommand({ Type: 'PUBLIC' }));
    assert.ok(Images!.some((i) => i.Platform === 'WINDOWS_SERVER_2022'));
  } finally {
    await server.close();
  }
});

// Export image tasks (SPEC-rest §10) through the JS SDK in both protocols: only the caller's
// AVAILABLE images; EXPORTING -> COMPLETED on the shared clock, FAILED through failure injection;
// GetExportImageTask; ListExportImageTasks newest first, paged and filtered; the quota of tasks in
// progress; DeleteImage refuses an image being exported.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateExportImageTaskCommand,
  DeleteImageCommand,
  GetExportImageTaskCommand,
  ListExportImageTasksCommand,
  type AppStreamClient,
  type ExportImageTask,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { rejectsWith } from '../support/assertions.js';
import { control } from '../support/control.js';
import { startTestServer } from '../support/server.js';
import { ACCOUNT } from '../support/elastic.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/export`;
const STEP = 60;
const PUBLIC = 'AppStream-WinServer2022-11-10-2025';

for (const protocol of PROTOCOLS) {
  describe(`export image tasks over ${protocol}`, () => {
    let server: RunningServer;
    let c: AppStreamClient;
    const advance = async (seconds = STEP + 1) => assert.equal((await control(server, '/clock', { advanceSeconds: seconds })).status, 200);
    const create = (ImageName: string, AmiName: string, extra: Record<string, unknown> = {}) =>
      c.send(new CreateExportImageTaskCommand({ ImageName, AmiName, IamRoleArn: ROLE, ...extra }));
    const listAll = async (input: Record<string, unknown> = {}) => {
      const out: ExportImageTask[] = [];
      let token: string | undefined;
      do {
        const p = await c.send(new ListExportImageTasksCommand({ ...input, NextToken: token }));
        out.push(...p.ExportImageTasks!);
        token = p.NextToken;
      } while (token);
      return out;
    };

    before(async () => {
      server = await startTestServer({ transitionSeconds: STEP, quotas: { exportImageTasks: 3 } });
      c = appStreamClient(server.url, protocol);
      const seed = await control(server, '/seed', {
        images: [
          { AccountId: ACCOUNT, Region: 'us-east-1', Name: 'golden', State: 'AVAILABLE' },
          { AccountId: ACCOUNT, Region: 'us-east-1', Name: 'silver', State: 'AVAILABLE' },
          { AccountId: ACCOUNT, Region: 'us-east-1', Name: 'broken', State: 'FAILED' },
          { AccountId: '222222222222', Region: 'us-east-1', Name: 'theirs', State: 'AVAILABLE' },
        ],
        imagePermissions: [{ AccountId: '222222222222', Region: 'us-east-1', Name: 'theirs', SharedAccountId: ACCOUNT, allowFleet: true }],
      });
      assert.equal(seed.status, 200, JSON.stringify(seed.body));
    });
    after(() => server.close());

    it('CreateExportImageTask answers EXPORTING; one step later GetExportImageTask says COMPLETED with an AMI id', async () => {
      const task = (await create('golden', 'golden-ami', { AmiDescription: 'the golden image', TagSpecifications: { team: 'imaging' } })).ExportImageTask!;
      assert.match(task.TaskId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(task.ImageArn, `arn:aws:appstream:us-east-1:${ACCOUNT}:image/golden`);
      assert.equal(task.AmiName, 'golden-ami');
      assert.equal(task.AmiDescription, 'the golden image');
      assert.deepEqual(task.TagSpecifications, { team: 'imaging' });
      assert.equal(task.State, 'EXPORTING');
      assert.equal(task.AmiId, undefined);
      assert.equal(task.ErrorDetails, undefined);
      assert.ok(task.CreatedDate instanceof Date);
      assert.equal((await c.send(new GetExportImageTaskCommand({ TaskId: task.TaskId }))).ExportImageTask!.State, 'EXPORTING');
      await advance();
      const done = (await c.send(new GetExportImageTaskCommand({ TaskId: task.TaskId }))).ExportImageTask!;
      assert.equal(done.State, 'COMPLETED');
      assert.match(done.AmiId!, /^ami-[0-9a-f]{17}$/);
      assert.equal((await c.send(new GetExportImageTaskCommand({ TaskId: task.TaskId }))).ExportImageTask!.AmiId, done.AmiId);
    });

    it('only the caller\'s AVAILABLE images; the AMI name is unique among live tasks', async () => {
      await rejectsWith(create('nothing', 'x-ami'), 'ResourceNotFoundException', `The image nothing for account ${ACCOUNT} does not exist.`);
      await rejectsWith(
        create(PUBLIC, 'pub-ami'),
        'OperationNotPermittedException',
        `The image ${PUBLIC} is not owned by account ${ACCOUNT}. You can export only images that you own.`,
      );
      // A shared image is not the caller's: by name it is not found (names resolve own and public images).
      await rejectsWith(create('theirs', 'theirs-ami'), 'ResourceNotFoundException', `The image theirs for account ${ACCOUNT} does not exist.`);
      await rejectsWith(
        create('broken', 'b-ami'),
        'ResourceNotAvailableException',
        'The image broken is FAILED. The image must be in an AVAILABLE state for this action to succeed.',
      );
      await rejectsWith(
        create('silver', 'golden-ami'),
        'OperationNotPermittedException',
        'An AMI named golden-ami already exists or is being exported. The AMI name must be unique within your account and region.',
      );
      await rejectsWith(create('silver', 'role-ami', { IamRoleArn: 'arn:aws:s3:::not-a-role' }), 'InvalidRoleException');
      await rejectsWith(create('silver', 'bad name!'), 'ValidationException', /at 'amiName'/);
    });

    it('an image being exported cannot be deleted (ResourceInUse); once COMPLETED it can', async () => {
      const task = (await create('silver', 'silver-ami')).ExportImageTask!;
      await rejectsWith(
        c.send(new DeleteImageCommand({ Name: 'silver' })),
        'ResourceInUseException',
        `The image silver is being exported by the export image task ${task.TaskId}. Wait until the task completes, then try again.`,
      );
      await advance();
      assert.equal((await c.send(new DeleteImageCommand({ Name: 'silver' }))).Image!.State, 'DELETING');
    });

    it('failure injection: the next export ends FAILED with ErrorDetails', async () => {
      assert.equal((await control(server, '/failures', { Operation: 'CreateExportImageTask', AccountId: ACCOUNT })).status, 200);
      const task = (await create('golden', 'doomed-ami')).ExportImageTask!;
      assert.equal(task.State, 'EXPORTING');
      await advance();
      const failed = (await c.send(new GetExportImageTaskCommand({ TaskId: task.TaskId }))).ExportImageTask!;
      assert.equal(failed.State, 'FAILED');
      assert.equal(failed.AmiId, undefined);
      assert.deepEqual(failed.ErrorDetails, [
        { ErrorCode: 'EXPORT_IMAGE_FAILURE', ErrorMessage: 'The image could not be exported to an AMI because of an internal error.' },
      ]);
      // A FAILED task's AMI name is free again.
      await create('golden', 'doomed-ami');
      await advance();
    });

    it('the quota counts tasks in progress only', async () => {
      for (const n of ['q1', 'q2', 'q3']) await create('golden', `${n}-ami`);
      await rejectsWith(
        create('golden', 'q4-ami'),
        'LimitExceededException',
        `The maximum number of export image tasks in progress (3) for account ${ACCOUNT} in us-east-1 has been reached.`,
      );
      await advance();
      await create('golden', 'q4-ami');
      await advance();
    });

    it('ListExportImageTasks: newest first, paged, filtered by State and ImageName', async () => {
      const all = await listAll();
      assert.equal(all.length, 8);
      const times = all.map((t) => t.CreatedDate!.getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      assert.equal(all[0]!.AmiName, 'q4-ami');
      assert.equal(all.at(-1)!.AmiName, 'golden-ami');
      const pages = await c.send(new ListExportImageTasksCommand({ MaxResults: 4 }));
      assert.equal(pages.ExportImageTasks!.length, 4);
      assert.ok(pages.NextToken);
      const paged = await listAll({ MaxResults: 2 });
      assert.deepEqual(paged.map((t) => t.TaskId), all.map((t) => t.TaskId));
      const failed = await listAll({ Filters: [{ Name: 'State', Values: ['FAILED'] }] });
      assert.deepEqual(failed.map((t) => t.AmiName), ['doomed-ami']);
      const silver = await listAll({ Filters: [{ Name: 'ImageName', Values: ['silver'] }] });
      assert.deepEqual(silver.map((t) => t.AmiName), ['silver-ami']);
      const either = await listAll({ Filters: [{ Name: 'State', Values: ['FAILED', 'COMPLETED'] }, { Name: 'ImageName', Values: ['silver', 'golden'] }] });
      assert.equal(either.length, 8);
      assert.deepEqual(await listAll({ Filters: [{ Name: 'State', Values: ['EXPORTING'] }] }), []);
      await create('golden', 'fresh-ami');
      const exporting = await listAll({ Filters: [{ Name: 'State', Values: ['EXPORTING'] }] });
      assert.deepEqual(exporting.map((t) => t.AmiName), ['fresh-ami']);
      assert.deepEqual(await listAll({ Filters: [{ Name: 'State', Values: ['TIMED_OUT'] }] }), []);
      await rejectsWith(
        c.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'CreationDate', Values: ['2025'] }] })),
        'OperationNotPermittedException',
        'The filter name CreationDate is not supported. Use State or ImageName.',
      );
      await rejectsWith(
        c.send(new ListExportImageTasksCommand({ Filters: [{ Name: 'State', Values: ['DONE'] }] })),
        'OperationNotPermittedException',
        'The State filter value DONE is not a state. Use EXPORTING, COMPLETED, FAILED, TIMED_OUT.',
      );
      // A token is bound to its filters (the operation models no error for it: ValidationException).
      const first = await c.send(new ListExportImageTasksCommand({ MaxResults: 1 }));
      await rejectsWith(
        c.send(new ListExportImageTasksCommand({ MaxResults: 1, NextToken: first.NextToken, Filters: [{ Name: 'ImageName', Values: ['golden'] }] })),
        'ValidationException',
        /at 'nextToken'/,
      );
      await advance();
    });

    it('GetExportImageTask: unknown, missing, and another account\'s tasks are ResourceNotFound', async () => {
      const [task] = await listAll({ MaxResults: 1 });
      await rejectsWith(
        c.send(new GetExportImageTaskCommand({ TaskId: '00000000-0000-4000-8000-000000000000' })),
        'ResourceNotFoundException',
        'The export image task 00000000-0000-4000-8000-000000000000 does not exist.',
      );
      await rejectsWith(c.send(new GetExportImageTaskCommand({})), 'ResourceNotFoundException', 'The export image task does not exist: no TaskId was given.');
      const other = appStreamClient(server.url, protocol, { accountId: '222222222222' });
      await rejectsWith(other.send(new GetExportImageTaskCommand({ TaskId: task!.TaskId })), 'ResourceNotFoundException');
      assert.deepEqual((await other.send(new ListExportImageTasksCommand({}))).ExportImageTasks, []);
    });
  });
}

// Streaming URLs and sessions (SPEC-rest §4), through the JS SDK in both protocols and the
// control API: CreateStreamingURL's checks and AWS's URL form, opening a URL into a session
// (reused for the same user), capacity, disconnect/reconnect, the end of sessions (ExpireSession,
// StopFleet, the disconnect timeout, MaxExpirationTime on the clock), DescribeSessions' filters
// and paging, DrainSessionInstance on multi-session fleets, seeding and reset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateFleetCommand,
  BatchAssociateUserStackCommand,
  CreateDirectoryConfigCommand,
  CreateFleetCommand,
  CreateStreamingURLCommand,
  CreateUserCommand,
  DescribeFleetsCommand,
  DescribeSessionsCommand,
  DisassociateFleetCommand,
  DrainSessionInstanceCommand,
  ExpireSessionCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  type AppStreamClient,
  type CreateFleetCommandInput,
  type Session,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { rejectsWith } from '../support/assertions.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { control } from '../support/control.js';
import { addStack, advanceClock, associate, openStreamingUrl, publicImageOf, WINDOWS } from '../support/fleets.js';
import { reset, seedOk } from '../support/seed.js';
import { startTestServer } from '../support/server.js';

const REGION = 'us-east-1';
const STEP = 60;
const IMAGE = publicImageOf(REGION, WINDOWS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('streaming URLs and sessions (SPEC-rest §4)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ transitionSeconds: STEP });
  });
  after(async () => server?.close());

  PROTOCOLS.forEach((protocol, p) => {
    const account = `71000000000${p}`;
    const c = () => appStreamClient(server.url, protocol, { accountId: account, region: REGION });
    const sessions = async (input: { StackName: string; FleetName: string; [k: string]: unknown }): Promise<Session[]> =>
      (await c().send(new DescribeSessionsCommand(input))).Sessions!;
    const capacity = async (name: string) => (await c().send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0]!.ComputeCapacityStatus!;
    const url = async (FleetName: string, UserId: string, extra: Record<string, unknown> = {}) =>
      (await c().send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName, UserId, ...extra }))).StreamingURL!;
    const open = async (FleetName: string, UserId: string) => {
      const r = await openStreamingUrl(await url(FleetName, UserId));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.Session as Record<string, any>;
    };
    const sessionControl = (action: string, SessionId: string) => control(server, `/sessions/${action}`, { AccountId: account, Region: REGION, SessionId });
    const runningFleet = async (name: string, extra: Partial<CreateFleetCommandInput> = {}, stack = 'stack') => {
      await c().send(new CreateFleetCommand({ Name: name, ImageName: IMAGE, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 2 }, ...extra }));
      await c().send(new StartFleetCommand({ Name: name }));
      await advanceClock(server, STEP);
      await associate(server, account, REGION, stack, name);
    };

    describe(`over ${protocol}`, () => {
      before(async () => {
        for (const stack of ['stack', 'lonely', 'stack-2', 'stack-3', 'stack-4', 'stack-5']) await addStack(server, account, REGION, stack);
        await runningFleet('f');
      });

      it("CreateStreamingURL's checks, in SPEC-rest §4.1's order", async () => {
        const send = (input: Record<string, unknown>) => c().send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'f', UserId: 'alice', ...input }));
        await rejectsWith(send({ StackName: 'nope' }), 'ResourceNotFoundException', 'The stack nope does not exist.');
        await rejectsWith(send({ FleetName: 'nope' }), 'ResourceNotFoundException', 'The fleet nope does not exist.');
        await rejectsWith(send({ StackName: 'lonely' }), 'InvalidParameterCombinationException', 'The fleet f is not associated with the stack lonely.');
        await rejectsWith(send({ Validity: 0 }), 'InvalidParameterCombinationException', 'The value 0 of Validity is not valid. It must be between 1 and 604800.');
        await rejectsWith(send({ Validity: 604801 }), 'InvalidParameterCombinationException', 'The value 604801 of Validity is not valid. It must be between 1 and 604800.');
        // A long past 2^53 (the SDK's CBOR carries it as a 64-bit integer or a double): the same range error.
        await rejectsWith(send({ Validity: 2 ** 60 }), 'InvalidParameterCombinationException', 'The value 1152921504606846976 of Validity is not valid. It must be between 1 and 604800.');
        await c().send(new CreateFleetCommand({ Name: 'idle', ImageName: IMAGE, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 1 } }));
        await associate(server, account, REGION, 'stack-2', 'idle');
        await rejectsWith(
          send({ StackName: 'stack-2', FleetName: 'idle' }),
          'ResourceNotAvailableException',
          'The fleet idle is STOPPED. The fleet must be in a RUNNING state for this action to succeed.',
        );
        await c().send(new CreateDirectoryConfigCommand({ DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedNames: ['OU=a,DC=corp'] }));
        await rejectsWith(
          c().send(new CreateFleetCommand({ Name: 'joined', ImageName: IMAGE, InstanceType: 'stream.standard.medium', ComputeCapacity: { DesiredInstances: 1 }, DomainJoinInfo: { DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedName: 'OU=b,DC=corp' } })),
          'InvalidParameterCombinationException',
          'The organizational unit OU=b,DC=corp is not in the directory config corp.example.com.',
        );
        await runningFleet('joined', { DomainJoinInfo: { DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedName: 'OU=a,DC=corp' } }, 'stack-3');
        await rejectsWith(
          send({ StackName: 'stack-3', FleetName: 'joined' }),
          'OperationNotPermittedException',
          'The fleet joined is joined to a Microsoft Active Directory domain. Streaming URLs are only available for fleets without a directory config; domain users sign in through SAML 2.0.',
        );
      });

      it("the URL has AWS's form under the server's base URL, and Expires is now + Validity (60 s by default)", async () => {
        const before = await server.service.clock.now();
        const out = await c().send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'f', UserId: 'bob@example.com', ApplicationId: 'Desktop', SessionContext: 'ctx=1' }));
        const u = new URL(out.StreamingURL!);
        assert.equal(`${u.origin}${u.pathname}`, `${server.url}/_appstream/authenticate`);
        assert.deepEqual([...u.searchParams.keys()], ['parameters', 'signature']);
        assert.match(out.StreamingURL!, /\?parameters=[A-Za-z0-9%]+&signature=[A-Za-z0-9%]+$/);
        assert.equal(Buffer.from(u.searchParams.get('signature')!, 'base64').length, 32);
        const payload = JSON.parse(Buffer.from(u.searchParams.get('parameters')!, 'base64').toString('utf8'));
        const expires = out.Expires!.getTime() / 1000;
        assert.deepEqual(Object.entries(payload), [
          ['type', 'END_USER'],
          ['expires', String(expires)],
          ['awsAccountId', account],
          ['userId', 'bob@example.com'],
          ['catalogSource', 'stack/stack'],
          ['fleetRef', 'fleet/f'],
          ['applicationId', 'Desktop'],
          ['userContext', 'ctx=1'],
          ['maxUserDurationInSecs', '57600'],
        ]);
        assert.ok(out.Expires!.getTime() - before >= 60_000 && out.Expires!.getTime() - before < 62_000);
        const week = await c().send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'f', UserId: 'bob', Validity: 604800 }));
        assert.ok(week.Expires!.getTime() - before >= 604800_000);
      });

      it('opening the URL creates the session (PENDING, then ACTIVE and CONNECTED); the same user gets it again', async () => {
        const s = await open('f', 'alice');
        assert.match(s['Id'], UUID);
        assert.deepEqual([s['UserId'], s['StackName'], s['FleetName'], s['State'], s['ConnectionState'], s['AuthenticationType']], ['alice', 'stack', 'f', 'PENDING', 'NOT_CONNECTED', 'API']);
        assert.match(s['InstanceId'], /^i-[0-9a-f]{17}$/);
        await advanceClock(server, STEP);
        const [listed] = await sessions({ StackName: 'stack', FleetName: 'f' });
        assert.equal(listed!.Id, s['Id']);
        assert.equal(listed!.State, 'ACTIVE');
        assert.equal(listed!.ConnectionState, 'CONNECTED');
        assert.equal(listed!.MaxExpirationTime!.getTime() - listed!.StartTime!.getTime(), 57600_000);
        assert.equal(listed!.NetworkAccessConfiguration, undefined);
        assert.equal(listed!.InstanceDrainStatus, undefined);
        assert.deepEqual(await capacity('f'), { Desired: 2, Running: 2, InUse: 1, Available: 1 });
        assert.equal((await open('f', 'alice'))['Id'], s['Id'], 'reused');
        // A second user takes the last instance; a third finds none.
        await open('f', 'carol');
        assert.deepEqual(await capacity('f'), { Desired: 2, Running: 2, InUse: 2, Available: 0 });
        const full = await openStreamingUrl(await url('f', 'dave'));
        assert.equal(full.status, 409);
        assert.deepEqual([full.body.__type, full.body.message], ['InsufficientCapacityException', 'The fleet f has no streaming capacity available for another session.']);
        // Forged and expired URLs do not open.
        const good = await url('f', 'alice');
        const forged = await openStreamingUrl(good.replace(/signature=[^&]+/, `signature=${encodeURIComponent(Buffer.alloc(32, 1).toString('base64'))}`));
        assert.deepEqual([forged.status, forged.body.__type, forged.body.message], [403, 'AccessDeniedException', 'The streaming URL is not valid.']);
        const tampered = await openStreamingUrl(good.replace(/parameters=[^&]+/, `parameters=${encodeURIComponent(Buffer.from('{"type":"END_USER"}').toString('base64'))}`));
        assert.equal(tampered.status, 403);
        // A URL opens until the Expires it was answered with, to the millisecond: now + Validity
        // rounded up to the payload's whole seconds (the clock set at a whole second and a half).
        const setClock = async (ms: number) => assert.equal((await control(server, '/clock', { time: new Date(ms).toISOString() })).status, 200);
        const madeAt = Math.ceil((await server.service.clock.now()) / 1000) * 1000 + 1500;
        await setClock(madeAt);
        const last = await c().send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'f', UserId: 'alice', Validity: 60 }));
        assert.equal(last.Expires!.getTime() % 1000, 0, last.Expires!.toISOString());
        assert.ok(last.Expires!.getTime() - madeAt >= 60_000 && last.Expires!.getTime() - madeAt < 61_500, last.Expires!.toISOString());
        await setClock(last.Expires!.getTime() - 100);
        assert.equal((await openStreamingUrl(last.StreamingURL!)).status, 200);
        await setClock(last.Expires!.getTime());
        assert.equal((await openStreamingUrl(last.StreamingURL!)).body.__type, 'ExpiredStreamingURLException');
        await advanceClock(server, 61);
        const expired = await openStreamingUrl(good);
        assert.deepEqual([expired.status, expired.body.__type, expired.body.message], [403, 'ExpiredStreamingURLException', 'The streaming URL has expired.']);
      });

      it('disconnect and reconnect; a session disconnected longer than DisconnectTimeoutInSeconds ends', async () => {
        const [alice] = (await sessions({ StackName: 'stack', FleetName: 'f' })).filter((s) => s.UserId === 'alice');
        const off = await sessionControl('disconnect', alice!.Id!);
        assert.equal(off.status, 200, JSON.stringify(off.body));
        assert.equal(off.body.Session.ConnectionState, 'NOT_CONNECTED');
        assert.equal(off.body.Session.State, 'ACTIVE');
        const on = await sessionControl('reconnect', alice!.Id!);
        assert.equal(on.body.Session.ConnectionState, 'CONNECTED');
        await sessionControl('disconnect', alice!.Id!);
        await advanceClock(server, 899);
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' })).find((s) => s.Id === alice!.Id)!.State, 'ACTIVE');
        await advanceClock(server, 1);
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' })).find((s) => s.Id === alice!.Id)!.State, 'EXPIRED');
        await advanceClock(server, STEP);
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' })).find((s) => s.Id === alice!.Id), undefined, 'listed one step after it ended');
        assert.equal((await sessionControl('reconnect', alice!.Id!)).status, 404);
      });

      it('ExpireSession ends a session at once (unknown ids answer {}); sessions end at MaxExpirationTime', async () => {
        const [carol] = (await sessions({ StackName: 'stack', FleetName: 'f' })).filter((s) => s.UserId === 'carol');
        await c().send(new ExpireSessionCommand({ SessionId: carol!.Id! }));
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' })).find((s) => s.Id === carol!.Id)!.State, 'EXPIRED');
        await c().send(new ExpireSessionCommand({ SessionId: carol!.Id! }));
        await c().send(new ExpireSessionCommand({ SessionId: 'no-such-session' }));
        await advanceClock(server, STEP);
        assert.deepEqual(await sessions({ StackName: 'stack', FleetName: 'f' }), []);
        const erin = await open('f', 'erin');
        await advanceClock(server, 57600 - 1);
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' }))[0]!.State, 'ACTIVE');
        await advanceClock(server, 1);
        const [ended] = await sessions({ StackName: 'stack', FleetName: 'f' });
        assert.deepEqual([ended!.Id, ended!.State, ended!.ConnectionState], [erin['Id'], 'EXPIRED', 'NOT_CONNECTED']);
        assert.equal((await sessionControl('expire', erin['Id'])).status, 200);
      });

      it('DescribeSessions: AuthenticationType API by default, UserId needs it, InstanceId filter, Limit paging (20 by default, 50 at most)', async () => {
        await advanceClock(server, STEP);
        const alice = await open('f', 'alice');
        // A user pool user signs in: it exists and is assigned to the stack (SPEC-rest §5).
        await c().send(new CreateUserCommand({ UserName: 'pool-user', AuthenticationType: 'USERPOOL', MessageAction: 'SUPPRESS' }));
        await c().send(new BatchAssociateUserStackCommand({ UserStackAssociations: [{ StackName: 'stack', UserName: 'pool-user', AuthenticationType: 'USERPOOL' }] }));
        const pool = await control(server, '/sessions', { AccountId: account, Region: REGION, StackName: 'stack', FleetName: 'f', UserId: 'pool-user', AuthenticationType: 'USERPOOL' });
        assert.equal(pool.status, 200, JSON.stringify(pool.body));
        assert.deepEqual((await sessions({ StackName: 'stack', FleetName: 'f' })).map((s) => s.UserId), ['alice']);
        assert.deepEqual((await sessions({ StackName: 'stack', FleetName: 'f', AuthenticationType: 'USERPOOL' })).map((s) => s.UserId), ['pool-user']);
        await rejectsWith(c().send(new DescribeSessionsCommand({ StackName: 'stack', FleetName: 'f', UserId: 'alice' })), 'InvalidParameterCombinationException', 'The UserId filter requires AuthenticationType.');
        assert.deepEqual((await sessions({ StackName: 'stack', FleetName: 'f', UserId: 'alice', AuthenticationType: 'API' })).map((s) => s.Id), [alice['Id']]);
        assert.deepEqual((await sessions({ StackName: 'stack', FleetName: 'f', UserId: 'pool-user', AuthenticationType: 'API' })), []);
        assert.deepEqual((await sessions({ StackName: 'stack', FleetName: 'f', InstanceId: alice['InstanceId'] })).map((s) => s.Id), [alice['Id']]);
        assert.deepEqual(await sessions({ StackName: 'nope', FleetName: 'f' }), []);
        assert.deepEqual(await sessions({ StackName: 'stack', FleetName: 'nope' }), []);
        // 55 seeded sessions of one fleet: Limit absent or 0 is 20, above 50 is 50, NextToken absent at the end.
        await seedOk(server.url, {
          fleets: [{ AccountId: account, Region: REGION, Name: 'big', ImageName: IMAGE, State: 'RUNNING', ComputeCapacity: { DesiredInstances: 60 } }],
          fleetStackAssociations: [{ AccountId: account, Region: REGION, StackName: 'stack-4', FleetName: 'big' }],
          sessions: Array.from({ length: 55 }, (_, i) => ({ AccountId: account, Region: REGION, StackName: 'stack-4', FleetName: 'big', UserId: `user-${i}` })),
        });
        const page = (input: Record<string, unknown>) => c().send(new DescribeSessionsCommand({ StackName: 'stack-4', FleetName: 'big', ...input }));
        assert.equal((await page({})).Sessions!.length, 20);
        assert.equal((await page({ Limit: 0 })).Sessions!.length, 20);
        const wide = await page({ Limit: 100 });
        assert.equal(wide.Sessions!.length, 50);
        const rest = await page({ Limit: 100, NextToken: wide.NextToken });
        assert.equal(rest.Sessions!.length, 5);
        assert.equal(rest.NextToken, undefined);
        const ids = [...wide.Sessions!, ...rest.Sessions!].map((s) => s.Id!);
        assert.equal(new Set(ids).size, 55);
        assert.deepEqual(await capacity('big'), { Desired: 60, Running: 60, InUse: 55, Available: 5 });
      });

      it('StopFleet ends its sessions: STOPPING shows them ending, STOPPED none', async () => {
        const late = await url('f', 'late-user', { Validity: 3600 });
        // Live sessions keep the fleet in its stack (SPEC-rest §3).
        await rejectsWith(
          c().send(new DisassociateFleetCommand({ StackName: 'stack', FleetName: 'f' })),
          'ResourceInUseException',
          'The fleet f has 2 active sessions on the stack stack. Expire them or wait until they end, then try again.',
        );
        await c().send(new StopFleetCommand({ Name: 'f' }));
        const ending = await sessions({ StackName: 'stack', FleetName: 'f' });
        assert.deepEqual(ending.map((s) => s.State), ['EXPIRED']);
        // Both sessions (the API one and the USERPOOL one) are ending.
        assert.deepEqual(await capacity('f'), { Desired: 2, Running: 2, InUse: 2, Available: 0 });
        await advanceClock(server, STEP);
        assert.deepEqual(await sessions({ StackName: 'stack', FleetName: 'f' }), []);
        assert.deepEqual(await sessions({ StackName: 'stack', FleetName: 'f', AuthenticationType: 'USERPOOL' }), []);
        assert.deepEqual(await capacity('f'), { Desired: 2, Running: 0, InUse: 0, Available: 0 });
        await c().send(new DisassociateFleetCommand({ StackName: 'stack', FleetName: 'f' }));
        await c().send(new AssociateFleetCommand({ StackName: 'stack', FleetName: 'f' }));
        // A URL handed out while it ran opens nothing on a stopped fleet.
        const closed = await openStreamingUrl(late);
        assert.deepEqual([closed.status, closed.body.__type, closed.body.message], [400, 'ResourceNotAvailableException', 'The fleet f is STOPPED. The fleet must be in a RUNNING state for this action to succeed.']);
      });

      it('DrainSessionInstance: the instance drains, new sessions avoid it; only multi-session fleets', async () => {
        await runningFleet('multi', { MaxSessionsPerInstance: 2, ComputeCapacity: { DesiredSessions: 4 }, VpcConfig: { SubnetIds: ['subnet-1'] } }, 'stack-5');
        const murl = async (user: string) => (await c().send(new CreateStreamingURLCommand({ StackName: 'stack-5', FleetName: 'multi', UserId: user }))).StreamingURL!;
        const opened: Record<string, any>[] = [];
        for (const user of ['ua', 'ub', 'uc']) opened.push((await openStreamingUrl(await murl(user))).body.Session);
        assert.equal(opened[0]!.InstanceId, opened[1]!.InstanceId, 'filled instance by instance');
        assert.notEqual(opened[2]!.InstanceId, opened[0]!.InstanceId);
        assert.deepEqual(opened[0]!.NetworkAccessConfiguration && Object.keys(opened[0]!.NetworkAccessConfiguration), ['EniPrivateIpAddress', 'EniId']);
        assert.equal(opened[0]!.InstanceDrainStatus, 'ACTIVE');
        await c().send(new DrainSessionInstanceCommand({ SessionId: opened[0]!.Id }));
        const listed = await sessions({ StackName: 'stack-5', FleetName: 'multi' });
        const drain = Object.fromEntries(listed.map((s) => [s.UserId, s.InstanceDrainStatus]));
        assert.deepEqual(drain, { ua: 'DRAINING', ub: 'DRAINING', uc: 'ACTIVE' });
        const status = await capacity('multi');
        assert.deepEqual(
          [status.Running, status.InUse, status.ActiveUserSessions, status.ActualUserSessions, status.Draining, status.DrainModeActiveUserSessions, status.DrainModeUnusedUserSessions, status.AvailableUserSessions],
          [2, 2, 3, 4, 1, 2, 0, 1],
        );
        const dSession = (await openStreamingUrl(await murl('ud'))).body.Session;
        assert.equal(dSession.InstanceId, opened[2]!.InstanceId, 'the draining instance is avoided');
        assert.equal((await openStreamingUrl(await murl('ue'))).status, 409);
        await rejectsWith(c().send(new DrainSessionInstanceCommand({ SessionId: 'nope' })), 'ResourceNotFoundException', 'The session nope does not exist.');
        const single = await open('f', 'single').catch(() => undefined);
        assert.equal(single, undefined, 'f is stopped');
        await c().send(new StartFleetCommand({ Name: 'f' }));
        await advanceClock(server, STEP);
        const s = await open('f', 'single');
        await rejectsWith(
          c().send(new DrainSessionInstanceCommand({ SessionId: s['Id'] })),
          'OperationNotPermittedException',
          'The fleet f is not a multi-session fleet. Only instances of multi-session fleets can be drained.',
        );
      });

      it('DescribeFleets answers from kept views only while they hold: a new session and a change of capacity in progress show at once', async () => {
        const list = async () => (await c().send(new DescribeFleetsCommand({}))).Fleets!.find((f) => f.Name === 'kept')!.ComputeCapacityStatus!;
        await addStack(server, account, REGION, 'stack-kept');
        await runningFleet('kept', {}, 'stack-kept');
        // Read often enough to be kept (resources/view-memo.ts keeps a view from its second read on).
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await capacity('kept'), { Desired: 2, Running: 2, InUse: 0, Available: 2 });
          assert.deepEqual(await list(), { Desired: 2, Running: 2, InUse: 0, Available: 2 });
        }
        // 2 -> 4 instances over one step: the count moves with the clock while the row stays the same.
        await c().send(new UpdateFleetCommand({ Name: 'kept', ComputeCapacity: { DesiredInstances: 4 } }));
        const running = async () => [(await capacity('kept')).Running, (await list()).Running];
        assert.deepEqual(await running(), [2, 2]);
        assert.deepEqual(await running(), [2, 2]);
        await advanceClock(server, STEP / 2);
        assert.deepEqual(await running(), [3, 3]);
        await advanceClock(server, STEP / 2);
        for (let i = 0; i < 3; i++) assert.deepEqual(await running(), [4, 4]);
        // A session is another table's row: counted in at once.
        const r = await openStreamingUrl((await c().send(new CreateStreamingURLCommand({ StackName: 'stack-kept', FleetName: 'kept', UserId: 'carol' }))).StreamingURL!);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(await capacity('kept'), { Desired: 4, Running: 4, InUse: 1, Available: 3 });
        assert.deepEqual(await list(), { Desired: 4, Running: 4, InUse: 1, Available: 3 });
      });

      it("another account sees none of these sessions and cannot end them", async () => {
        const other = appStreamClient(server.url, protocol, { accountId: `72000000000${p}`, region: REGION });
        const [mine] = await sessions({ StackName: 'stack', FleetName: 'f' });
        assert.ok(mine);
        assert.deepEqual((await other.send(new DescribeSessionsCommand({ StackName: 'stack', FleetName: 'f' }))).Sessions, []);
        await other.send(new ExpireSessionCommand({ SessionId: mine.Id! }));
        await rejectsWith(other.send(new DrainSessionInstanceCommand({ SessionId: mine.Id! })), 'ResourceNotFoundException');
        assert.equal((await sessions({ StackName: 'stack', FleetName: 'f' }))[0]!.State, mine.State);
        assert.notEqual(mine.State, 'EXPIRED');
        await rejectsWith(other.send(new CreateStreamingURLCommand({ StackName: 'stack', FleetName: 'f', UserId: 'xx' })), 'ResourceNotFoundException', 'The stack stack does not exist.');
      });
    });
  });

  it('Elastic fleets: every session is an instance, up to MaxConcurrentSessions', async () => {
    const account = '730000000000';
    const c = appStreamClient(server.url, 'awsJson1_1', { accountId: account, region: REGION });
    await addStack(server, account, REGION, 'apps');
    await seedOk(server.url, {
      fleets: [{ AccountId: account, Region: REGION, Name: 'elastic', FleetType: 'ELASTIC', Platform: 'AMAZON_LINUX2', MaxConcurrentSessions: 2, VpcConfig: { SubnetIds: ['a', 'b'] }, State: 'RUNNING' }],
      fleetStackAssociations: [{ AccountId: account, Region: REGION, StackName: 'apps', FleetName: 'elastic' }],
    });
    for (const [i, user] of ['u1', 'u2', 'u3'].entries()) {
      const out = await c.send(new CreateStreamingURLCommand({ StackName: 'apps', FleetName: 'elastic', UserId: user, ApplicationId: 'firefox' }));
      assert.equal((await openStreamingUrl(out.StreamingURL!)).status, i < 2 ? 200 : 409);
    }
    assert.deepEqual((await c.send(new DescribeFleetsCommand({ Names: ['elastic'] }))).Fleets![0]!.ComputeCapacityStatus, { Desired: 0, Running: 2, InUse: 2, Available: 0 });
  });

  it('seeded sessions (states, disconnected), the control routes refuse bad input, reset removes them', async () => {
    const account = '740000000000';
    const c = appStreamClient(server.url, 'rpcv2Cbor', { accountId: account, region: REGION });
    const counts = await seedOk(server.url, {
      fleets: [{ AccountId: account, Region: REGION, Name: 'sf', ImageName: IMAGE, State: 'RUNNING', ComputeCapacity: { DesiredInstances: 5 } }],
      sessions: [
        { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'active-user', Id: '0b0c9f9e-6f0a-4c59-9d1b-2a4f0e3c1d22' },
        { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'away-user', ConnectionState: 'NOT_CONNECTED' },
        { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'new-user', State: 'PENDING' },
        { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'saml-user', AuthenticationType: 'SAML' },
      ],
    });
    assert.equal(counts.sessions, 4);
    const listed = (await c.send(new DescribeSessionsCommand({ StackName: 'st', FleetName: 'sf' }))).Sessions!;
    const byUser = Object.fromEntries(listed.map((s) => [s.UserId, [s.State, s.ConnectionState]]));
    assert.deepEqual(byUser, { 'active-user': ['ACTIVE', 'CONNECTED'], 'away-user': ['ACTIVE', 'NOT_CONNECTED'], 'new-user': ['PENDING', 'NOT_CONNECTED'] });
    assert.ok(listed.some((s) => s.Id === '0b0c9f9e-6f0a-4c59-9d1b-2a4f0e3c1d22'));
    await advanceClock(server, 900);
    const later = Object.fromEntries((await c.send(new DescribeSessionsCommand({ StackName: 'st', FleetName: 'sf' }))).Sessions!.map((s) => [s.UserId, s.State]));
    assert.deepEqual(later, { 'active-user': 'ACTIVE', 'away-user': 'EXPIRED', 'new-user': 'ACTIVE' });
    for (const [path, body, status] of [
      ['/sessions', { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf' }, 400],
      ['/sessions', { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'x', AuthenticationType: 'NOPE' }, 400],
      ['/sessions', { AccountId: account, Region: REGION, StackName: 'st', FleetName: 'sf', UserId: 'x' }, 404],
      ['/sessions/disconnect', { AccountId: account, Region: REGION, SessionId: 'nope' }, 404],
      ['/sessions/disconnect', { AccountId: '12', Region: REGION, SessionId: 'nope' }, 400],
      ['/sessions/expire', { AccountId: account, Region: REGION, SessionId: 'nope', Extra: 1 }, 400],
    ] as const) {
      assert.equal((await control(server, path, body)).status, status, `${path} ${JSON.stringify(body)}`);
    }
    const r = await reset(server.url, account);
    assert.equal(r.body.deleted.sessions, 4);
    assert.deepEqual((await c.send(new DescribeSessionsCommand({ StackName: 'st', FleetName: 'sf', AuthenticationType: 'SAML' }))).Sessions, []);
  });
});

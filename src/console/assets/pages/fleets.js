// Fleets: the list (state, type, capacity), a fleet's details (members, capacity, its stacks,
// their sessions, tags, state history), and the actions start, stop, associate with a stack,
// stream as a user, expire a session and delete, each confirmed. States update live while a
// fleet starts or stops.
import { ApiError, api, badge, detailsList, field, fmtTime, h, isTransitional, platformLabel, table } from '../common.js';
import {
  act,
  call,
  describeOne,
  errorBox,
  groupTabs,
  href,
  memberValue,
  pageHeader,
  pager,
  listPage,
  part,
  registerPage,
  schedulePoll,
  section,
  setView,
  state,
  tagsPart,
  timeline,
  viewGeneration,
} from '../shell.js';

const FLEET_MEMBERS = [
  'Name', 'Arn', 'DisplayName', 'Description', 'State', 'FleetType', 'InstanceType', 'ImageName', 'ImageArn', 'Platform',
  'MaxUserDurationInSeconds', 'DisconnectTimeoutInSeconds', 'IdleDisconnectTimeoutInSeconds', 'StreamView',
  'EnableDefaultInternetAccess', 'VpcConfig', 'DomainJoinInfo', 'IamRoleArn', 'MaxSessionsPerInstance', 'MaxConcurrentSessions',
  'UsbDeviceFilterStrings', 'SessionScriptS3Location', 'RootVolumeConfig', 'DisableIMDSV1', 'FleetErrors', 'CreatedTime',
];
const AUTHENTICATION_TYPES = ['API', 'SAML', 'USERPOOL'];

/** "2/3 running · 1 in use · 1 available" (Elastic fleets count sessions). */
function capacityText(fleet) {
  const c = fleet.ComputeCapacityStatus ?? {};
  const use = `${c.InUse ?? 0} in use · ${c.Available ?? 0} available`;
  return fleet.FleetType === 'ELASTIC' ? use : `${c.Running ?? 0}/${c.Desired ?? 0} running · ${use}`;
}

function fleetActions(fleet, reload, after) {
  const label = (verb) => `${verb} ${fleet.Name}`;
  return [
    fleet.State === 'STOPPED' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': label('Start'), onclick: () => fleetAction(fleet, 'StartFleet', 'Start', reload) }, 'Start') : null,
    fleet.State === 'RUNNING' || fleet.State === 'STARTING' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': label('Stop'), onclick: () => fleetAction(fleet, 'StopFleet', 'Stop', reload) }, 'Stop') : null,
    h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Associate ${fleet.Name} with a stack`, onclick: () => associate(fleet.Name, reload) }, 'Associate stack'),
    fleet.State === 'STOPPED' ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': label('Delete'), onclick: () => fleetAction(fleet, 'DeleteFleet', 'Delete', after ?? reload) }, 'Delete') : null,
  ];
}

async function fleetsView(generation) {
  const reload = () => fleetsView(generation);
  const { paging, out, unavailable } = await listPage('fleets', 'DescribeFleets');
  if (generation !== viewGeneration) return;
  const fleets = out.Fleets ?? [];
  setView(
    pageHeader('Fleets', `Fleets of account ${state.account} in ${state.region}. A new fleet is STOPPED; start it to stream. A fleet in a stack, or not STOPPED, cannot be deleted.`, [
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
    ]),
    groupTabs('fleets'),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({
        caption: 'Fleets',
        columns: [
          { label: 'Name', tdClass: 'nowrap', render: (f) => h('a', { href: href('fleet', { name: f.Name }) }, f.Name) },
          { label: 'State', render: (f) => badge(f.State) },
          { label: 'Type', render: (f) => f.FleetType ?? '-' },
          { label: 'Instance type', render: (f) => f.InstanceType ?? '-' },
          { label: 'Platform', render: (f) => platformLabel(f.Platform) },
          { label: 'Capacity', render: capacityText },
          { label: 'Actions', render: (f) => h('div', { class: 'row-actions' }, fleetActions(f, reload)) },
        ],
        rows: fleets,
        rowLabel: (f) => f.Name,
        empty: 'No fleets in this account and region.',
      }),
      h(
        'div',
        { class: 'table-footer' },
        h('span', { class: 'count' }, `${fleets.length} fleet${fleets.length === 1 ? '' : 's'} on this page`),
        pager(paging, out.NextToken, reload),
      ),
    ),
  );
  if (fleets.some((f) => isTransitional(f.State))) schedulePoll(generation, reload);
}

/** The fleet's stacks and, for each, its sessions of every authentication type. */
async function stacksAndSessions(fleetName) {
  const stacks = (await call('ListAssociatedStacks', { FleetName: fleetName })).Names ?? [];
  const sessions = [];
  for (const stack of stacks) {
    for (const type of AUTHENTICATION_TYPES) {
      let token;
      do {
        const page = await call('DescribeSessions', { StackName: stack, FleetName: fleetName, AuthenticationType: type, Limit: 50, ...(token ? { NextToken: token } : {}) });
        sessions.push(...(page.Sessions ?? []));
        token = page.NextToken;
      } while (token);
    }
  }
  return { stacks, sessions };
}

async function fleetDetailView(name, generation) {
  const reload = () => fleetDetailView(name, generation);
  const fleet = await describeOne('DescribeFleets', { Names: [name] }, 'Fleets');
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href('fleets') }, 'Fleets');
  if (!fleet) {
    setView(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', name), pageHeader('Fleet not found', `No fleet ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [linked, tags, history] = await Promise.all([
    part(() => stacksAndSessions(fleet.Name)),
    part(() => tagsPart(fleet)),
    part(async () => timeline(await api('/_appstream/console/api/history', { AccountId: state.account, Region: state.region, Kind: 'fleet', Name: fleet.Name }))),
  ]);
  if (generation !== viewGeneration) return;
  const stacksPart =
    linked instanceof Node
      ? linked
      : table({
          caption: 'Stacks',
          columns: [
            { label: 'Stack', render: (s) => h('a', { href: href('stack', { name: s }) }, s) },
            {
              label: 'Actions',
              render: (s) =>
                h(
                  'div',
                  { class: 'row-actions' },
                  fleet.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `Stream from ${s}`, onclick: () => streamAs(fleet.Name, s, reload) }, 'Stream as a user') : null,
                  h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Disassociate from ${s}`, onclick: () => disassociate(fleet.Name, s, reload) }, 'Disassociate'),
                ),
            },
          ],
          rows: linked.stacks,
          rowLabel: (s) => s,
          empty: 'In no stack: associate it with one to stream.',
        });
  const sessionsPart =
    linked instanceof Node
      ? linked
      : table({
          caption: 'Sessions',
          columns: [
            { label: 'User', render: (s) => s.UserId },
            { label: 'Stack', render: (s) => s.StackName },
            { label: 'State', render: (s) => badge(s.State) },
            { label: 'Connection', render: (s) => s.ConnectionState ?? '-' },
            { label: 'Type', render: (s) => s.AuthenticationType ?? '-' },
            { label: 'Instance', render: (s) => h('code', {}, s.InstanceId ?? '-') },
            { label: 'Started', tdClass: 'nowrap', render: (s) => fmtTime(s.StartTime) },
            { label: 'Ends by', tdClass: 'nowrap', render: (s) => fmtTime(s.MaxExpirationTime) },
            {
              label: 'Actions',
              render: (s) =>
                s.State === 'EXPIRED' ? '-' : h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Expire the session of ${s.UserId}`, onclick: () => expire(s, reload) }, 'Expire'),
            },
          ],
          rows: linked.sessions,
          rowLabel: (s) => s.Id,
          empty: fleet.State === 'RUNNING' ? 'No sessions: stream as a user from one of its stacks.' : 'No sessions (the fleet is not running).',
        });
  const capacity = fleet.ComputeCapacityStatus ?? {};
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', fleet.Name),
    pageHeader(h('span', {}, fleet.Name, ' ', badge(fleet.State)), fleet.DisplayName ?? fleet.Description, fleetActions(fleet, reload, () => (location.hash = href('fleets')))),
    fleet.FleetErrors?.length ? h('div', { class: 'flash flash-error', role: 'alert' }, fleet.FleetErrors.map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`).join(' ')) : null,
    section('Capacity', detailsList(Object.entries(capacity).map(([key, value]) => [key, String(value)]))),
    section('Details', detailsList(FLEET_MEMBERS.filter((key) => key !== 'FleetErrors').map((key) => [key, memberValue(key, fleet[key])]))),
    section('Stacks', stacksPart),
    section('Sessions', sessionsPart),
    section('Tags', tags),
    section('State history', history),
  );
  const sessionMoving = !(linked instanceof Node) && linked.sessions.some((s) => isTransitional(s.State));
  if (isTransitional(fleet.State) || sessionMoving) schedulePoll(generation, reload);
}

async function fleetAction(fleet, operation, verb, done) {
  const ok = await act(
    { title: `${verb} ${fleet.Name}`, message: `${verb} fleet ${fleet.Name}?${verb === 'Stop' ? ' Its sessions end.' : ''}`, confirmLabel: verb, danger: verb !== 'Start' },
    () => call(operation, { Name: fleet.Name }),
    `${verb}: fleet ${fleet.Name}.`,
  );
  if (ok) done();
}

async function associate(fleetName, reload) {
  const ok = await act(
    {
      title: `Associate ${fleetName} with a stack`,
      message: 'A stack has at most one fleet; a fleet may serve many stacks.',
      fields: [field('Stack name', h('input', { name: 'stack', required: true, autocomplete: 'off' }))],
      confirmLabel: 'Associate',
    },
    (v) => call('AssociateFleet', { StackName: v.stack, FleetName: fleetName }),
    (_out, v) => `Associated fleet ${fleetName} with stack ${v.stack}.`,
  );
  if (ok) reload();
}

async function disassociate(fleetName, stackName, reload) {
  const ok = await act(
    { title: `Disassociate ${fleetName}`, message: `Disassociate fleet ${fleetName} from stack ${stackName}?`, confirmLabel: 'Disassociate' },
    () => call('DisassociateFleet', { StackName: stackName, FleetName: fleetName }),
    `Disassociated fleet ${fleetName} from stack ${stackName}.`,
  );
  if (ok) reload();
}

/** CreateStreamingURL for a user, then opens it as the user's browser would: a session starts. */
async function streamAs(fleetName, stackName, reload) {
  const ok = await act(
    {
      title: `Stream ${fleetName} from ${stackName}`,
      message: 'Creates a streaming URL for the user and opens it as the user\u2019s browser would: that starts the user\u2019s session, or gives the live one back.',
      fields: [field('User ID', h('input', { name: 'user', required: true, minlength: 2, maxlength: 32, autocomplete: 'off' }))],
      confirmLabel: 'Stream',
    },
    async (v) => {
      const out = await call('CreateStreamingURL', { StackName: stackName, FleetName: fleetName, UserId: v.user, Validity: 600 });
      const opened = await fetch(out.StreamingURL);
      const body = await opened.json();
      if (!opened.ok) throw new ApiError(body.message ?? `HTTP ${opened.status}`, body.__type, opened.status);
      return body.Session;
    },
    (session) => `Session ${session.Id} of ${session.UserId} is ${session.State}.`,
  );
  if (ok) reload();
}

async function expire(session, reload) {
  const ok = await act(
    { title: `Expire the session of ${session.UserId}`, message: `End session ${session.Id} now?`, confirmLabel: 'Expire', danger: true },
    () => call('ExpireSession', { SessionId: session.Id }),
    `Session ${session.Id} ends.`,
  );
  if (ok) reload();
}

registerPage({
  id: 'fleets',
  group: 'Fleets and stacks',
  label: 'Fleets',
  home: 'fleets',
  routes: [
    { match: (path) => path === 'fleets', view: (_path, _params, generation) => fleetsView(generation) },
    { match: (path) => path === 'fleet', view: (_path, params, generation) => fleetDetailView(params.get('name') ?? '', generation) },
  ],
  listOf: (path) => (path === 'fleet' ? 'fleets' : path),
});

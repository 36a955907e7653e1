// Elastic fleets' resources: applications (with their fleet associations), app blocks (with
// their state and builders), app block builders (start, stop, connect, finish the app block,
// delete). Every action is confirmed and reported.
import { api, badge, detailsList, fmtTime, h, isTransitional, notify, table } from '../common.js';
import {
  act,
  call,
  describeOne,
  errorBox,
  go,
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

const APPLICATION_MEMBERS = [
  'Name', 'Arn', 'DisplayName', 'Description', 'AppBlockArn', 'LaunchPath', 'LaunchParameters', 'WorkingDirectory',
  'Platforms', 'InstanceFamilies', 'IconS3Location', 'IconURL', 'Enabled', 'CreatedTime',
];
const APP_BLOCK_MEMBERS = [
  'Name', 'Arn', 'DisplayName', 'Description', 'PackagingType', 'State', 'SourceS3Location', 'SetupScriptDetails',
  'PostSetupScriptDetails', 'AppBlockErrors', 'CreatedTime',
];
const BUILDER_MEMBERS = [
  'Name', 'Arn', 'DisplayName', 'Description', 'Platform', 'InstanceType', 'State', 'StateChangeReason', 'AppBlockBuilderErrors',
  'VpcConfig', 'EnableDefaultInternetAccess', 'IamRoleArn', 'AccessEndpoints', 'DisableIMDSV1', 'CreatedTime',
];

const nameOf = (arn) => (arn ? arn.split('/').pop() : '-');
const breadcrumbs = (list, label, name) => h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: href(list) }, label), ' › ', name);

/** One list page of a Describe* operation: the table, its pager, and polling while a state moves. */
async function listView({ generation, key, operation, input = {}, itemsKey, title, description, caption, columns, empty, reload, noun }) {
  const { paging, out, unavailable } = await listPage(key, operation, { ...input, MaxResults: 25 });
  if (generation !== viewGeneration) return;
  const items = out[itemsKey] ?? [];
  setView(
    pageHeader(title, description, [h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh')]),
    groupTabs(key),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({ caption, columns, rows: items, rowLabel: (x) => x.Name, empty }),
      h('div', { class: 'table-footer' }, h('span', { class: 'count' }, `${items.length} ${noun}${items.length === 1 ? '' : 's'} on this page`), pager(paging, out.NextToken, reload)),
    ),
  );
  if (items.some((x) => isTransitional(x.State))) schedulePoll(generation, reload);
}

/** A confirmed action on a resource, then `after` (reload, or go back to the list). */
async function confirmed(verb, kind, name, run, after, danger = verb === 'Delete') {
  const ok = await act({ title: `${verb} ${name}`, message: `${verb} ${kind} ${name}?`, confirmLabel: verb, danger }, run, (out) => {
    const s = out?.AppBlockBuilder?.State ?? out?.AppBlock?.State;
    return `${verb}: ${kind} ${name}${s ? ` is ${s}` : verb === 'Delete' ? ' is deleted' : ''}.`;
  });
  if (ok) after();
}

// ---- applications --------------------------------------------------------------------------

function applicationsView(generation) {
  const reload = () => applicationsView(generation);
  return listView({
    generation,
    key: 'applications',
    operation: 'DescribeApplications',
    itemsKey: 'Applications',
    title: 'Applications',
    description: `Applications that Elastic fleets of account ${state.account} in ${state.region} stream from app blocks.`,
    caption: 'Applications',
    noun: 'application',
    empty: 'No applications in this account and region.',
    reload,
    columns: [
      { label: 'Name', tdClass: 'nowrap', render: (a) => h('a', { href: href('application', { name: a.Name }) }, a.Name) },
      { label: 'Display name', render: (a) => a.DisplayName ?? '-' },
      { label: 'App block', render: (a) => h('a', { href: href('app-block', { name: nameOf(a.AppBlockArn) }) }, nameOf(a.AppBlockArn)) },
      { label: 'Platforms', render: (a) => (a.Platforms ?? []).join(', ') || '-' },
      { label: 'Launch path', render: (a) => (a.LaunchPath ? h('code', {}, a.LaunchPath) : '-') },
      { label: 'Created', tdClass: 'nowrap', render: (a) => fmtTime(a.CreatedTime) },
      {
        label: 'Actions',
        render: (a) => h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${a.Name}`, onclick: () => confirmed('Delete', 'application', a.Name, () => call('DeleteApplication', { Name: a.Name }), reload) }, 'Delete'),
      },
    ],
  });
}

async function applicationDetailView(name, generation) {
  const reload = () => applicationDetailView(name, generation);
  const arn = `arn:aws:appstream:${state.region}:${state.account}:application/${name}`;
  const app = await describeOne('DescribeApplications', { Arns: [arn] }, 'Applications');
  if (generation !== viewGeneration) return;
  if (!app) {
    setView(breadcrumbs('applications', 'Applications', name), pageHeader('Application not found', `No application ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [fleets, tags] = await Promise.all([
    part(async () => {
      const out = await call('DescribeApplicationFleetAssociations', { ApplicationArn: app.Arn, MaxResults: 25 });
      return table({
        caption: 'Fleets this application is associated with',
        columns: [
          { label: 'Fleet', render: (x) => x.FleetName },
          {
            label: 'Actions',
            render: (x) =>
              h('button', {
                type: 'button',
                class: 'btn btn-small',
                'aria-label': `Disassociate from ${x.FleetName}`,
                onclick: () => confirmed('Disassociate', 'application', `${app.Name} from fleet ${x.FleetName}`, () => call('DisassociateApplicationFleet', { FleetName: x.FleetName, ApplicationArn: app.Arn }), reload, true),
              }, 'Disassociate'),
          },
        ],
        rows: out.ApplicationFleetAssociations ?? [],
        empty: 'Not associated with any fleet.',
      });
    }),
    part(() => tagsPart(app)),
  ]);
  if (generation !== viewGeneration) return;
  setView(
    breadcrumbs('applications', 'Applications', app.Name),
    pageHeader(h('span', {}, app.IconURL ? h('img', { src: app.IconURL, alt: '', width: 28, height: 28, class: 'app-icon' }) : null, ' ', app.Name), app.DisplayName ?? app.Description, [
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => confirmed('Delete', 'application', app.Name, () => call('DeleteApplication', { Name: app.Name }), () => go('applications')) }, 'Delete application'),
    ]),
    section('Details', detailsList(APPLICATION_MEMBERS.map((key) => [key, memberValue(key, app[key])]))),
    section('Fleet associations', fleets),
    section('Tags', tags),
  );
}

// ---- app blocks ------------------------------------------------------------------------------

function appBlocksView(generation) {
  const reload = () => appBlocksView(generation);
  return listView({
    generation,
    key: 'app-blocks',
    operation: 'DescribeAppBlocks',
    itemsKey: 'AppBlocks',
    title: 'App blocks',
    description: `App blocks of account ${state.account} in ${state.region}: CUSTOM blocks are ACTIVE at once; APPSTREAM2 blocks once an app block builder has packaged them.`,
    caption: 'App blocks',
    noun: 'app block',
    empty: 'No app blocks in this account and region.',
    reload,
    columns: [
      { label: 'Name', tdClass: 'nowrap', render: (b) => h('a', { href: href('app-block', { name: b.Name }) }, b.Name) },
      { label: 'Display name', render: (b) => b.DisplayName ?? '-' },
      { label: 'State', render: (b) => badge(b.State) },
      { label: 'Packaging', render: (b) => b.PackagingType ?? '-' },
      { label: 'Source', render: (b) => (b.SourceS3Location ? h('code', {}, `s3://${b.SourceS3Location.S3Bucket}/${b.SourceS3Location.S3Key ?? ''}`) : '-') },
      { label: 'Created', tdClass: 'nowrap', render: (b) => fmtTime(b.CreatedTime) },
      {
        label: 'Actions',
        render: (b) => h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${b.Name}`, onclick: () => confirmed('Delete', 'app block', b.Name, () => call('DeleteAppBlock', { Name: b.Name }), reload) }, 'Delete'),
      },
    ],
  });
}

async function appBlockDetailView(name, generation) {
  const reload = () => appBlockDetailView(name, generation);
  const arn = `arn:aws:appstream:${state.region}:${state.account}:app-block/${name}`;
  const block = await describeOne('DescribeAppBlocks', { Arns: [arn] }, 'AppBlocks');
  if (generation !== viewGeneration) return;
  if (!block) {
    setView(breadcrumbs('app-blocks', 'App blocks', name), pageHeader('App block not found', `No app block ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [builders, tags, history] = await Promise.all([
    part(async () => {
      const out = await call('DescribeAppBlockBuilderAppBlockAssociations', { AppBlockArn: block.Arn, MaxResults: 25 });
      return table({
        caption: 'App block builders that package this app block',
        columns: [{ label: 'App block builder', render: (x) => h('a', { href: href('app-block-builder', { name: x.AppBlockBuilderName }) }, x.AppBlockBuilderName) }],
        rows: out.AppBlockBuilderAppBlockAssociations ?? [],
        empty: block.PackagingType === 'APPSTREAM2' ? 'No builder: associate one to package this app block.' : 'CUSTOM app blocks are not packaged by a builder.',
      });
    }),
    part(() => tagsPart(block)),
    part(async () => timeline(await api('/_appstream/console/api/history', { AccountId: state.account, Region: state.region, Kind: 'app-block', Name: block.Name }))),
  ]);
  if (generation !== viewGeneration) return;
  setView(
    breadcrumbs('app-blocks', 'App blocks', block.Name),
    pageHeader(h('span', {}, block.Name, ' ', badge(block.State)), block.DisplayName ?? block.Description, [
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => confirmed('Delete', 'app block', block.Name, () => call('DeleteAppBlock', { Name: block.Name }), () => go('app-blocks')) }, 'Delete app block'),
    ]),
    section('Details', detailsList(APP_BLOCK_MEMBERS.map((key) => [key, memberValue(key, block[key])]))),
    section('App block builders', builders),
    section('Tags', tags),
    section('State history', history),
  );
  if (isTransitional(block.State)) schedulePoll(generation, reload);
}

// ---- app block builders ------------------------------------------------------------------------

function builderActions(b, reload) {
  const run = (verb, operation) => () => confirmed(verb, 'app block builder', b.Name, () => call(operation, { Name: b.Name }), reload);
  return [
    b.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `Connect to ${b.Name}`, onclick: () => connect(b) }, 'Connect') : null,
    b.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Finish the app block of ${b.Name}`, onclick: () => finishAppBlock(b, reload) }, 'Finish app block') : null,
    b.State === 'RUNNING' || b.State === 'STARTING' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Stop ${b.Name}`, onclick: run('Stop', 'StopAppBlockBuilder') }, 'Stop') : null,
    b.State === 'STOPPED' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Start ${b.Name}`, onclick: run('Start', 'StartAppBlockBuilder') }, 'Start') : null,
    b.State === 'STOPPED' ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${b.Name}`, onclick: run('Delete', 'DeleteAppBlockBuilder') }, 'Delete') : null,
  ];
}

function buildersView(generation) {
  const reload = () => buildersView(generation);
  return listView({
    generation,
    key: 'app-block-builders',
    operation: 'DescribeAppBlockBuilders',
    itemsKey: 'AppBlockBuilders',
    title: 'App block builders',
    description: `App block builders of account ${state.account} in ${state.region}. A builder starts with an app block associated; connect to a RUNNING one, then finish its app block.`,
    caption: 'App block builders',
    noun: 'builder',
    empty: 'No app block builders in this account and region.',
    reload,
    columns: [
      { label: 'Name', tdClass: 'nowrap', render: (b) => h('a', { href: href('app-block-builder', { name: b.Name }) }, b.Name) },
      { label: 'State', render: (b) => badge(b.State) },
      { label: 'Instance type', render: (b) => b.InstanceType ?? '-' },
      { label: 'Created', tdClass: 'nowrap', render: (b) => fmtTime(b.CreatedTime) },
      { label: 'Actions', render: (b) => h('div', { class: 'row-actions' }, builderActions(b, reload)) },
    ],
  });
}

async function builderDetailView(name, generation) {
  const reload = () => builderDetailView(name, generation);
  const builder = await describeOne('DescribeAppBlockBuilders', { Names: [name] }, 'AppBlockBuilders');
  if (generation !== viewGeneration) return;
  if (!builder) {
    setView(breadcrumbs('app-block-builders', 'App block builders', name), pageHeader('App block builder not found', `No app block builder ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [blocks, tags, history] = await Promise.all([
    part(async () => {
      const out = await call('DescribeAppBlockBuilderAppBlockAssociations', { AppBlockBuilderName: builder.Name });
      return table({
        caption: 'The app block this builder packages',
        columns: [{ label: 'App block', render: (x) => h('a', { href: href('app-block', { name: nameOf(x.AppBlockArn) }) }, nameOf(x.AppBlockArn)) }],
        rows: out.AppBlockBuilderAppBlockAssociations ?? [],
        empty: 'No app block: the builder cannot start without one.',
      });
    }),
    part(() => tagsPart(builder)),
    part(async () => timeline(await api('/_appstream/console/api/history', { AccountId: state.account, Region: state.region, Kind: 'app-block-builder', Name: builder.Name }))),
  ]);
  if (generation !== viewGeneration) return;
  setView(
    breadcrumbs('app-block-builders', 'App block builders', builder.Name),
    pageHeader(h('span', {}, builder.Name, ' ', badge(builder.State)), builder.DisplayName ?? builder.Description, builderActions(builder, reload)),
    section('Details', detailsList(BUILDER_MEMBERS.map((key) => [key, memberValue(key, builder[key])]))),
    section('App block', blocks),
    section('Tags', tags),
    section('State history', history),
  );
  if (isTransitional(builder.State)) schedulePoll(generation, reload);
}

async function connect(builder) {
  try {
    const out = await call('CreateAppBlockBuilderStreamingURL', { AppBlockBuilderName: builder.Name, Validity: 3600 });
    notify('success', `Opened the streaming session of ${builder.Name} (the link is valid for an hour).`);
    window.open(out.StreamingURL, '_blank', 'noopener');
  } catch (error) {
    notify('error', `${error.code ? `${error.code}: ` : ''}${error.message}`);
  }
}

function finishAppBlock(builder, reload) {
  return confirmed(
    'Finish',
    'the app block of builder',
    builder.Name,
    () => api('/_appstream/app-block-builders/finish-app-block', { AccountId: state.account, Region: state.region, AppBlockBuilderName: builder.Name }),
    reload,
    false,
  );
}

for (const page of [
  { id: 'applications', label: 'Applications', list: 'applications', detail: 'application', listView: applicationsView, detailView: applicationDetailView },
  { id: 'app-blocks', label: 'App blocks', list: 'app-blocks', detail: 'app-block', listView: appBlocksView, detailView: appBlockDetailView },
  { id: 'app-block-builders', label: 'App block builders', list: 'app-block-builders', detail: 'app-block-builder', listView: buildersView, detailView: builderDetailView },
]) {
  registerPage({
    id: page.id,
    group: 'Elastic',
    label: page.label,
    home: page.list,
    routes: [
      { match: (path) => path === page.list, view: (_path, _params, generation) => page.listView(generation) },
      { match: (path) => path === page.detail, view: (_path, params, generation) => page.detailView(params.get('name') ?? '', generation) },
    ],
    listOf: (path) => (path === page.detail ? page.list : path),
  });
}

// Image builders: the list, a builder's details, connect (the Image Assistant), start, stop, delete.
import { BASE, api, badge, detailsList, fmtTime, h, isTransitional, notify, platformLabel, table } from '../common.js';
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

const BUILDER_MEMBERS = [
  'Name', 'Arn', 'ImageArn', 'Description', 'DisplayName', 'VpcConfig', 'InstanceType', 'Platform', 'IamRoleArn', 'State',
  'StateChangeReason', 'CreatedTime', 'EnableDefaultInternetAccess', 'DomainJoinInfo', 'NetworkAccessConfiguration',
  'ImageBuilderErrors', 'AppstreamAgentVersion', 'AccessEndpoints', 'RootVolumeConfig', 'LatestAppstreamAgentVersion', 'DisableIMDSV1',
];

async function buildersView(generation) {
  const reload = () => buildersView(generation);
  const { paging, out, unavailable } = await listPage('builders', 'DescribeImageBuilders', { MaxResults: 25 });
  if (generation !== viewGeneration) return;
  const builders = out.ImageBuilders ?? [];
  const rowActions = (b) =>
    h(
      'div',
      { class: 'row-actions' },
      b.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `Connect to ${b.Name}`, onclick: () => connect(b) }, 'Connect') : null,
      b.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Stop ${b.Name}`, onclick: () => builderAction(b, 'StopImageBuilder', 'Stop', reload) }, 'Stop') : null,
      b.State === 'STOPPED' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Start ${b.Name}`, onclick: () => builderAction(b, 'StartImageBuilder', 'Start', reload) }, 'Start') : null,
      b.State === 'STOPPED' || b.State === 'FAILED' ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${b.Name}`, onclick: () => builderAction(b, 'DeleteImageBuilder', 'Delete', reload) }, 'Delete') : null,
    );
  setView(
    pageHeader('Image builders', `Image builders of account ${state.account} in ${state.region}. Connect to a RUNNING builder to add applications and create an image in the Image Assistant.`, [
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
    ]),
    groupTabs('builders'),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({
        caption: 'Image builders',
        columns: [
          { label: 'Name', tdClass: 'nowrap', render: (b) => h('a', { href: href('builder', { name: b.Name }) }, b.Name) },
          { label: 'Display name', render: (b) => b.DisplayName ?? '-' },
          { label: 'State', render: (b) => badge(b.State) },
          { label: 'Instance type', render: (b) => b.InstanceType ?? '-' },
          { label: 'Platform', render: (b) => platformLabel(b.Platform) },
          { label: 'Image', render: (b) => b.ImageArn?.split('/').pop() ?? '-' },
          { label: 'Created', tdClass: 'nowrap', render: (b) => fmtTime(b.CreatedTime) },
          { label: 'Actions', render: rowActions },
        ],
        rows: builders,
        rowLabel: (b) => b.Name,
        empty: 'No image builders in this account and region.',
      }),
      h(
        'div',
        { class: 'table-footer' },
        h('span', { class: 'count' }, `${builders.length} builder${builders.length === 1 ? '' : 's'} on this page`),
        pager(paging, out.NextToken, reload),
      ),
    ),
  );
  if (builders.some((b) => isTransitional(b.State))) schedulePoll(generation, reload);
}

async function builderDetailView(name, generation) {
  const reload = () => builderDetailView(name, generation);
  const builder = await describeOne('DescribeImageBuilders', { Names: [name] }, 'ImageBuilders');
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href('builders') }, 'Image builders');
  if (!builder) {
    setView(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', name), pageHeader('Image builder not found', `No image builder ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [tags, recorded] = await Promise.all([
    part(() => tagsPart(builder)),
    api(`${BASE}/api/builder-history`, { AccountId: state.account, Region: state.region, Name: builder.Name }).catch((error) => ({ error })),
  ]);
  if (generation !== viewGeneration) return;
  const catalogue = recorded.error
    ? errorBox(recorded.error)
    : table({
        caption: 'Applications added with the Image Assistant',
        columns: [
          { label: 'Name', render: (a) => a.Name ?? '-' },
          { label: 'Display name', render: (a) => a.DisplayName ?? '-' },
          { label: 'Launch path', render: (a) => (a.LaunchPath ? h('code', {}, a.LaunchPath) : '-') },
          { label: 'Launch parameters', render: (a) => (a.LaunchParameters ? h('code', {}, a.LaunchParameters) : '-') },
          { label: 'Working directory', render: (a) => a.WorkingDirectory ?? '-' },
        ],
        rows: recorded.Applications ?? [],
        empty: builder.State === 'RUNNING' ? 'None yet: connect to add applications in the Image Assistant.' : 'None.',
      });
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', builder.Name),
    pageHeader(h('span', {}, builder.Name, ' ', badge(builder.State)), builder.DisplayName ?? builder.Description, [
      builder.State === 'RUNNING' ? h('button', { type: 'button', class: 'btn btn-primary', onclick: () => connect(builder) }, 'Connect') : null,
    ]),
    section('Details', detailsList(BUILDER_MEMBERS.map((key) => [key, memberValue(key, builder[key])]))),
    section('Image Assistant applications', catalogue),
    section('Tags', tags),
    section('State history', recorded.error ? errorBox(recorded.error) : timeline(recorded)),
  );
  if (isTransitional(builder.State)) schedulePoll(generation, reload);
}

async function connect(builder) {
  try {
    const out = await call('CreateImageBuilderStreamingURL', { Name: builder.Name, Validity: 3600 });
    notify('success', `Opened the Image Assistant of ${builder.Name} (the link is valid for an hour).`);
    window.open(out.StreamingURL, '_blank', 'noopener');
  } catch (error) {
    notify('error', `${error.code ? `${error.code}: ` : ''}${error.message}`);
  }
}

async function builderAction(builder, operation, verb, reload) {
  const ok = await act(
    { title: `${verb} ${builder.Name}`, message: `${verb} image builder ${builder.Name}?`, confirmLabel: verb, danger: verb === 'Delete' },
    () => call(operation, { Name: builder.Name }),
    (out) => `${verb}: image builder ${builder.Name} is ${out?.ImageBuilder?.State ?? 'changing state'}.`,
  );
  if (ok) reload();
}

registerPage({
  id: 'builders',
  group: 'Images',
  label: 'Image builders',
  home: 'builders',
  routes: [
    { match: (path) => path === 'builders', view: (_path, _params, generation) => buildersView(generation) },
    { match: (path) => path === 'builder', view: (_path, params, generation) => builderDetailView(params.get('name') ?? '', generation) },
  ],
  listOf: (path) => (path === 'builder' ? 'builders' : path),
});

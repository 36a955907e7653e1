// The image registry (Public, Private, Shared with me, Shared with others) and an image's
// details: members, applications, permissions, tags, state history.
import { BASE, api, badge, detailsList, field, fmtTime, h, isTransitional, platformLabel, table } from '../common.js';
import {
  PAGE_SIZE,
  act,
  call,
  describeOne,
  go,
  groupTabs,
  href,
  memberValue,
  pageHeader,
  part,
  refreshMeta,
  registerPage,
  schedulePoll,
  section,
  setView,
  state,
  tagsPart,
  timeline,
  viewGeneration,
} from '../shell.js';
import { exportImage, exportTasksPart, exporting } from './export-tasks.js';

const IMAGE_TABS = [
  { id: 'public', label: 'Public', type: 'PUBLIC', empty: 'No public images in this region (is the catalogue turned off with --no-public-images?).' },
  { id: 'private', label: 'Private', type: 'PRIVATE', empty: 'This account owns no images in this region.' },
  { id: 'shared-with-me', label: 'Shared with me', type: 'SHARED', empty: 'No other account shares an image with this account in this region.' },
  { id: 'shared-with-others', label: 'Shared with others', type: 'PRIVATE', sharedWithOthers: true, empty: 'This account shares none of its images.' },
];
/** Every member of the model's Image shape, in the model's order. */
const IMAGE_MEMBERS = [
  'Name', 'Arn', 'BaseImageArn', 'DisplayName', 'State', 'Visibility', 'ImageBuilderSupported', 'ImageBuilderName', 'Platform',
  'Description', 'StateChangeReason', 'Applications', 'CreatedTime', 'PublicBaseImageReleasedDate', 'AppstreamAgentVersion',
  'ImagePermissions', 'ImageErrors', 'LatestAppstreamAgentVersion', 'SupportedInstanceFamilies', 'DynamicAppProvidersEnabled',
  'ImageSharedWithOthers', 'ManagedSoftwareIncluded', 'ImageType',
];

function listState(tabId) {
  const key = `${state.account}|${state.region}|${tabId}`;
  let list = state.lists.get(key);
  if (!list) {
    list = { text: '', platform: '', state: '', tokens: [undefined], page: 0, sort: { key: 'Name', dir: 1 } };
    state.lists.set(key, list);
  }
  return list;
}

function visibilityCell(image) {
  const label = { PUBLIC: 'Public', PRIVATE: 'Private', SHARED: 'Shared with me' }[image.Visibility] ?? image.Visibility ?? '-';
  const owner = image.Visibility === 'SHARED' ? image.Arn?.split(':')[4] : undefined;
  return h(
    'span',
    {},
    label,
    owner ? h('span', { class: 'muted' }, ` (by ${owner})`) : null,
    image.ImageSharedWithOthers === 'TRUE' ? h('span', { class: 'pill' }, 'shared') : null,
  );
}

function agentCell(image) {
  if (!image.AppstreamAgentVersion) return '-';
  return h(
    'span',
    {},
    image.AppstreamAgentVersion,
    image.LatestAppstreamAgentVersion === 'FALSE' ? h('span', { class: 'pill pill-warn', title: 'A newer agent exists' }, 'update') : null,
  );
}

const IMAGE_COLUMNS = [
  { key: 'Name', label: 'Name', render: (i) => h('a', { href: href('image', { arn: i.Arn }) }, i.Name) },
  { key: 'DisplayName', label: 'Display name', render: (i) => i.DisplayName ?? '-' },
  { key: 'Platform', label: 'Platform', render: (i) => platformLabel(i.Platform) },
  { key: 'State', label: 'State', render: (i) => badge(i.State) },
  { key: 'Visibility', label: 'Visibility', render: visibilityCell },
  { key: 'CreatedTime', label: 'Created', tdClass: 'nowrap', render: (i) => fmtTime(i.CreatedTime) },
  { key: 'AppstreamAgentVersion', label: 'Agent version', render: agentCell },
];

function sortedRows(rows, sort) {
  const value = (row) => row[sort.key] ?? '';
  return [...rows].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * sort.dir);
}

async function imagesView(tabId, generation) {
  const tab = IMAGE_TABS.find((t) => t.id === tabId) ?? IMAGE_TABS[0];
  const list = listState(tab.id);

  const reload = () => imagesView(tab.id, generation);
  const restart = () => {
    list.tokens = [undefined];
    list.page = 0;
    reload();
  };

  const data = await api(`${BASE}/api/images`, {
    AccountId: state.account,
    Region: state.region,
    Type: tab.type,
    SharedWithOthers: Boolean(tab.sharedWithOthers),
    Text: list.text,
    Platform: list.platform,
    State: list.state,
    NextToken: list.tokens[list.page],
    PageSize: PAGE_SIZE,
  });
  if (generation !== viewGeneration) return;
  list.tokens[list.page + 1] = data.NextToken;

  const search = h('input', {
    type: 'search',
    class: 'search',
    placeholder: 'Find images by name, display name or description',
    'aria-label': 'Filter images',
    value: list.text,
  });
  let debounce;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      list.text = search.value;
      restart();
    }, 300);
  });
  const platform = h(
    'select',
    { 'aria-label': 'Platform', onchange: (e) => ((list.platform = e.target.value), restart()) },
    h('option', { value: '' }, 'All platforms'),
    (state.enums.PlatformType ?? []).map((p) => h('option', { value: p }, platformLabel(p))),
  );
  platform.value = list.platform;
  const stateSelect = h(
    'select',
    { 'aria-label': 'State', onchange: (e) => ((list.state = e.target.value), restart()) },
    h('option', { value: '' }, 'All states'),
    (state.enums.ImageState ?? []).map((s) => h('option', { value: s }, s)),
  );
  stateSelect.value = list.state;

  const columns = IMAGE_COLUMNS.map((c) => {
    const sorted = list.sort.key === c.key;
    return {
      ...c,
      header: h(
        'th',
        { scope: 'col', 'aria-sort': sorted ? (list.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            title: 'Sort this page',
            onclick: () => {
              list.sort = { key: c.key, dir: sorted ? -list.sort.dir : 1 };
              reload();
            },
          },
          c.label,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (list.sort.dir > 0 ? ' ▲' : ' ▼') : ' ↕'),
        ),
      ),
    };
  });

  const images = data.Images ?? [];
  const filtered = list.text || list.platform || list.state;
  const pager = h(
    'div',
    { class: 'pager', role: 'navigation', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'btn btn-small', disabled: list.page === 0, onclick: () => ((list.page -= 1), reload()) }, '‹ Previous page'),
    h('span', { class: 'page-number' }, `Page ${list.page + 1}`),
    h('button', { type: 'button', class: 'btn btn-small', disabled: !data.NextToken, onclick: () => ((list.page += 1), reload()) }, 'Next page ›'),
  );

  setView(
    pageHeader('Image registry', `Images of account ${state.account} in ${state.region}, as DescribeImages answers them.`, [
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
    ]),
    groupTabs('images'),
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'tabs tabs-sub', role: 'tablist', 'aria-label': 'Image visibility' },
        IMAGE_TABS.map((t) =>
          h('a', { role: 'tab', class: 'tab', href: href(`images/${t.id}`), 'aria-selected': String(t.id === tab.id) }, t.label),
        ),
      ),
      h('div', { class: 'filters' }, search, platform, stateSelect),
      table({
        caption: `${tab.label} images`,
        columns,
        rows: sortedRows(images, list.sort),
        rowLabel: (i) => i.Name,
        empty: filtered ? 'No images match these filters.' : tab.empty,
      }),
      h(
        'div',
        { class: 'table-footer' },
        h(
          'span',
          { class: 'count' },
          `${images.length} image${images.length === 1 ? '' : 's'} on this page`,
          filtered && data.NextToken && images.length < PAGE_SIZE ? ` (searched ${data.Scanned} images; the next page searches on)` : '',
        ),
        pager,
      ),
    ),
  );
  if (search.value && document.activeElement === document.body) search.focus();
  if (data.Transitional) schedulePoll(generation, reload);
}

async function imageDetailView(arn, generation) {
  const reload = () => imageDetailView(arn, generation);
  const image = await describeOne('DescribeImages', { Arns: [arn] }, 'Images');
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href(image?.Visibility === 'SHARED' ? 'images/shared-with-me' : image?.Visibility === 'PRIVATE' ? 'images/private' : 'images/public') }, 'Image registry');
  if (!image) {
    setView(
      h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', arn.split('/').pop()),
      pageHeader('Image not found', `No image ${arn} is visible to account ${state.account} in ${state.region}. It may have been deleted.`),
    );
    return;
  }
  const owned = image.Visibility === 'PRIVATE';
  const actions = owned
    ? [
        h('button', { type: 'button', class: 'btn', onclick: () => shareImage(image, reload) }, 'Share image'),
        image.State === 'AVAILABLE' ? h('button', { type: 'button', class: 'btn', onclick: () => exportImage(image, reload) }, 'Export to AMI') : null,
        h('button', { type: 'button', class: 'btn btn-danger', onclick: () => deleteImage(image) }, 'Delete image'),
      ]
    : [];

  const [permissions, tags, history, exports] = await Promise.all([
    owned ? part(() => permissionsPart(image, reload)) : image.Visibility === 'SHARED' ? sharedPermissionsPart(image) : h('p', { class: 'muted' }, 'Public images are AWS\'s: they cannot be shared.'),
    owned ? part(() => tagsPart(image)) : h('p', { class: 'muted' }, 'Only the owner of an image can read its tags.'),
    owned ? part(() => historyPart(image)) : h('p', { class: 'muted' }, image.Visibility === 'PUBLIC' ? `Released ${fmtTime(image.PublicBaseImageReleasedDate)}; always AVAILABLE.` : 'The owner\'s account holds the history.'),
    owned ? part(() => exportTasksPart(image)) : null,
  ]);
  if (generation !== viewGeneration) return;

  const apps = image.Applications ?? [];
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', image.Name),
    pageHeader(h('span', {}, image.Name, ' ', badge(image.State)), image.DisplayName ?? image.Description, actions),
    section(
      'Details',
      detailsList(IMAGE_MEMBERS.map((key) => [key, memberValue(key, image[key])])),
    ),
    section(
      'Applications',
      table({
        caption: 'Applications',
        columns: [
          { label: 'Name', render: (a) => a.Name ?? '-' },
          { label: 'Display name', render: (a) => a.DisplayName ?? '-' },
          { label: 'Launch path', render: (a) => (a.LaunchPath ? h('code', {}, a.LaunchPath) : '-') },
          { label: 'Launch parameters', render: (a) => (a.LaunchParameters ? h('code', {}, a.LaunchParameters) : '-') },
          { label: 'Working directory', render: (a) => a.WorkingDirectory ?? '-' },
          { label: 'Platforms', render: (a) => (a.Platforms ?? []).join(', ') || '-' },
          { label: 'Enabled', render: (a) => (a.Enabled === undefined ? '-' : a.Enabled ? 'Yes' : 'No') },
        ],
        rows: apps,
        empty: 'This image has no applications in its catalogue.',
      }),
    ),
    section('Permissions', permissions),
    section('Tags', tags),
    section('State history', history),
    exports ? section('Export tasks', exports) : null,
  );
  if (isTransitional(image.State) || exporting(exports)) schedulePoll(generation, reload);
}

async function permissionsPart(image, reload) {
  const shares = [];
  let token;
  // At most a few pages: the console shows the first 500 shares (AWS's limit is 100 per image).
  for (let i = 0; i < 5; i++) {
    const out = await call('DescribeImagePermissions', { Name: image.Name, MaxResults: 100, ...(token ? { NextToken: token } : {}) });
    shares.push(...(out.SharedImagePermissionsList ?? []));
    token = out.NextToken;
    if (!token) break;
  }
  return table({
    caption: 'Accounts this image is shared with',
    columns: [
      { label: 'Account', render: (p) => p.sharedAccountId },
      { label: 'Allow fleet', render: (p) => (p.imagePermissions?.allowFleet ? 'Yes' : 'No') },
      { label: 'Allow image builder', render: (p) => (p.imagePermissions?.allowImageBuilder ? 'Yes' : 'No') },
      {
        label: 'Actions',
        render: (p) =>
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Unshare with ${p.sharedAccountId}`, onclick: () => unshareImage(image, p.sharedAccountId, reload) }, 'Unshare'),
      },
    ],
    rows: shares,
    empty: 'Not shared with any account.',
  });
}

function sharedPermissionsPart(image) {
  const p = image.ImagePermissions ?? {};
  return h(
    'div',
    {},
    h('p', {}, `Shared with this account (${state.account}) by ${image.Arn?.split(':')[4] ?? 'its owner'}. What this account may do:`),
    detailsList([
      ['Allow fleet', p.allowFleet ? 'Yes' : 'No'],
      ['Allow image builder', p.allowImageBuilder ? 'Yes' : 'No'],
    ]),
  );
}

async function historyPart(image) {
  return timeline(await api(`${BASE}/api/image-history`, { AccountId: state.account, Region: state.region, Name: image.Name }));
}

async function shareImage(image, reload) {
  const ok = await act(
    {
      title: `Share ${image.Name}`,
      message: 'Another account of this region can then see the image (as "Shared with me") and use it as you allow.',
      fields: [
        field('Target account ID', h('input', { name: 'account', required: true, pattern: '\\d{12}', inputmode: 'numeric', maxlength: 12, placeholder: '123456789012' }), '12 digits'),
        field('Allow fleet', h('input', { type: 'checkbox', name: 'allowFleet', checked: true })),
        field('Allow image builder', h('input', { type: 'checkbox', name: 'allowImageBuilder', checked: true })),
      ],
      confirmLabel: 'Share',
    },
    (v) =>
      call('UpdateImagePermissions', {
        Name: image.Name,
        SharedAccountId: v.account,
        ImagePermissions: { allowFleet: v.allowFleet, allowImageBuilder: v.allowImageBuilder },
      }),
    (_r, v) => `Image ${image.Name} is now shared with account ${v.account}.`,
  );
  if (ok) {
    await refreshMeta().catch(() => {});
    reload();
  }
}

async function unshareImage(image, account, reload) {
  const ok = await act(
    { title: `Unshare ${image.Name}`, message: `Account ${account} will no longer see or use this image.`, confirmLabel: 'Unshare', danger: true },
    () => call('DeleteImagePermissions', { Name: image.Name, SharedAccountId: account }),
    `Image ${image.Name} is no longer shared with account ${account}.`,
  );
  if (ok) reload();
}

async function deleteImage(image) {
  const ok = await act(
    {
      title: `Delete ${image.Name}`,
      message: `Delete image ${image.Name} of account ${state.account} in ${state.region}? This cannot be undone.`,
      confirmLabel: 'Delete',
      danger: true,
    },
    () => call('DeleteImage', { Name: image.Name }),
    (out) => `Image ${image.Name} is being deleted (state ${out?.Image?.State ?? 'DELETING'}).`,
  );
  if (ok) go('images/private');
}

registerPage({
  id: 'images',
  group: 'Images',
  label: 'Image registry',
  tabLabel: 'Images',
  home: 'images/public',
  routes: [
    { match: (path) => path.startsWith('images/'), view: (path, _params, generation) => imagesView(path.slice('images/'.length), generation) },
    { match: (path) => path === 'image', view: (_path, params, generation) => imageDetailView(params.get('arn') ?? '', generation) },
  ],
  listOf: (path) => (path === 'image' ? 'images/private' : path),
});

// The console's single page: hash routes for the image registry (Public, Private, Shared with
// me, Shared with others), an image's details, and the image builders. Everything is read and
// changed through the server's console API (the service handlers) and control routes.
import {
  ApiError,
  BASE,
  PLATFORMS,
  api,
  badge,
  captureToken,
  detailsList,
  field,
  fmtTime,
  h,
  isTransitional,
  notify,
  openDialog,
  platformLabel,
  setToken,
  table,
} from './common.js';

captureToken();

const POLL_MS = 1500;
const PAGE_SIZE = 25;
const DEFAULT_ACCOUNT = '000000000000';
const DEFAULT_REGION = 'us-east-1';

const IMAGE_TABS = [
  { id: 'public', label: 'Public', type: 'PUBLIC', empty: 'No public images in this region (is the catalogue turned off with --no-public-images?).' },
  { id: 'private', label: 'Private', type: 'PRIVATE', empty: 'This account owns no images in this region.' },
  { id: 'shared-with-me', label: 'Shared with me', type: 'SHARED', empty: 'No other account shares an image with this account in this region.' },
  { id: 'shared-with-others', label: 'Shared with others', type: 'PRIVATE', sharedWithOthers: true, empty: 'This account shares none of its images.' },
];
const IMAGE_STATES = ['PENDING', 'AVAILABLE', 'FAILED', 'COPYING', 'DELETING', 'CREATING', 'IMPORTING', 'VALIDATING'];
const FAILABLE_OPERATIONS = ['CreateImage', 'CopyImage', 'CreateUpdatedImage', 'CreateImportedImage', 'CreateImageBuilder', 'StartImageBuilder'];
/** Every member of the model's Image shape, in the model's order. */
const IMAGE_MEMBERS = [
  'Name', 'Arn', 'BaseImageArn', 'DisplayName', 'State', 'Visibility', 'ImageBuilderSupported', 'ImageBuilderName', 'Platform',
  'Description', 'StateChangeReason', 'Applications', 'CreatedTime', 'PublicBaseImageReleasedDate', 'AppstreamAgentVersion',
  'ImagePermissions', 'ImageErrors', 'LatestAppstreamAgentVersion', 'SupportedInstanceFamilies', 'DynamicAppProvidersEnabled',
  'ImageSharedWithOthers', 'ManagedSoftwareIncluded', 'ImageType',
];
const BUILDER_MEMBERS = [
  'Name', 'Arn', 'ImageArn', 'Description', 'DisplayName', 'VpcConfig', 'InstanceType', 'Platform', 'IamRoleArn', 'State',
  'StateChangeReason', 'CreatedTime', 'EnableDefaultInternetAccess', 'DomainJoinInfo', 'NetworkAccessConfiguration',
  'ImageBuilderErrors', 'AppstreamAgentVersion', 'AccessEndpoints', 'RootVolumeConfig', 'LatestAppstreamAgentVersion', 'DisableIMDSV1',
];
const TIME_MEMBERS = new Set(['CreatedTime', 'PublicBaseImageReleasedDate', 'ErrorTimestamp']);

const state = {
  account: DEFAULT_ACCOUNT,
  region: DEFAULT_REGION,
  accounts: [],
  knownRegions: [],
  /** Emulated now minus this browser's now, in ms (the header clock ticks locally). */
  clockSkewMs: 0,
  transitionSeconds: undefined,
  /** Per (account, region, tab): filters and the DescribeImages tokens of the pages seen. */
  lists: new Map(),
};

let viewGeneration = 0;
let pollTimer;

// ---- routing -------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)) || 'images/public';
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, params };
}

function href(path, extra = {}) {
  const params = new URLSearchParams({ account: state.account, region: state.region, ...extra });
  return `#/${path}?${params}`;
}

function go(path, extra) {
  location.hash = href(path, extra);
}

window.addEventListener('hashchange', () => render());

// ---- server calls --------------------------------------------------------------------------

/** One AppStream operation as the selected account and region. */
function call(operation, input = {}) {
  return api(`${BASE}/api/call`, { AccountId: state.account, Region: state.region, Operation: operation, Input: input });
}

async function refreshMeta() {
  const meta = await api(`${BASE}/api/accounts`, {});
  state.accounts = meta.Accounts ?? [];
  state.knownRegions = meta.KnownRegions ?? [];
  state.transitionSeconds = meta.TransitionSeconds;
  state.clockSkewMs = meta.Now * 1000 - Date.now();
  const accountList = document.getElementById('account-list');
  accountList.replaceChildren(
    ...state.accounts.map((a) => h('option', { value: a.AccountId }, `${a.AccountId} (${a.Regions.join(', ')})`)),
  );
  const regions = new Set([...state.knownRegions, ...state.accounts.flatMap((a) => a.Regions)]);
  document.getElementById('region-list').replaceChildren(...[...regions].sort().map((r) => h('option', { value: r })));
  tickClock();
}

function tickClock() {
  const el = document.getElementById('clock');
  if (el) el.textContent = `Emulated time ${fmtTime((Date.now() + state.clockSkewMs) / 1000)}`;
}
setInterval(tickClock, 1000);

// ---- page scaffolding ----------------------------------------------------------------------

function setView(...nodes) {
  document.getElementById('view').replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

function schedulePoll(generation, fn) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(() => {
    if (generation !== viewGeneration) return;
    refreshMeta().catch(() => {});
    fn();
  }, POLL_MS);
}

function pageHeader(title, description, actions = []) {
  return h(
    'div',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, title), description ? h('p', { class: 'page-description' }, description) : null),
    h('div', { class: 'page-actions' }, actions),
  );
}

function mainTabs(active) {
  return h(
    'div',
    { class: 'tabs tabs-main', role: 'tablist', 'aria-label': 'Resources' },
    [
      ['images', 'Images', href('images/public')],
      ['builders', 'Image builders', href('builders')],
    ].map(([id, label, link]) =>
      h('a', { role: 'tab', class: 'tab', href: link, 'aria-selected': String(id === active), 'aria-current': id === active ? 'page' : undefined }, label),
    ),
  );
}

function errorBox(error) {
  return h('div', { class: 'flash flash-error', role: 'alert' }, `${error.code ? `${error.code}: ` : ''}${error.message}`);
}

function tokenPrompt(retry) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true });
  setView(
    pageHeader('Control token required', 'This emulator was started with --control-token. Enter it to use the console (it is kept only for this browser tab).'),
    h(
      'form',
      {
        class: 'panel token-form',
        onsubmit: (event) => {
          event.preventDefault();
          setToken(input.value);
          retry();
        },
      },
      field('Control token', input),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Use token'),
    ),
  );
}

/** Runs a view; a missing control token shows the prompt instead. */
async function guarded(fn) {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) tokenPrompt(() => render());
    else setView(errorBox(error));
  }
}

// ---- the image registry --------------------------------------------------------------------

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
    PLATFORMS.map((p) => h('option', { value: p }, platformLabel(p))),
  );
  platform.value = list.platform;
  const stateSelect = h(
    'select',
    { 'aria-label': 'State', onchange: (e) => ((list.state = e.target.value), restart()) },
    h('option', { value: '' }, 'All states'),
    IMAGE_STATES.map((s) => h('option', { value: s }, s)),
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
    mainTabs('images'),
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

// ---- an image's details --------------------------------------------------------------------

function memberValue(key, value) {
  if (value === undefined || value === null) return undefined;
  if (key === 'State') return badge(value);
  if (key === 'Platform') return `${platformLabel(value)} (${value})`;
  if (TIME_MEMBERS.has(key)) return fmtTime(value);
  if (key === 'Applications') return `${value.length} application${value.length === 1 ? '' : 's'} (see Applications)`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ') || '-';
  if (typeof value === 'object') {
    return h(
      'pre',
      { class: 'json' },
      JSON.stringify(value, (k, v) => (TIME_MEMBERS.has(k) && typeof v === 'number' ? fmtTime(v) : v), 2),
    );
  }
  return String(value);
}

function section(title, ...content) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id, class: 'panel-title' }, title), content);
}

/** Loads a part of a page; its failure shows in place, not instead of the page. */
async function part(load) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return errorBox(error);
  }
}

async function imageDetailView(arn, generation) {
  const reload = () => imageDetailView(arn, generation);
  let image;
  try {
    image = (await call('DescribeImages', { Arns: [arn] })).Images?.[0];
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'ResourceNotFoundException') throw error;
  }
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
        h('button', { type: 'button', class: 'btn btn-danger', onclick: () => deleteImage(image) }, 'Delete image'),
      ]
    : [];

  const [permissions, tags, history] = await Promise.all([
    owned ? part(() => permissionsPart(image, reload)) : image.Visibility === 'SHARED' ? sharedPermissionsPart(image) : h('p', { class: 'muted' }, 'Public images are AWS\'s: they cannot be shared.'),
    owned ? part(() => tagsPart(image)) : h('p', { class: 'muted' }, 'Only the owner of an image can read its tags.'),
    owned ? part(() => historyPart(image)) : h('p', { class: 'muted' }, image.Visibility === 'PUBLIC' ? `Released ${fmtTime(image.PublicBaseImageReleasedDate)}; always AVAILABLE.` : 'The owner\'s account holds the history.'),
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
  );
  if (isTransitional(image.State)) schedulePoll(generation, reload);
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

async function tagsPart(image) {
  const out = await call('ListTagsForResource', { ResourceArn: image.Arn });
  const rows = Object.entries(out.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return table({ caption: 'Tags', columns: [{ label: 'Key', key: 'Key' }, { label: 'Value', key: 'Value' }], rows, empty: 'No tags.' });
}

async function historyPart(image) {
  return timeline(await api(`${BASE}/api/image-history`, { AccountId: state.account, Region: state.region, Name: image.Name }));
}

function timeline(out) {
  const entries = out.History ?? [];
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No history is recorded.');
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((e) =>
      h('li', { class: e.Reached ? 'reached' : 'planned' }, badge(e.State), ' ', h('time', {}, fmtTime(e.Time)), e.Reached ? '' : h('span', { class: 'muted' }, ' (scheduled)')),
    ),
    out.GoneTime ? h('li', { class: 'planned' }, h('span', { class: 'badge badge-neutral' }, 'GONE'), ' ', fmtTime(out.GoneTime)) : null,
  );
}

// ---- actions -------------------------------------------------------------------------------

/** Confirms, runs, and reports an action; answers whether it succeeded. */
async function act(dialog, run, success) {
  const values = await openDialog(dialog);
  if (!values) return false;
  try {
    const result = await run(values);
    notify('success', typeof success === 'function' ? success(result, values) : success);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      tokenPrompt(() => render());
      return false;
    }
    notify('error', `${error.code ? `${error.code}: ` : ''}${error.message}`);
    return false;
  }
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

async function advanceClock() {
  const ok = await act(
    {
      title: 'Advance the clock',
      message: `Moves the emulator's clock forward for every account: transitions that would complete in that time complete.${
        state.transitionSeconds !== undefined ? ` Each transition takes ${state.transitionSeconds} s.` : ''
      }`,
      fields: [field('Seconds to advance', h('input', { type: 'number', name: 'seconds', min: 1, step: 1, required: true, value: String(Math.max(60, (state.transitionSeconds ?? 0) * 2)) }))],
      confirmLabel: 'Advance',
    },
    (v) => api('/_appstream/clock', { advanceSeconds: Number(v.seconds) }),
    (_r, v) => `Clock advanced by ${v.seconds} seconds.`,
  );
  if (ok) {
    await refreshMeta().catch(() => {});
    render();
  }
}

async function failNext() {
  let planned = '';
  try {
    const rules = (await api('/_appstream/failures', undefined, 'GET')).FailureRules ?? [];
    planned = rules.length
      ? ` Planned now: ${rules.map((r) => `${r.Operation} ×${r.Remaining}${r.AccountId ? ` (account ${r.AccountId})` : ''}`).join(', ')}.`
      : ' None is planned now.';
  } catch {
    // The dialog works without the list.
  }
  const ok = await act(
    {
      title: 'Make the next transition fail',
      message: `The next transitions of this kind end in FAILED, with the matching StateChangeReason and errors.${planned}`,
      fields: [
        field('Operation', h('select', { name: 'operation', required: true }, FAILABLE_OPERATIONS.map((op) => h('option', { value: op }, op)))),
        field('How many', h('input', { type: 'number', name: 'count', min: 1, step: 1, value: '1', required: true })),
        field(`Only for account ${state.account}`, h('input', { type: 'checkbox', name: 'thisAccount', checked: true })),
      ],
      confirmLabel: 'Plan failure',
    },
    (v) =>
      api('/_appstream/failures', {
        Operation: v.operation,
        Count: Number(v.count),
        ...(v.thisAccount ? { AccountId: state.account } : {}),
      }),
    (_r, v) => `The next ${Number(v.count) === 1 ? '' : `${v.count} `}${v.operation} transition${Number(v.count) === 1 ? '' : 's'}${v.thisAccount ? ` of account ${state.account}` : ''} will fail.`,
  );
  return ok;
}

async function resetAccount() {
  const ok = await act(
    {
      title: `Reset account ${state.account}`,
      message: `Delete every image, image builder, share and tag of account ${state.account} (all regions)? Public images stay.`,
      confirmLabel: 'Reset account',
      danger: true,
    },
    () => api('/_appstream/reset', { AccountId: state.account }),
    `Account ${state.account} was reset.`,
  );
  if (ok) {
    await refreshMeta().catch(() => {});
    render();
  }
}

// ---- image builders ------------------------------------------------------------------------

const builderTokens = new Map();

async function buildersView(generation) {
  const key = `${state.account}|${state.region}`;
  const paging = builderTokens.get(key) ?? { tokens: [undefined], page: 0 };
  builderTokens.set(key, paging);
  const reload = () => buildersView(generation);
  let out;
  let unavailable;
  try {
    out = await call('DescribeImageBuilders', { MaxResults: 25, ...(paging.tokens[paging.page] ? { NextToken: paging.tokens[paging.page] } : {}) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    unavailable = error;
    out = {};
  }
  if (generation !== viewGeneration) return;
  paging.tokens[paging.page + 1] = out.NextToken;
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
    mainTabs('builders'),
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
        h(
          'div',
          { class: 'pager', role: 'navigation', 'aria-label': 'Pages' },
          h('button', { type: 'button', class: 'btn btn-small', disabled: paging.page === 0, onclick: () => ((paging.page -= 1), reload()) }, '‹ Previous page'),
          h('span', { class: 'page-number' }, `Page ${paging.page + 1}`),
          h('button', { type: 'button', class: 'btn btn-small', disabled: !out.NextToken, onclick: () => ((paging.page += 1), reload()) }, 'Next page ›'),
        ),
      ),
    ),
  );
  if (builders.some((b) => isTransitional(b.State))) schedulePoll(generation, reload);
}

async function builderDetailView(name, generation) {
  const reload = () => builderDetailView(name, generation);
  let builder;
  try {
    builder = (await call('DescribeImageBuilders', { Names: [name] })).ImageBuilders?.[0];
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'ResourceNotFoundException') throw error;
  }
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

// ---- start ---------------------------------------------------------------------------------

async function render() {
  const generation = ++viewGeneration;
  clearTimeout(pollTimer);
  const { path, params } = parseHash();
  const account = params.get('account');
  const region = params.get('region');
  if (account && /^\d{12}$/.test(account)) state.account = account;
  if (region) state.region = region;
  document.getElementById('account').value = state.account;
  document.getElementById('region').value = state.region;
  const inBuilders = path.startsWith('builder');
  document.getElementById('nav-images').setAttribute('href', href('images/public'));
  document.getElementById('nav-builders').setAttribute('href', href('builders'));
  document.getElementById('nav-images').toggleAttribute('aria-current', !inBuilders);
  document.getElementById('nav-builders').toggleAttribute('aria-current', inBuilders);
  refreshMeta().catch(() => {});
  await guarded(async () => {
    if (path.startsWith('images/')) await imagesView(path.slice('images/'.length), generation);
    else if (path === 'image') await imageDetailView(params.get('arn') ?? '', generation);
    else if (path === 'builders') await buildersView(generation);
    else if (path === 'builder') await builderDetailView(params.get('name') ?? '', generation);
    else await imagesView('public', generation);
  });
}

function wireHeader() {
  document.getElementById('context-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const account = document.getElementById('account').value.trim();
    const region = document.getElementById('region').value.trim();
    if (!/^\d{12}$/.test(account)) {
      notify('error', `Account '${account}' is not a 12-digit account ID.`);
      return;
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
      notify('error', `Region '${region}' is not a region name (e.g. us-east-1).`);
      return;
    }
    state.account = account;
    state.region = region;
    const { path, params } = parseHash();
    // A detail page belongs to one account: switching goes to the list.
    const listPath = path === 'image' ? 'images/private' : path === 'builder' ? 'builders' : path;
    params.delete('account');
    params.delete('region');
    go(listPath, path === listPath ? Object.fromEntries(params) : {});
  });
  for (const id of ['account', 'region']) {
    document.getElementById(id).addEventListener('change', () => document.getElementById('context-form').requestSubmit());
  }
  document.getElementById('advance-clock').addEventListener('click', () => advanceClock());
  document.getElementById('fail-next').addEventListener('click', () => failNext());
  document.getElementById('reset-account').addEventListener('click', () => resetAccount());
}

async function start() {
  const { params } = parseHash();
  try {
    await refreshMeta();
    if (!params.get('account') && state.accounts.length > 0) state.account = state.accounts[0].AccountId;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      tokenPrompt(() => start());
      return;
    }
  }
  await render();
}

wireHeader();
start();

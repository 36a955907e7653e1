// The console's shell: the selected account and region, hash routing, the server calls, page
// scaffolding shared by every page, the emulator toolbar (clock, failures, reset), and the
// registry of pages. Each family's page is a module under pages/ that calls registerPage();
// console.js imports them (one line per page).
import {
  ApiError,
  BASE,
  api,
  badge,
  captureToken,
  field,
  fmtTime,
  h,
  notify,
  openDialog,
  platformLabel,
  setToken,
  setTransitionalStates,
  table,
} from './common.js';

captureToken();

const POLL_MS = 1500;
export const PAGE_SIZE = 25;
const DEFAULT_ACCOUNT = '000000000000';
const DEFAULT_REGION = 'us-east-1';
export const TIME_MEMBERS = new Set(['CreatedTime', 'PublicBaseImageReleasedDate', 'ErrorTimestamp', 'StartTime', 'MaxExpirationTime', 'LastModifiedTime', 'CreatedDate', 'LastGeneratedReportDate', 'Expires']);

export const state = {
  account: DEFAULT_ACCOUNT,
  region: DEFAULT_REGION,
  accounts: [],
  knownRegions: [],
  /** Emulated now minus this browser's now, in ms (the header clock ticks locally). */
  clockSkewMs: 0,
  transitionSeconds: undefined,
  /** The model's enums by shape name (served by the console API, never copied here). */
  enums: {},
  /** The operations whose transitions can be made to fail (POST /_appstream/failures). */
  failingOperations: [],
  /** Per (account, region, tab): filters and the tokens of the pages seen. */
  lists: new Map(),
};

/** Bumped by every render: a view whose generation is older drops its late answers. */
export let viewGeneration = 0;
let pollTimer;

// ---- pages ---------------------------------------------------------------------------------

/**
 * The registered pages. A page: { id, group, label, home (its list path),
 * routes: [{ match(path) -> bool, view(path, params, generation) }],
 * listOf(path) -> the list path a detail path belongs to (account switches go there) }.
 */
const pages = [];

export function registerPage(page) {
  pages.push(page);
}

function pageOf(path) {
  return pages.find((p) => p.routes.some((r) => r.match(path)));
}

// ---- routing -------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)) || pages[0]?.home || '';
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, params };
}

export function href(path, extra = {}) {
  const params = new URLSearchParams({ account: state.account, region: state.region, ...extra });
  return `#/${path}?${params}`;
}

export function go(path, extra) {
  location.hash = href(path, extra);
}

window.addEventListener('hashchange', () => render());

// ---- server calls --------------------------------------------------------------------------

/** One AppStream operation as the selected account and region. */
export function call(operation, input = {}) {
  return api(`${BASE}/api/call`, { AccountId: state.account, Region: state.region, Operation: operation, Input: input });
}

export async function refreshMeta() {
  const meta = await api(`${BASE}/api/accounts`, {});
  state.accounts = meta.Accounts ?? [];
  state.knownRegions = meta.KnownRegions ?? [];
  state.transitionSeconds = meta.TransitionSeconds;
  state.enums = meta.Enums ?? {};
  state.failingOperations = meta.FailingOperations ?? [];
  setTransitionalStates(meta.TransitionalStates ?? []);
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

export function setView(...nodes) {
  document.getElementById('view').replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

export function schedulePoll(generation, fn) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(() => {
    if (generation !== viewGeneration) return;
    refreshMeta().catch(() => {});
    fn();
  }, POLL_MS);
}

export function pageHeader(title, description, actions = []) {
  return h(
    'div',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, title), description ? h('p', { class: 'page-description' }, description) : null),
    h('div', { class: 'page-actions' }, actions),
  );
}

/** The tabs of the pages of one sidebar group (e.g. Images: Image registry, Image builders). */
export function groupTabs(activeId) {
  const group = pages.find((p) => p.id === activeId)?.group;
  return h(
    'div',
    { class: 'tabs tabs-main', role: 'tablist', 'aria-label': 'Resources' },
    pages
      .filter((p) => p.group === group)
      .map((p) =>
        h('a', { role: 'tab', class: 'tab', href: href(p.home), 'aria-selected': String(p.id === activeId), 'aria-current': p.id === activeId ? 'page' : undefined }, p.tabLabel ?? p.label),
      ),
  );
}

export function errorBox(error) {
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

// ---- parts of detail pages -----------------------------------------------------------------

export function memberValue(key, value) {
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

export function section(title, ...content) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id, class: 'panel-title' }, title), content);
}

/** Loads a part of a page; its failure shows in place, not instead of the page. */
export async function part(load) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return errorBox(error);
  }
}

/** The tags of a resource the selected account owns. */
export async function tagsPart(resource) {
  const out = await call('ListTagsForResource', { ResourceArn: resource.Arn });
  const rows = Object.entries(out.Tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return table({ caption: 'Tags', columns: [{ label: 'Key', key: 'Key' }, { label: 'Value', key: 'Value' }], rows, empty: 'No tags.' });
}

export function timeline(out) {
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

/** A paged list's tokens per (account, region, key): the pager of every list page. */
export function pagerState(key) {
  const full = `${state.account}|${state.region}|${key}`;
  let paging = state.lists.get(full);
  if (!paging) {
    paging = { tokens: [undefined], page: 0 };
    state.lists.set(full, paging);
  }
  return paging;
}

/**
 * One page of a paged operation for a list page: the pager's state under `key`, the page's token
 * sent with `input`, the next page's token kept. A refused call (other than a missing control
 * token, which the shell answers with its prompt) gives an empty page and `unavailable`, so the
 * page shows the error in place.
 */
export async function listPage(key, operation, input = {}) {
  const paging = pagerState(key);
  const token = paging.tokens[paging.page];
  let out = {};
  let unavailable;
  try {
    out = await call(operation, token ? { ...input, NextToken: token } : input);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    unavailable = error;
  }
  paging.tokens[paging.page + 1] = out.NextToken;
  return { paging, out, unavailable };
}

/**
 * The one resource a Describe* call with a name or ARN filter answers, or undefined when the
 * service answers ResourceNotFoundException (deleted, or never there); other errors are thrown.
 */
export async function describeOne(operation, input, itemsKey) {
  try {
    return (await call(operation, input))[itemsKey]?.[0];
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** "‹ Previous page · Page n · Next page ›" for a paging state and the page's NextToken. */
export function pager(paging, nextToken, reload) {
  return h(
    'div',
    { class: 'pager', role: 'navigation', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'btn btn-small', disabled: paging.page === 0, onclick: () => ((paging.page -= 1), reload()) }, '‹ Previous page'),
    h('span', { class: 'page-number' }, `Page ${paging.page + 1}`),
    h('button', { type: 'button', class: 'btn btn-small', disabled: !nextToken, onclick: () => ((paging.page += 1), reload()) }, 'Next page ›'),
  );
}

// ---- actions -------------------------------------------------------------------------------

/** Confirms, runs, and reports an action; answers whether it succeeded. */
export async function act(dialog, run, success) {
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
      message: `The next transitions of this kind fail: an image, image builder or export task ends FAILED with the matching StateChangeReason and errors; a started fleet stays STARTING with FleetErrors; an app block builder falls back to STOPPED with its errors.${planned}`,
      fields: [
        field('Operation', h('select', { name: 'operation', required: true }, state.failingOperations.map((op) => h('option', { value: op }, op)))),
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
      message: `Delete every resource, share and tag of account ${state.account} (all regions)? Public images stay.`,
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

// ---- start ---------------------------------------------------------------------------------

export async function render() {
  const generation = ++viewGeneration;
  clearTimeout(pollTimer);
  const { path, params } = parseHash();
  const account = params.get('account');
  const region = params.get('region');
  if (account && /^\d{12}$/.test(account)) state.account = account;
  if (region) state.region = region;
  document.getElementById('account').value = state.account;
  document.getElementById('region').value = state.region;
  const current = pageOf(path) ?? pages[0];
  renderNav(current);
  refreshMeta().catch(() => {});
  await guarded(async () => {
    const route = current.routes.find((r) => r.match(path)) ?? current.routes[0];
    await route.view(route.match(path) ? path : current.home, params, generation);
  });
}

/** The sidebar: the registered pages by group, the current one marked. */
function renderNav(current) {
  const groups = [...new Set(pages.map((p) => p.group))];
  document.getElementById('nav').replaceChildren(
    ...groups.flatMap((group) => [
      h('h2', { class: 'sidebar-title' }, group),
      h(
        'ul',
        {},
        pages
          .filter((p) => p.group === group)
          .map((p) => h('li', {}, h('a', { id: `nav-${p.id}`, href: href(p.home), 'aria-current': p === current ? 'true' : undefined }, p.label))),
      ),
    ]),
  );
}

export function wireHeader() {
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
    const page = pageOf(path);
    const listPath = page?.listOf ? page.listOf(path) : path;
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

export async function start() {
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

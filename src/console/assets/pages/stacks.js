// Stacks: the list (with each stack's fleet), a stack's details (members, fleet association,
// theme, tags), and the actions create, associate, disassociate and delete, each confirmed.
// Stacks have no states of their own; the associated fleet's state is shown and polled while
// it moves.
import { ApiError, badge, detailsList, field, fmtTime, h, isTransitional, table } from '../common.js';
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
  viewGeneration,
} from '../shell.js';

const STACK_MEMBERS = [
  'Name', 'Arn', 'DisplayName', 'Description', 'CreatedTime', 'UserSettings', 'ApplicationSettings', 'StorageConnectors',
  'RedirectURL', 'FeedbackURL', 'AccessEndpoints', 'EmbedHostDomains', 'StreamingExperienceSettings', 'ContentRedirection',
  'AgentAccessConfig', 'StackErrors',
];
const THEME_MEMBERS = ['State', 'ThemeTitleText', 'ThemeStyling', 'ThemeOrganizationLogoURL', 'ThemeFaviconURL', 'ThemeFooterLinks', 'CreatedTime'];

/** The theme's images (the emulator serves their URLs) shown with their URLs; other members as usual. */
const THEME_IMAGES = { ThemeOrganizationLogoURL: 'Theme logo', ThemeFaviconURL: 'Theme favicon' };
function themeValue(key, value) {
  if (!THEME_IMAGES[key] || !value) return memberValue(key, value);
  return h('span', {}, h('img', { src: value, alt: THEME_IMAGES[key], height: 32, class: 'theme-image' }), ' ', value);
}

/** The stack's fleet (name and state), or null; a fleet that cannot be described shows by name only. */
async function fleetOf(stackName) {
  const names = (await call('ListAssociatedFleets', { StackName: stackName })).Names ?? [];
  if (names.length === 0) return null;
  try {
    const fleet = (await call('DescribeFleets', { Names: [names[0]] })).Fleets?.[0];
    return { Name: names[0], State: fleet?.State };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return { Name: names[0] };
  }
}

const fleetCell = (fleet) => (fleet ? h('span', {}, fleet.Name, fleet.State ? ' ' : '', fleet.State ? badge(fleet.State) : null) : h('span', { class: 'muted' }, 'none'));

async function stacksView(generation) {
  const reload = () => stacksView(generation);
  const { paging, out, unavailable } = await listPage('stacks', 'DescribeStacks');
  const stacks = out.Stacks ?? [];
  const fleets = await Promise.all(stacks.map((s) => fleetOf(s.Name).catch(() => undefined)));
  if (generation !== viewGeneration) return;
  const fleetByStack = new Map(stacks.map((s, i) => [s.Name, fleets[i]]));
  const rowActions = (s) => {
    const fleet = fleetByStack.get(s.Name);
    return h(
      'div',
      { class: 'row-actions' },
      fleet
        ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Disassociate ${fleet.Name} from ${s.Name}`, onclick: () => disassociate(s.Name, fleet.Name, reload) }, 'Disassociate')
        : h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Associate a fleet with ${s.Name}`, onclick: () => associate(s.Name, reload) }, 'Associate fleet'),
      h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${s.Name}`, onclick: () => deleteStack(s.Name, () => reload()) }, 'Delete'),
    );
  };
  setView(
    pageHeader('Stacks', `Stacks of account ${state.account} in ${state.region}. A stack has at most one fleet; a stack with a fleet cannot be deleted.`, [
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => createStack(reload) }, 'Create stack'),
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
    ]),
    groupTabs('stacks'),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({
        caption: 'Stacks',
        columns: [
          { label: 'Name', tdClass: 'nowrap', render: (s) => h('a', { href: href('stack', { name: s.Name }) }, s.Name) },
          { label: 'Display name', render: (s) => s.DisplayName ?? '-' },
          { label: 'Fleet', render: (s) => (fleetByStack.get(s.Name) === undefined ? '-' : fleetCell(fleetByStack.get(s.Name))) },
          { label: 'Storage', render: (s) => (s.StorageConnectors ?? []).map((c) => c.ConnectorType).join(', ') || '-' },
          { label: 'Created', tdClass: 'nowrap', render: (s) => fmtTime(s.CreatedTime) },
          { label: 'Actions', render: rowActions },
        ],
        rows: stacks,
        rowLabel: (s) => s.Name,
        empty: 'No stacks in this account and region.',
      }),
      h(
        'div',
        { class: 'table-footer' },
        h('span', { class: 'count' }, `${stacks.length} stack${stacks.length === 1 ? '' : 's'} on this page`),
        pager(paging, out.NextToken, reload),
      ),
    ),
  );
  if (fleets.some((f) => f && isTransitional(f.State))) schedulePoll(generation, reload);
}

async function stackDetailView(name, generation) {
  const reload = () => stackDetailView(name, generation);
  const stack = await describeOne('DescribeStacks', { Names: [name] }, 'Stacks');
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href('stacks') }, 'Stacks');
  if (!stack) {
    setView(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', name), pageHeader('Stack not found', `No stack ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const [fleet, theme, tags] = await Promise.all([
    part(() => fleetOf(stack.Name)),
    part(async () => {
      try {
        return (await call('DescribeThemeForStack', { StackName: stack.Name })).Theme ?? null;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ResourceNotFoundException') return null;
        throw error;
      }
    }),
    part(() => tagsPart(stack)),
  ]);
  if (generation !== viewGeneration) return;
  const fleetPart =
    fleet instanceof Node
      ? fleet
      : h(
          'div',
          {},
          detailsList([['Fleet', fleetCell(fleet)]]),
          h(
            'div',
            { class: 'row-actions' },
            fleet
              ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => disassociate(stack.Name, fleet.Name, reload) }, 'Disassociate fleet')
              : h('button', { type: 'button', class: 'btn btn-small', onclick: () => associate(stack.Name, reload) }, 'Associate fleet'),
          ),
        );
  const themePart = theme instanceof Node ? theme : theme ? detailsList(THEME_MEMBERS.map((key) => [key, themeValue(key, theme[key])])) : h('p', { class: 'muted' }, 'No theme.');
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', stack.Name),
    pageHeader(stack.Name, stack.DisplayName ?? stack.Description, [
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => deleteStack(stack.Name, () => (location.hash = href('stacks'))) }, 'Delete'),
    ]),
    section('Details', detailsList(STACK_MEMBERS.map((key) => [key, memberValue(key, stack[key])]))),
    section('Fleet', fleetPart),
    section('Theme', themePart),
    section('Tags', tags),
  );
  if (fleet && !(fleet instanceof Node) && isTransitional(fleet.State)) schedulePoll(generation, reload);
}

async function createStack(reload) {
  const ok = await act(
    {
      title: 'Create a stack',
      message: 'A new stack has all user settings enabled and application settings off.',
      fields: [
        field('Name', h('input', { name: 'name', required: true, pattern: '[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,100}', autocomplete: 'off' })),
        field('Display name', h('input', { name: 'displayName', maxlength: 100, autocomplete: 'off' })),
      ],
      confirmLabel: 'Create',
    },
    (v) => call('CreateStack', { Name: v.name, ...(v.displayName ? { DisplayName: v.displayName } : {}) }),
    (out) => `Created stack ${out.Stack.Name}.`,
  );
  if (ok) reload();
}

async function associate(stackName, reload) {
  const ok = await act(
    {
      title: `Associate a fleet with ${stackName}`,
      message: 'A stack has at most one fleet; a fleet may serve many stacks.',
      fields: [field('Fleet name', h('input', { name: 'fleet', required: true, autocomplete: 'off' }))],
      confirmLabel: 'Associate',
    },
    (v) => call('AssociateFleet', { StackName: stackName, FleetName: v.fleet }),
    (_out, v) => `Associated fleet ${v.fleet} with stack ${stackName}.`,
  );
  if (ok) reload();
}

async function disassociate(stackName, fleetName, reload) {
  const ok = await act(
    { title: `Disassociate ${fleetName}`, message: `Disassociate fleet ${fleetName} from stack ${stackName}?`, confirmLabel: 'Disassociate' },
    () => call('DisassociateFleet', { StackName: stackName, FleetName: fleetName }),
    `Disassociated fleet ${fleetName} from stack ${stackName}.`,
  );
  if (ok) reload();
}

async function deleteStack(stackName, done) {
  const ok = await act(
    { title: `Delete ${stackName}`, message: `Delete stack ${stackName} with its theme and tags?`, confirmLabel: 'Delete', danger: true },
    () => call('DeleteStack', { Name: stackName }),
    `Deleted stack ${stackName}.`,
  );
  if (ok) done();
}

registerPage({
  id: 'stacks',
  group: 'Fleets and stacks',
  label: 'Stacks',
  home: 'stacks',
  routes: [
    { match: (path) => path === 'stacks', view: (_path, _params, generation) => stacksView(generation) },
    { match: (path) => path === 'stack', view: (_path, params, generation) => stackDetailView(params.get('name') ?? '', generation) },
  ],
  listOf: (path) => (path === 'stack' ? 'stacks' : path),
});

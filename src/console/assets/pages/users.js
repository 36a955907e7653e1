// The user pool: the list (status, enabled), a user's details and stacks, create, enable,
// disable, confirm (what signing in does) and delete, each confirmed.
import { api, detailsList, field, fmtTime, h, table } from '../common.js';
import { act, call, errorBox, groupTabs, href, memberValue, pageHeader, pager, listPage, registerPage, section, setView, state, viewGeneration } from '../shell.js';

const USER_MEMBERS = ['UserName', 'Arn', 'Enabled', 'Status', 'FirstName', 'LastName', 'CreatedTime', 'AuthenticationType'];

/** A settled value as a badge (no spinner: a user's status does not move by itself). */
const plainBadge = (text, kind) => h('span', { class: `badge badge-${kind}`, 'data-state': text }, h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
const enabledBadge = (u) => plainBadge(u.Enabled ? 'ENABLED' : 'DISABLED', u.Enabled ? 'good' : 'neutral');
const statusBadge = (status) => plainBadge(status ?? '-', status === 'CONFIRMED' ? 'good' : 'neutral');

async function usersView(generation) {
  const reload = () => usersView(generation);
  const { paging, out, unavailable } = await listPage('users', 'DescribeUsers', { AuthenticationType: 'USERPOOL', MaxResults: 25 });
  if (generation !== viewGeneration) return;
  const users = out.Users ?? [];
  setView(
    pageHeader('Users', `The user pool of account ${state.account} in ${state.region}. User names are case-sensitive.`, [
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => createUser(reload) }, 'Create user'),
    ]),
    groupTabs('users'),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({
        caption: 'Users',
        columns: [
          { label: 'User name', tdClass: 'nowrap', render: (u) => h('a', { href: href('user', { name: u.UserName }) }, u.UserName) },
          { label: 'Name', render: (u) => [u.FirstName, u.LastName].filter(Boolean).join(' ') || '-' },
          { label: 'Status', render: (u) => statusBadge(u.Status) },
          { label: 'Enabled', render: enabledBadge },
          { label: 'Created', tdClass: 'nowrap', render: (u) => fmtTime(u.CreatedTime) },
          { label: 'Actions', render: (u) => userActions(u, reload) },
        ],
        rows: users,
        rowLabel: (u) => u.UserName,
        empty: 'No users in this account and region.',
      }),
      h('div', { class: 'table-footer' }, h('span', { class: 'count' }, `${users.length} user${users.length === 1 ? '' : 's'} on this page`), pager(paging, out.NextToken, reload)),
    ),
  );
}

/** Disable or enable, then delete; with `withConfirm` (the details page) also Confirm. */
function userActions(u, reload, withConfirm = false) {
  return h(
    'div',
    { class: 'row-actions' },
    u.Enabled
      ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Disable ${u.UserName}`, onclick: () => userAction(u, 'DisableUser', 'Disable', reload) }, 'Disable')
      : h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Enable ${u.UserName}`, onclick: () => userAction(u, 'EnableUser', 'Enable', reload) }, 'Enable'),
    withConfirm && u.Status !== 'CONFIRMED' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Confirm ${u.UserName}`, onclick: () => confirmUser(u, reload) }, 'Confirm') : null,
    h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${u.UserName}`, onclick: () => userAction(u, 'DeleteUser', 'Delete', reload) }, 'Delete'),
  );
}

async function userAction(u, operation, verb, reload) {
  const ok = await act(
    { title: `${verb} ${u.UserName}`, message: `${verb} user ${u.UserName}?${verb === 'Delete' ? ' Its stack associations go with it.' : ''}`, confirmLabel: verb, danger: verb === 'Delete' },
    () => call(operation, { UserName: u.UserName, AuthenticationType: 'USERPOOL' }),
    `${verb}: user ${u.UserName}.`,
  );
  if (ok) reload();
}

async function confirmUser(u, reload) {
  const ok = await act(
    { title: `Confirm ${u.UserName}`, message: `Confirm user ${u.UserName}, as signing in and setting a password does (status CONFIRMED)?`, confirmLabel: 'Confirm' },
    () => api('/_appstream/users/confirm', { AccountId: state.account, Region: state.region, UserName: u.UserName }),
    `Confirmed: user ${u.UserName}.`,
  );
  if (ok) reload();
}

async function createUser(reload) {
  const ok = await act(
    {
      title: 'Create user',
      message: 'A user pool user (MessageAction SUPPRESS: no e-mail is sent).',
      fields: [
        field('User name (e-mail)', h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off' })),
        field('First name', h('input', { type: 'text', name: 'first', autocomplete: 'off' })),
        field('Last name', h('input', { type: 'text', name: 'last', autocomplete: 'off' })),
      ],
      confirmLabel: 'Create',
    },
    (v) =>
      call('CreateUser', {
        UserName: v.name,
        AuthenticationType: 'USERPOOL',
        MessageAction: 'SUPPRESS',
        ...(v.first ? { FirstName: v.first } : {}),
        ...(v.last ? { LastName: v.last } : {}),
      }),
    (_out, v) => `Created: user ${v.name}.`,
  );
  if (ok) reload();
}

/** The user of this account named exactly `name` (DescribeUsers has no name filter: walk the pages). */
async function findUser(name) {
  let token;
  do {
    const out = await call('DescribeUsers', { AuthenticationType: 'USERPOOL', MaxResults: 25, ...(token ? { NextToken: token } : {}) });
    const found = (out.Users ?? []).find((u) => u.UserName === name);
    if (found) return found;
    token = out.NextToken;
  } while (token);
  return undefined;
}

async function userDetailView(name, generation) {
  const reload = () => userDetailView(name, generation);
  const user = await findUser(name);
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href('users') }, 'Users');
  if (!user) {
    setView(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', name), pageHeader('User not found', `No user ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  const stacks = await call('DescribeUserStackAssociations', { UserName: user.UserName, AuthenticationType: 'USERPOOL', MaxResults: 500 }).catch((error) => ({ error }));
  if (generation !== viewGeneration) return;
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', user.UserName),
    pageHeader(h('span', {}, user.UserName, ' ', statusBadge(user.Status), ' ', enabledBadge(user)), [user.FirstName, user.LastName].filter(Boolean).join(' '), [userActions(user, () => reload(), true)]),
    section(
      'Details',
      detailsList(USER_MEMBERS.map((key) => [key, key === 'Enabled' ? String(user.Enabled) : key === 'Status' ? statusBadge(user.Status) : memberValue(key, user[key])])),
    ),
    section(
      'Stacks',
      stacks.error
        ? errorBox(stacks.error)
        : table({
            caption: 'Stacks of the user',
            columns: [{ label: 'Stack', render: (a) => a.StackName }, { label: 'Authentication type', render: (a) => a.AuthenticationType }],
            rows: stacks.UserStackAssociations ?? [],
            rowLabel: (a) => a.StackName,
            empty: 'Not associated with any stack.',
          }),
    ),
  );
}

registerPage({
  id: 'users',
  group: 'Users and directories',
  label: 'Users',
  home: 'users',
  routes: [
    { match: (path) => path === 'users', view: (_path, _params, generation) => usersView(generation) },
    { match: (path) => path === 'user', view: (_path, params, generation) => userDetailView(params.get('name') ?? '', generation) },
  ],
  listOf: (path) => (path === 'user' ? 'users' : path),
});

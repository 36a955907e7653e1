// Directory configs: the list, a config's details (never the password: AWS does not return it),
// create and delete (refused while a fleet or an image builder joins it), each confirmed.
import { detailsList, field, fmtTime, h, table } from '../common.js';
import { act, call, describeOne, errorBox, go, groupTabs, href, memberValue, pageHeader, pager, listPage, registerPage, section, setView, state, viewGeneration } from '../shell.js';

async function configsView(generation) {
  const reload = () => configsView(generation);
  const { paging, out, unavailable } = await listPage('directory-configs', 'DescribeDirectoryConfigs', { MaxResults: 25 });
  if (generation !== viewGeneration) return;
  const configs = out.DirectoryConfigs ?? [];
  setView(
    pageHeader('Directory configs', `Active Directory configs of account ${state.account} in ${state.region}, for fleets and image builders that join a domain.`, [
      h('button', { type: 'button', class: 'btn', onclick: () => reload() }, 'Refresh'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => createConfig(reload) }, 'Create directory config'),
    ]),
    groupTabs('directory-configs'),
    h(
      'section',
      { class: 'panel' },
      unavailable ? errorBox(unavailable) : null,
      table({
        caption: 'Directory configs',
        columns: [
          { label: 'Directory name', tdClass: 'nowrap', render: (c) => h('a', { href: href('directory-config', { name: c.DirectoryName }) }, c.DirectoryName) },
          { label: 'Organizational units', render: (c) => String((c.OrganizationalUnitDistinguishedNames ?? []).length) },
          { label: 'Service account', render: (c) => c.ServiceAccountCredentials?.AccountName ?? '-' },
          { label: 'Certificate-based auth', render: (c) => c.CertificateBasedAuthProperties?.Status ?? '-' },
          { label: 'Created', tdClass: 'nowrap', render: (c) => fmtTime(c.CreatedTime) },
          { label: 'Actions', render: (c) => deleteButton(c, reload) },
        ],
        rows: configs,
        rowLabel: (c) => c.DirectoryName,
        empty: 'No directory configs in this account and region.',
      }),
      h('div', { class: 'table-footer' }, h('span', { class: 'count' }, `${configs.length} config${configs.length === 1 ? '' : 's'} on this page`), pager(paging, out.NextToken, reload)),
    ),
  );
}

function deleteButton(config, after) {
  return h(
    'button',
    { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${config.DirectoryName}`, onclick: () => deleteConfig(config, after) },
    'Delete',
  );
}

async function deleteConfig(config, after) {
  const ok = await act(
    { title: `Delete ${config.DirectoryName}`, message: `Delete directory config ${config.DirectoryName}? A config that a fleet or an image builder joins cannot be deleted.`, confirmLabel: 'Delete', danger: true },
    () => call('DeleteDirectoryConfig', { DirectoryName: config.DirectoryName }),
    `Deleted: directory config ${config.DirectoryName}.`,
  );
  if (ok) after();
}

async function createConfig(reload) {
  const ok = await act(
    {
      title: 'Create directory config',
      message: 'The domain, an organizational unit for computer objects, and the service account that joins them.',
      fields: [
        field('Directory name', h('input', { type: 'text', name: 'name', required: true, placeholder: 'corp.example.com', autocomplete: 'off' })),
        field('Organizational unit', h('input', { type: 'text', name: 'ou', placeholder: 'OU=AppStream,DC=corp,DC=example,DC=com', autocomplete: 'off' })),
        field('Service account name', h('input', { type: 'text', name: 'account', autocomplete: 'off' })),
        field('Service account password', h('input', { type: 'password', name: 'password', autocomplete: 'off' })),
      ],
      confirmLabel: 'Create',
    },
    (v) =>
      call('CreateDirectoryConfig', {
        DirectoryName: v.name,
        OrganizationalUnitDistinguishedNames: v.ou ? [v.ou] : [],
        ...(v.account ? { ServiceAccountCredentials: { AccountName: v.account, AccountPassword: v.password || '-' } } : {}),
      }),
    (_out, v) => `Created: directory config ${v.name}.`,
  );
  if (ok) reload();
}

async function configDetailView(name, generation) {
  const config = await describeOne('DescribeDirectoryConfigs', { DirectoryNames: [name] }, 'DirectoryConfigs');
  if (generation !== viewGeneration) return;
  const back = h('a', { href: href('directory-configs') }, 'Directory configs');
  if (!config) {
    setView(h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', name), pageHeader('Directory config not found', `No directory config ${name} in account ${state.account}, ${state.region}.`));
    return;
  }
  setView(
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, back, ' › ', config.DirectoryName),
    pageHeader(config.DirectoryName, 'The service account password is never shown: AWS does not return it.', [deleteButton(config, () => go('directory-configs'))]),
    section(
      'Details',
      detailsList([
        ['DirectoryName', config.DirectoryName],
        ['ServiceAccountCredentials.AccountName', config.ServiceAccountCredentials?.AccountName],
        ['CertificateBasedAuthProperties', memberValue('CertificateBasedAuthProperties', config.CertificateBasedAuthProperties)],
        ['CreatedTime', memberValue('CreatedTime', config.CreatedTime)],
      ]),
    ),
    section(
      'Organizational units',
      table({
        caption: 'Organizational units',
        columns: [{ label: 'Distinguished name', render: (ou) => h('code', {}, ou) }],
        rows: config.OrganizationalUnitDistinguishedNames ?? [],
        empty: 'None.',
      }),
    ),
  );
}

registerPage({
  id: 'directory-configs',
  group: 'Users and directories',
  label: 'Directory configs',
  home: 'directory-configs',
  routes: [
    { match: (path) => path === 'directory-configs', view: (_path, _params, generation) => configsView(generation) },
    { match: (path) => path === 'directory-config', view: (_path, params, generation) => configDetailView(params.get('name') ?? '', generation) },
  ],
  listOf: (path) => (path === 'directory-config' ? 'directory-configs' : path),
});

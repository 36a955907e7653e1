// The Image Assistant page behind a builder's streaming URL: add applications to the
// builder's catalogue, then create an image from it. The URL's signed token authorizes every
// call (no control token is needed here).
import { ApiError, BASE, badge, detailsList, field, fmtTime, h, isTransitional, notify, openDialog, platformLabel, table, api } from './common.js';

const token = location.pathname.split('/').filter(Boolean).pop() ?? '';
const endpoint = (action) => `${BASE}/streaming/${token}/${action}`;
let pollTimer;
let created = null;

function setView(...nodes) {
  document.getElementById('view').replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

function message(error) {
  return `${error.code && !String(error.code).startsWith('HTTP') ? `${error.code}: ` : ''}${error.message}`;
}

function sessionBar(s) {
  document.getElementById('session-bar').replaceChildren(
    h('span', {}, 'Image builder ', h('strong', {}, s.ImageBuilder.Name)),
    h('span', {}, 'Account ', h('strong', {}, s.AccountId)),
    h('span', {}, 'Region ', h('strong', {}, s.Region)),
    h('span', {}, 'Session valid until ', h('strong', {}, fmtTime(s.Expires))),
  );
}

function consoleLink(s, image) {
  const params = new URLSearchParams({ account: s.AccountId, region: s.Region, arn: image.Arn });
  return h('a', { href: `${BASE}/#/image?${params}` }, 'Open the image in the console');
}

async function load() {
  clearTimeout(pollTimer);
  let s;
  try {
    s = await api(endpoint('session'), {});
  } catch (error) {
    setView(h('section', { class: 'panel error-page', role: 'alert' }, h('h1', {}, 'The streaming session ended'), h('p', {}, message(error))));
    return;
  }
  sessionBar(s);
  render(s);
  if (isTransitional(s.ImageBuilder.State)) pollTimer = setTimeout(load, 1500);
}

function render(s) {
  const b = s.ImageBuilder;
  const running = b.State === 'RUNNING';
  const apps = s.Applications ?? [];

  const appForm = h(
    'form',
    {
      class: 'assistant-form',
      'aria-label': 'Add application',
      onsubmit: async (event) => {
        event.preventDefault();
        const form = event.target;
        const values = Object.fromEntries(new FormData(form));
        try {
          await api(endpoint('add-application'), values);
          notify('success', `Application ${values.Name} was added to the image builder's catalogue.`);
          form.reset();
          await load();
        } catch (error) {
          notify('error', message(error));
        }
      },
    },
    h(
      'fieldset',
      { class: 'plain', disabled: !running },
      h(
        'div',
        { class: 'form-grid' },
        field('Application name', h('input', { name: 'Name', required: true, maxlength: 100, placeholder: 'notepad' })),
        field('Application display name', h('input', { name: 'DisplayName', maxlength: 100, placeholder: 'Notepad' })),
        field('Absolute app path', h('input', { name: 'AbsoluteAppPath', required: true, placeholder: 'C:\\Windows\\System32\\notepad.exe' }), 'The launch path of the application on the builder'),
        field('Launch parameters', h('input', { name: 'LaunchParameters', placeholder: '/A "C:\\Users\\Public\\readme.txt"' })),
        field('Working directory', h('input', { name: 'WorkingDirectory', placeholder: 'C:\\Users\\Public' })),
      ),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add application'),
    ),
  );

  const imageForm = h(
    'form',
    {
      class: 'assistant-form',
      'aria-label': 'Create image',
      onsubmit: async (event) => {
        event.preventDefault();
        const form = event.target;
        const data = new FormData(form);
        const values = {
          Name: data.get('Name'),
          DisplayName: data.get('DisplayName') || undefined,
          Description: data.get('Description') || undefined,
          UseLatestAgentVersion: data.get('UseLatestAgentVersion') === 'on',
        };
        const ok = await openDialog({
          title: 'Disconnect and create image',
          message: `Create image ${values.Name} from ${b.Name} with ${apps.length} application${apps.length === 1 ? '' : 's'}? The session ends: the builder snapshots, then stops.`,
          confirmLabel: 'Create image',
        });
        if (!ok) return;
        try {
          const out = await api(endpoint('create-image'), values);
          created = out.Image;
          notify('success', `Image ${created.Name} is being created (${created.State}).`);
          await load();
        } catch (error) {
          notify('error', message(error));
        }
      },
    },
    h(
      'fieldset',
      { class: 'plain', disabled: !running },
      h(
        'div',
        { class: 'form-grid' },
        field('Image name', h('input', { name: 'Name', required: true, maxlength: 100, pattern: '[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,100}', placeholder: 'my-image' })),
        field('Image display name', h('input', { name: 'DisplayName', maxlength: 100 })),
        field('Image description', h('input', { name: 'Description', maxlength: 256 })),
        field('Always use the latest agent version', h('input', { type: 'checkbox', name: 'UseLatestAgentVersion' })),
      ),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Disconnect and create image'),
    ),
  );

  setView(
    h(
      'div',
      { class: 'page-header' },
      h('div', {}, h('h1', {}, h('span', {}, 'Image Assistant ', badge(b.State))), h('p', { class: 'page-description' }, `Image builder ${b.Name}: add the applications your users stream, then create an image.`)),
    ),
    h(
      'ol',
      { class: 'assistant-steps', 'aria-label': 'Steps' },
      h('li', { 'aria-current': !created ? 'step' : undefined }, 'Add apps'),
      h('li', {}, 'Configure image'),
      h('li', { 'aria-current': created ? 'step' : undefined }, 'Review and create'),
    ),
    created
      ? h(
          'section',
          { class: 'panel', 'aria-labelledby': 'created-title' },
          h('h2', { id: 'created-title', class: 'panel-title' }, 'Image created'),
          detailsList([
            ['Name', created.Name],
            ['State', badge(created.State)],
            ['Arn', created.Arn],
            ['Applications', String((created.Applications ?? []).length)],
          ]),
          h('p', {}, consoleLink(s, created)),
        )
      : null,
    !running && !created
      ? h('div', { class: 'flash flash-info', role: 'status' }, `The image builder is ${b.State}: it must be RUNNING to add applications or create an image.`)
      : null,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'builder-title' },
      h('h2', { id: 'builder-title', class: 'panel-title' }, 'Image builder'),
      detailsList([
        ['Name', b.Name],
        ['State', badge(b.State)],
        ['Instance type', b.InstanceType],
        ['Platform', platformLabel(b.Platform)],
        ['Source image', b.ImageArn],
        ['Agent version', b.AppstreamAgentVersion],
      ]),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'apps-title' },
      h('h2', { id: 'apps-title', class: 'panel-title' }, '1. Add apps'),
      table({
        caption: 'Applications in the image catalogue',
        columns: [
          { label: 'Name', render: (a) => a.Name },
          { label: 'Display name', render: (a) => a.DisplayName ?? '-' },
          { label: 'Launch path', render: (a) => h('code', {}, a.AbsoluteAppPath ?? a.LaunchPath ?? '-') },
          { label: 'Launch parameters', render: (a) => (a.LaunchParameters ? h('code', {}, a.LaunchParameters) : '-') },
          { label: 'Working directory', render: (a) => a.WorkingDirectory ?? '-' },
        ],
        rows: apps,
        rowLabel: (a) => a.Name,
        empty: 'No applications yet: add the first one below.',
      }),
      h('h3', {}, 'Add an application'),
      appForm,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'image-title' },
      h('h2', { id: 'image-title', class: 'panel-title' }, '2. Configure and create the image'),
      imageForm,
    ),
  );
}

load().catch((error) => notify('error', message(error instanceof ApiError ? error : new Error(String(error)))));

// Shared helpers of the console's pages: DOM building (never innerHTML with data), the JSON
// API with the control token, formatting, state badges, dialogs and notifications.

// The control API's root, under whatever path prefix a proxy in front of the emulator adds
// (--public-url https://host/prefix): this module is <root>console/assets/common.js.
const CONTROL_ROOT = new URL('../../', import.meta.url).pathname;
export const BASE = `${CONTROL_ROOT}console`;
const TOKEN_KEY = 'appstream-local.controlToken';

/** `?token=...` once in the address: kept for this tab's session, then removed from the URL. */
export function captureToken() {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token !== null) {
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Builds an element: h('a', {href, class, onclick}, 'text', child, [children]). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** POST (or GET) JSON to the server; errors become ApiError with the API's __type. */
export async function api(path, body, method = 'POST') {
  // Paths are spelled from the server's root (/_appstream/clock); the prefix, if any, goes first.
  if (path.startsWith('/_appstream/')) path = CONTROL_ROOT + path.slice('/_appstream/'.length);
  const headers = { accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('The emulator cannot be reached. Is it still running?', 'NetworkError', 0);
  }
  const text = await res.text();
  let data = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  if (!res.ok) throw new ApiError(data.message ?? data.Message ?? `${res.status} ${res.statusText}`, data.__type ?? `HTTP${res.status}`, res.status);
  return data;
}

// ---- formatting ----------------------------------------------------------------------------

/** Epoch seconds (as the API encodes timestamps) to "2026-11-26 20:31:05 UTC". */
export function fmtTime(value) {
  if (value === undefined || value === null || value === '') return '-';
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) return String(value);
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

const PLATFORM_LABELS = {
  WINDOWS: 'Windows',
  WINDOWS_SERVER_2016: 'Windows Server 2016',
  WINDOWS_SERVER_2019: 'Windows Server 2019',
  WINDOWS_SERVER_2022: 'Windows Server 2022',
  WINDOWS_SERVER_2025: 'Windows Server 2025',
  AMAZON_LINUX2: 'Amazon Linux 2',
  RHEL8: 'Red Hat Enterprise Linux 8',
  ROCKY_LINUX8: 'Rocky Linux 8',
  UBUNTU_PRO_2404: 'Ubuntu Pro 24.04',
};
/** A platform's display name (the model's enum value when it has none). */
export const platformLabel = (p) => (p ? PLATFORM_LABELS[p] ?? p : '-');

// Settled states; any other state shows a spinner (it is moving). COMPLETED and TIMED_OUT end an
// export task, INACTIVE is an APPSTREAM2 app block waiting for a builder: none of them moves by itself.
const GOOD = new Set(['AVAILABLE', 'RUNNING', 'ACTIVE', 'COMPLETED']);
const BAD = new Set(['FAILED', 'TIMED_OUT']);
const NEUTRAL = new Set(['STOPPED', 'DEPRECATED', 'INACTIVE']);
const WARN = new Set(['DELETING', 'STOPPING']);
/** States that settle by time, from the families' state machines (the server's console API says which). */
let transitional = new Set();
export function setTransitionalStates(states) {
  transitional = new Set(states);
}
/** A transition in progress: the page polls while one shows. */
export const isTransitional = (state) => Boolean(state) && transitional.has(state);

/** A state with its colour (and a spinner while it moves). */
export function badge(state) {
  if (!state) return h('span', { class: 'badge badge-neutral' }, '-');
  const kind = GOOD.has(state) ? 'good' : BAD.has(state) ? 'bad' : NEUTRAL.has(state) ? 'neutral' : WARN.has(state) ? 'warn' : 'info';
  return h(
    'span',
    { class: `badge badge-${kind}`, 'data-state': state },
    kind === 'info' || kind === 'warn' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : h('span', { class: 'dot', 'aria-hidden': 'true' }),
    state,
  );
}

// ---- notifications -------------------------------------------------------------------------

/** A result message at the top of the page: kind 'success' | 'error' | 'info'. */
export function notify(kind, text) {
  const area = document.getElementById('flash');
  if (!area) return;
  const item = h(
    'div',
    { class: `flash flash-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'flash-text' }, text),
    h('button', { type: 'button', class: 'flash-close', 'aria-label': 'Dismiss message', onclick: () => item.remove() }, '×'),
  );
  area.replaceChildren(item);
}

// ---- dialogs -------------------------------------------------------------------------------

let dialogCount = 0;

/**
 * A modal confirmation: resolves to the form's values (an object) on confirm, null on cancel.
 * `fields` are nodes placed in the form (labels with inputs named for the result).
 */
export function openDialog({ title, message, fields = [], confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const id = `dialog-title-${++dialogCount}`;
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { id, class: 'dialog-title' }, title),
      message ? h('p', { class: 'dialog-message' }, message) : null,
      fields,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn btn-link', value: 'cancel', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, value: 'confirm' }, confirmLabel),
      ),
    );
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': id }, form);
    let values = null;
    form.addEventListener('submit', (event) => {
      const submitter = event.submitter;
      if (submitter && submitter.value !== 'confirm') return;
      if (!form.checkValidity()) return;
      values = {};
      for (const el of form.elements) {
        if (!el.name) continue;
        values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(values);
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

/** A labelled input for a dialog or form. */
export function field(label, input, hint) {
  if (input.type === 'checkbox') return h('label', { class: 'field field-check' }, input, ' ', label);
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** A description list of label/value pairs. */
export function detailsList(pairs) {
  return h(
    'dl',
    { class: 'details' },
    pairs.map(([label, value]) => h('div', { class: 'details-item' }, h('dt', {}, label), h('dd', {}, value === undefined || value === null || value === '' ? '-' : value))),
  );
}

export function table({ caption, columns, rows, empty, rowLabel }) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => (c.header instanceof Node ? c.header : h('th', { scope: 'col', ...(c.thProps ?? {}) }, c.label))))),
      h(
        'tbody',
        {},
        rows.length === 0
          ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty ?? 'Nothing to show.'))
          : rows.map((row) => h('tr', rowLabel ? { 'data-name': rowLabel(row) } : {}, columns.map((c) => h('td', c.tdClass ? { class: c.tdClass } : {}, c.render ? c.render(row) : row[c.key] ?? '-')))),
      ),
    ),
  );
}

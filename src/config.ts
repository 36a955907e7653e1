// The server's settings: their defaults, their CLI flags, and the one validation that both
// `appstream-local start --flags` and `startServer({ options })` go through, so a value is
// refused with the same message wherever it comes from, and an unknown name is an error.
import type { AuthMode } from './pipeline/identity.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * The quotas, per account and region, with AWS's defaults: one line per quota. `--quota K=N,...`
 * and `startServer({ quotas: { K: N } })` take exactly these keys; handlers read
 * `deps.settings.quotas.K`.
 */
export const QUOTAS = {
  images: { default: 10, help: 'private images per account and region' },
  imageBuilders: { default: 10, help: 'image builders per account and region' },
  sharedAccountsPerImage: { default: 100, help: 'accounts one image may be shared with' },
  fleets: { default: 10, help: 'fleets per account and region (SPEC-rest §12)' },
  defaultInternetAccessInstances: { default: 100, help: 'desired instances of the fleets with default internet access, together, per account and region (SPEC-rest §12)' },
  stacks: { default: 10, help: 'stacks per account and region' },
  users: { default: 50, help: 'users in the user pool per account and region' },
  directoryConfigs: { default: 50, help: 'directory configs per account and region (DECISION, SPEC-rest §15.24)' },
  entitlements: { default: 50, help: 'entitlements per stack (DECISION, SPEC-rest §15.15)' },
  applications: { default: 50, help: 'applications per account and region (DECISION, SPEC-rest §12)' },
  appBlocks: { default: 50, help: 'app blocks per account and region (DECISION, SPEC-rest §12)' },
  appBlockBuilders: { default: 10, help: 'app block builders per account and region' },
  exportImageTasks: { default: 5, help: 'export image tasks in progress per account and region (DECISION, SPEC-rest §15.23)' },
} as const satisfies Record<string, { default: number; help: string }>;

export type QuotaKey = keyof typeof QUOTAS;
export type Quotas = { [K in QuotaKey]: number };

export interface ServerConfig {
  host: string;
  port: number;
  /**
   * The base of every URL the service hands out (streaming URLs, console links), e.g. the load
   * balancer's `https://appstream.example.com`; default: the address the server listens on.
   */
  publicUrl?: string;
  /** SQLite file lives here unless inMemory or databaseUrl says otherwise. */
  dataDir: string;
  inMemory: boolean;
  /** postgres://... selects PostgreSQL. */
  databaseUrl?: string;
  auth: AuthMode;
  /** verify mode: JSON [{accessKeyId, secretAccessKey, accountId}]. */
  credentialsFile?: string;
  logLevel: LogLevel;
  /** Serve AWS's public base images in every region. */
  publicImages: boolean;
  /**
   * Reuse DescribeImages answers while the store's data version is unchanged (src/service/read-cache.ts).
   * Off only to measure or debug the uncached path.
   */
  readCache: boolean;
  /** A seed document loaded at start. */
  seedFile?: string;
  /** How long each state transition takes, in emulated seconds (0: done by the next read). */
  transitionSeconds: number;
  quotas: Quotas;
  /** When set, /_appstream/* requires `Authorization: Bearer <token>`. */
  controlToken?: string;
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: number;
  /** Largest request head accepted (431 beyond). */
  maxHeaderBytes: number;
  /** A request must arrive whole within this time (408 beyond). */
  requestTimeoutMs: number;
  /** On shutdown, requests in flight get this long to finish; then every connection is closed. */
  shutdownGraceMs: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 4599,
  dataDir: './.appstream-local',
  inMemory: false,
  auth: 'parse',
  logLevel: 'info',
  publicImages: true,
  readCache: true,
  transitionSeconds: 5,
  quotas: Object.fromEntries(Object.entries(QUOTAS).map(([k, q]) => [k, q.default])) as Quotas,
  maxBodyBytes: 4 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
  shutdownGraceMs: 10_000,
};

/** The environment variable that selects PostgreSQL when no store is chosen explicitly. */
export const DATABASE_URL_ENV = 'APPSTREAM_LOCAL_DATABASE_URL';

/**
 * A mistake in the options or in what the server starts on (a port in use, a data directory
 * that cannot be written, a malformed credentials file). `message` is one line that names the
 * thing and the fix; the CLI prints it and exits 2.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

type Kind =
  | { type: 'string' }
  | { type: 'boolean' }
  | { type: 'integer'; min: number; max?: number }
  | { type: 'number'; min: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'postgresUrl' }
  | { type: 'httpUrl' }
  | { type: 'quotas' };

export interface OptionSpec {
  /** The CLI flag without `--`; absent: a startServer option only. */
  flag?: string;
  /** The flag sets the option to false (`--no-public-images`). */
  negated?: boolean;
  /** The flag's value in --help (`N`, `DIR`, ...). */
  arg?: string;
  kind: Kind;
  /** --help text (lines after the first are indented under it). */
  help?: string;
}

const D = DEFAULT_CONFIG;
const quotaList = Object.keys(QUOTAS).join(', ');
const quotaDefaults = Object.entries(D.quotas).map(([k, v]) => `${k}=${v}`).join(',');

/** Every option: its flag, its type and range, its help. The CLI's parser and --help come from here. */
export const OPTIONS: { readonly [K in keyof ServerConfig]-?: OptionSpec } = {
  host: {
    flag: 'host', arg: 'HOST', kind: { type: 'string' },
    help: `address to bind (default ${D.host}; binding elsewhere exposes the\ncontrol API too: see --control-token)`,
  },
  port: { flag: 'port', arg: 'N', kind: { type: 'integer', min: 0, max: 65535 }, help: `port (default ${D.port}; 0 picks a free one, shown on the ready line)` },
  publicUrl: {
    flag: 'public-url', arg: 'URL', kind: { type: 'httpUrl' },
    help: 'the base of the URLs the service hands out (streaming URLs, console\nlinks), e.g. a load balancer\'s https://appstream.example.com\n(default: the address it listens on)',
  },
  dataDir: { flag: 'data-dir', arg: 'DIR', kind: { type: 'string' }, help: `where the SQLite file lives (default ${D.dataDir})` },
  inMemory: { flag: 'in-memory', kind: { type: 'boolean' }, help: `keep nothing on disk (wins over ${DATABASE_URL_ENV})` },
  databaseUrl: { flag: 'database-url', arg: 'URL', kind: { type: 'postgresUrl' }, help: `postgres://... : use PostgreSQL (also ${DATABASE_URL_ENV})` },
  auth: {
    flag: 'auth', arg: 'MODE', kind: { type: 'enum', values: ['off', 'parse', 'verify'] },
    help:
      `off | parse | verify (default ${D.auth}):\n` +
      '  off: no Authorization needed; parse: a well-formed SigV4 header is required\n' +
      '  and names the account (a 12-digit access key is that account, any other\n' +
      '  key is 000000000000); verify: signatures are checked against --credentials',
  },
  credentialsFile: { flag: 'credentials', arg: 'FILE', kind: { type: 'string' }, help: 'verify mode: JSON [{"accessKeyId","secretAccessKey","accountId"}]' },
  publicImages: { flag: 'no-public-images', negated: true, kind: { type: 'boolean' }, help: "do not serve AWS's public base images" },
  readCache: { flag: 'no-read-cache', negated: true, kind: { type: 'boolean' }, help: 'recompute every DescribeImages answer (to measure or debug the uncached path)' },
  seedFile: { flag: 'seed', arg: 'FILE', kind: { type: 'string' }, help: 'load a seed document (images, builders, fleets, stacks, users, ...: any family) at start' },
  transitionSeconds: {
    flag: 'transition-seconds', arg: 'N', kind: { type: 'number', min: 0 },
    help: `how long state transitions take in emulated time (default ${D.transitionSeconds}; 0: instant)`,
  },
  quotas: { flag: 'quota', arg: 'K=N[,K=N]', kind: { type: 'quotas' }, help: `quotas per account and region: ${quotaList}\n(default ${quotaDefaults})` },
  controlToken: { flag: 'control-token', arg: 'TOKEN', kind: { type: 'string' }, help: 'require "Authorization: Bearer TOKEN" on /_appstream/*' },
  maxBodyBytes: { flag: 'max-body-bytes', arg: 'N', kind: { type: 'integer', min: 1024 }, help: `largest request body (default ${D.maxBodyBytes})` },
  logLevel: {
    flag: 'log-level', arg: 'LEVEL', kind: { type: 'enum', values: ['debug', 'info', 'warn', 'error', 'silent'] },
    help: `debug | info | warn | error | silent (default ${D.logLevel}); info logs one line per request`,
  },
  maxHeaderBytes: { kind: { type: 'integer', min: 1024 } },
  requestTimeoutMs: { kind: { type: 'integer', min: 1 } },
  shutdownGraceMs: { kind: { type: 'integer', min: 0 } },
};

/** `--port (port)` for an option with a flag, `maxHeaderBytes` for one without. */
function label(name: string): string {
  const spec = OPTIONS[name as keyof ServerConfig];
  return spec?.flag ? `--${spec.flag} (${name})` : name;
}

const redact = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** A value as the message shows it: JSON for strings, numbers and the like, truncated. */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  const text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function orList(values: readonly string[]): string {
  return values.length === 1 ? values[0]! : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A number, or a string that spells one (CLI flags and environment variables are strings). */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return Number(value);
  return NaN;
}

function integerIn(what: string, value: unknown, min: number, max?: number): number {
  const n = toNumber(value);
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    throw new StartupError(`${what} must be a whole number ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}, got ${show(value)}`);
  }
  return n;
}

function checkValue(name: string, kind: Kind, value: unknown, what = label(name)): unknown {
  switch (kind.type) {
    case 'string':
      if (typeof value !== 'string' || value === '') throw new StartupError(`${what} must be a non-empty string, got ${show(value)}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new StartupError(`${what} must be true or false, got ${show(value)}`);
      return value;
    case 'integer':
      return integerIn(what, value, kind.min, kind.max);
    case 'number': {
      const n = toNumber(value);
      if (!Number.isFinite(n) || n < kind.min) throw new StartupError(`${what} must be a number >= ${kind.min}, got ${show(value)}`);
      return n;
    }
    case 'enum':
      if (typeof value !== 'string' || !kind.values.includes(value)) throw new StartupError(`${what} must be ${orList(kind.values)}, got ${show(value)}`);
      return value;
    case 'postgresUrl':
      if (typeof value !== 'string' || !/^postgres(ql)?:\/\/./.test(value)) {
        throw new StartupError(`${what} must be a postgres:// URL, got ${show(typeof value === 'string' ? redact(value) : value)}`);
      }
      return value;
    case 'httpUrl': {
      let url: URL | undefined;
      try {
        url = typeof value === 'string' ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
        throw new StartupError(`${what} must be an http:// or https:// URL without query or credentials, e.g. https://appstream.example.com, got ${show(value)}`);
      }
      // The base: handed-out URLs append their own path to it.
      return url.href.replace(/\/+$/, '');
    }
    case 'quotas':
      return checkQuotas(what, value);
  }
}

/** `{images: 5}` (startServer) or `images=5,imageBuilders=2` (--quota); keys from QUOTAS. */
function checkQuotas(what: string, value: unknown): Partial<Quotas> {
  let entries: [string, unknown][];
  if (typeof value === 'string') {
    entries = value.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new StartupError(`${what} takes K=N pairs separated by commas, got ${show(pair)}`);
      return [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
    });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    entries = Object.entries(value);
  } else {
    throw new StartupError(`${what} must be an object of quotas (${quotaList}), got ${show(value)}`);
  }
  const quotas: Partial<Quotas> = {};
  for (const [key, raw] of entries) {
    if (!Object.hasOwn(QUOTAS, key)) throw new StartupError(`${what}: unknown quota ${show(key)} (${quotaList})`);
    // `--quota fleets=1,fleets=2` (or the flag twice): which one was meant is not ours to guess.
    if (quotas[key as QuotaKey] !== undefined) throw new StartupError(`${what}: quota ${show(key)} is given more than once`);
    quotas[key as QuotaKey] = integerIn(`${what} ${key}`, raw, 0);
  }
  return quotas;
}

/** Levenshtein distance, for "did you mean" on unknown names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** ` (did you mean 'port'?)` when one known name is close, else ''; `prefix` goes before the name (`--`). */
export function didYouMean(given: string, known: readonly string[], prefix = ''): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(given.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(given.length / 4)) ? ` (did you mean '${prefix}${best}'?)` : '';
}

/**
 * Checks options as given to startServer, or as the CLI read them from its flags (numbers may
 * then be strings; `quotas` may be the `K=N,...` text): unknown names, types, ranges and
 * combinations. Answers the options converted (numbers, a normalized publicUrl); absent
 * (`undefined`) members stay absent. Throws StartupError with one line naming flag and option.
 */
export function validateOptions(options: unknown): Partial<ServerConfig> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StartupError(`the options must be an object, got ${show(options)}`);
  }
  const out: Record<string, unknown> = {};
  const names = Object.keys(OPTIONS);
  for (const [name, value] of Object.entries(options)) {
    if (!Object.hasOwn(OPTIONS, name)) throw new StartupError(`unknown option '${name}'${didYouMean(name, names)}`);
    if (value === undefined) continue;
    out[name] = checkValue(name, OPTIONS[name as keyof ServerConfig].kind, value);
  }
  const given = out as Partial<ServerConfig>;
  if (given.inMemory && given.databaseUrl !== undefined) throw new StartupError(`${label('inMemory')} and ${label('databaseUrl')} exclude each other`);
  if (given.inMemory && given.dataDir !== undefined) throw new StartupError(`${label('inMemory')} and ${label('dataDir')} exclude each other`);
  if (given.auth === 'verify' && given.credentialsFile === undefined) throw new StartupError(`${label('auth')} verify needs ${label('credentialsFile')}`);
  return given;
}

/**
 * The full configuration: defaults, then the environment, then `options` (validated as above).
 * DECISION: an explicit store choice (inMemory, databaseUrl or dataDir) wins over
 * APPSTREAM_LOCAL_DATABASE_URL, so a test suite that asks for memory never resets a shared database.
 */
/** Settings given by a caller (CLI flags, startServer options): any subset, quotas too. */
export type ConfigOverrides = Omit<Partial<ServerConfig>, 'quotas'> & { quotas?: Partial<Quotas> };

export function resolveConfig(options: unknown = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const given = validateOptions(options);
  const explicitStore = given.inMemory === true || given.databaseUrl !== undefined || given.dataDir !== undefined;
  const fromEnv = env[DATABASE_URL_ENV] || undefined;
  const databaseUrl = explicitStore || fromEnv === undefined ? undefined : (checkValue('databaseUrl', OPTIONS.databaseUrl.kind, fromEnv, DATABASE_URL_ENV) as string);
  return { ...DEFAULT_CONFIG, databaseUrl, ...given, quotas: { ...DEFAULT_CONFIG.quotas, ...given.quotas } };
}

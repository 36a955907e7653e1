// The command line: `appstream-local start [flags]`, --help, --version.
import { parseArgs } from 'node:util';
import { startServer } from './app.js';
import { DEFAULT_CONFIG, type LogLevel, type Quotas, type ServerConfig, type ConfigOverrides } from './config.js';
import type { AuthMode } from './pipeline/identity.js';
import { VERSION } from './version.js';

const HELP = `appstream-local ${VERSION}: a local AWS AppStream 2.0 image service for SDKs, CLIs and IaC tools.

Usage:
  appstream-local start [flags]      serve the AppStream API (npm start -- [flags] does the same)
  appstream-local --help | --version

Flags of start:
  --host HOST               address to bind (default ${DEFAULT_CONFIG.host}; binding elsewhere exposes the
                            control API too: see --control-token)
  --port N                  port (default ${DEFAULT_CONFIG.port}; 0 picks a free one, shown on the ready line)
  --data-dir DIR            where the SQLite file lives (default ${DEFAULT_CONFIG.dataDir})
  --in-memory               keep nothing on disk
  --database-url URL        postgres://... : use PostgreSQL (also APPSTREAM_LOCAL_DATABASE_URL)
  --auth MODE               off | parse | verify (default ${DEFAULT_CONFIG.auth}):
                              off: no Authorization needed; parse: a well-formed SigV4 header is required
                              and names the account (a 12-digit access key is that account, any other
                              key is 000000000000); verify: signatures are checked against --credentials
  --credentials FILE        verify mode: JSON [{"accessKeyId","secretAccessKey","accountId"}]
  --no-public-images        do not serve AWS's public base images
  --no-read-cache           recompute every DescribeImages answer (to measure or debug the uncached path)
  --seed FILE               load a seed document (images, permissions, builders) at start
  --transition-seconds N    how long state transitions take in emulated time (default ${DEFAULT_CONFIG.transitionSeconds}; 0: instant)
  --quota K=N[,K=N]         quotas per account and region (default ${Object.entries(DEFAULT_CONFIG.quotas).map(([k, v]) => `${k}=${v}`).join(',')})
  --control-token TOKEN     require "Authorization: Bearer TOKEN" on /_appstream/*
  --max-body-bytes N        largest request body (default ${DEFAULT_CONFIG.maxBodyBytes})
  --log-level LEVEL         debug | info | warn | error | silent (default ${DEFAULT_CONFIG.logLevel}); info logs one line per request

Point a client at it:
  aws --endpoint-url http://127.0.0.1:4599 --region us-east-1 appstream describe-images
`;

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got '${value}'`);
  return n;
}

function parseQuotas(value: string | undefined): Partial<Quotas> | undefined {
  if (value === undefined) return undefined;
  const quotas: Partial<Quotas> = {};
  for (const pair of value.split(',')) {
    const [key, raw] = pair.split('=');
    const known = Object.keys(DEFAULT_CONFIG.quotas) as (keyof Quotas)[];
    if (!known.includes(key as keyof Quotas)) throw new UsageError(`--quota: unknown quota '${key}' (${known.join(', ')})`);
    quotas[key as keyof Quotas] = integer(`quota ${key}`, raw, 0)!;
  }
  return quotas;
}

export function parseStartFlags(argv: string[]): ConfigOverrides {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'database-url': { type: 'string' },
      auth: { type: 'string' },
      credentials: { type: 'string' },
      'no-public-images': { type: 'boolean' },
      'no-read-cache': { type: 'boolean' },
      seed: { type: 'string' },
      'transition-seconds': { type: 'string' },
      quota: { type: 'string' },
      'control-token': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  const auth = values.auth as AuthMode | undefined;
  if (auth !== undefined && !['off', 'parse', 'verify'].includes(auth)) throw new UsageError(`--auth must be off, parse or verify, got '${auth}'`);
  const logLevel = values['log-level'] as LogLevel | undefined;
  if (logLevel !== undefined && !['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new UsageError(`--log-level must be debug, info, warn, error or silent, got '${logLevel}'`);
  }
  if (values['in-memory'] && values['database-url']) throw new UsageError('--in-memory and --database-url exclude each other');
  const transition = values['transition-seconds'];
  if (transition !== undefined && !(Number(transition) >= 0)) throw new UsageError(`--transition-seconds must be a number >= 0, got '${transition}'`);
  const config: ConfigOverrides = {
    host: values.host,
    port: integer('port', values.port, 0),
    dataDir: values['data-dir'],
    inMemory: values['in-memory'],
    databaseUrl: values['database-url'],
    auth,
    credentialsFile: values.credentials,
    publicImages: values['no-public-images'] ? false : undefined,
    readCache: values['no-read-cache'] ? false : undefined,
    seedFile: values.seed,
    transitionSeconds: transition === undefined ? undefined : Number(transition),
    quotas: parseQuotas(values.quota),
    controlToken: values['control-token'],
    maxBodyBytes: integer('max-body-bytes', values['max-body-bytes'], 1024),
    logLevel,
  };
  if (auth === 'verify' && !config.credentialsFile) throw new UsageError('--auth verify needs --credentials FILE');
  // Drop unset flags so defaults (and the environment) apply.
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as ConfigOverrides;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command !== 'start') {
    process.stderr.write(`appstream-local: unknown command '${command}'. Try 'appstream-local --help'.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  let flags: ConfigOverrides;
  try {
    flags = parseStartFlags(rest);
  } catch (error) {
    process.stderr.write(`appstream-local: ${(error as Error).message}\nTry 'appstream-local --help'.\n`);
    return 2;
  }
  const server = await startServer(flags);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`appstream-local: ${signal}, finishing in-flight requests\n`);
      server.close().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // Ready only once the signals are handled: a supervisor may send SIGTERM the moment it reads
    // this line (printed first, a signal in between killed the process without a shutdown).
    process.stdout.write(
      `appstream-local ${VERSION} ready at ${server.url} (store: ${server.storeKind} ${server.storeLocation}, auth: ${server.config.auth}) console: ${server.url}/_appstream/console\n`,
    );
  });
  return 0;
}

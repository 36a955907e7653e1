// The command line: `appstream-local start [flags]`, --help, --version. Flags, their checks and
// their help come from OPTIONS in config.ts, the same table startServer's options go through.
import { startServer } from './app.js';
import { DATABASE_URL_ENV, didYouMean, OPTIONS, StartupError, validateOptions, type ServerConfig } from './config.js';
import { tuneHeap } from './heap-tuning.js';
import { VERSION } from './version.js';

function flagsHelp(): string {
  const lines: string[] = [];
  for (const spec of Object.values(OPTIONS)) {
    if (!spec.flag) continue;
    const head = `  --${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
    const [first = '', ...rest] = (spec.help ?? '').split('\n');
    lines.push(head.padEnd(28) + first, ...rest.map((l) => ' '.repeat(28) + l));
  }
  return lines.join('\n');
}

const HELP = `appstream-local ${VERSION}: a local AWS AppStream 2.0 for SDKs, CLIs and IaC tools: every operation of the model.

Usage:
  appstream-local start [flags]      serve the AppStream API (npm start -- [flags] does the same)
  appstream-local --help | --version

Flags of start:
${flagsHelp()}

Point a client at it:
  aws --endpoint-url http://127.0.0.1:4599 --region us-east-1 appstream describe-images
`;

const BY_FLAG = new Map(Object.entries(OPTIONS).flatMap(([name, spec]) => (spec.flag ? [[spec.flag, { name, spec }] as const] : [])));

/**
 * Reads `start`'s flags (`--flag value`, `--flag=value`, `--switch`) into startServer options,
 * checked by the same validation as startServer's. Throws StartupError with one line.
 */
export function parseStartFlags(argv: string[]): Partial<ServerConfig> {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new StartupError(`unexpected argument '${arg}' (flags start with --)`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const known = BY_FLAG.get(flag);
    if (!known) throw new StartupError(`unknown flag '--${flag}'${didYouMean(flag, [...BY_FLAG.keys()], '--')}`);
    const { name, spec } = known;
    let value: unknown;
    if (spec.kind.type === 'boolean') {
      if (eq >= 0) throw new StartupError(`--${flag} takes no value`);
      value = !spec.negated;
    } else {
      value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0 && (value === undefined || (value as string).startsWith('--'))) throw new StartupError(`--${flag} needs a value (${spec.arg})`);
      if (eq < 0) i++;
    }
    if (name in raw) {
      // Quotas add up (--quota images=5 --quota imageBuilders=2); anything else is said once.
      if (spec.kind.type !== 'quotas') throw new StartupError(`--${flag} is given more than once`);
      value = `${raw[name] as string},${value as string}`;
    }
    raw[name] = value;
  }
  return validateOptions(raw);
}

/** The ready line's store: `sqlite /path/file`, `memory`, `postgres postgres://user:***@host/db`. */
function storeDescription(server: { storeKind: string; storeLocation: string }): string {
  const where = server.storeKind === 'memory' ? 'memory' : `${server.storeKind} ${server.storeLocation}`;
  return process.env[DATABASE_URL_ENV] && server.storeKind !== 'postgres' ? `${where}; ${DATABASE_URL_ENV} ignored: a store was chosen by flag` : where;
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
  let flags: Partial<ServerConfig>;
  try {
    flags = parseStartFlags(rest);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`appstream-local: ${error.message}\nTry 'appstream-local --help'.\n`);
    return 2;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(flags);
  } catch (error) {
    // A mistake of the user's (port in use, unwritable data directory, ...): one line, no trace.
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`appstream-local: ${error.message}\n`);
    return 2;
  }
  // After the start, not before: set before it, the flag cost the start about 30 ms (to the first
  // answer, two medians of 7 alternating starts each: 248 and 248 ms set before, 213 and 215 set
  // here, 237 and 215 not set).
  tuneHeap();
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
      `appstream-local ${VERSION} ready at ${server.url} (store: ${storeDescription(server)}, auth: ${server.config.auth}) console: ${server.publicUrl}/_appstream/console\n`,
    );
  });
  return 0;
}

// One validation for the CLI's flags and startServer's options (src/config.ts): the same value is
// refused with the same message from both, unknown names are errors, and a quota key is one line
// of QUOTAS that both accept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseStartFlags } from '../../src/cli.js';
import { DEFAULT_CONFIG, OPTIONS, QUOTAS, resolveConfig, StartupError, validateOptions } from '../../src/config.js';
import { startServer } from '../../src/index.js';
import { CLI_BIN } from '../support/process.js';

/** The real CLI: exit code and stderr (it exits before binding when a flag is wrong). */
function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, 'start', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function startupMessage(options: unknown): Promise<string> {
  try {
    const server = await startServer(options as Parameters<typeof startServer>[0]);
    await server.close();
  } catch (error) {
    assert.ok(error instanceof StartupError, `a StartupError, got ${(error as Error)?.stack}`);
    return error.message;
  }
  assert.fail(`startServer(${JSON.stringify(options)}) started`);
}

describe('CLI flags and startServer options: one validation', () => {
  // The examples, and more: the same bad value as a flag and as an option.
  const cases: { flags: string[]; options: Record<string, unknown>; message: string }[] = [
    { flags: ['--transition-seconds', '-1'], options: { transitionSeconds: -1 }, message: '--transition-seconds (transitionSeconds) must be a number >= 0, got ' },
    { flags: ['--auth', 'strict'], options: { auth: 'strict' }, message: '--auth (auth) must be off, parse or verify, got "strict"' },
    { flags: ['--port', '70000'], options: { port: 70000 }, message: '--port (port) must be a whole number from 0 to 65535, got ' },
    { flags: ['--log-level', 'loud'], options: { logLevel: 'loud' }, message: '--log-level (logLevel) must be debug, info, warn, error or silent, got "loud"' },
    { flags: ['--max-body-bytes', '10'], options: { maxBodyBytes: 10 }, message: '--max-body-bytes (maxBodyBytes) must be a whole number >= 1024, got ' },
    { flags: ['--quota', 'images=-2'], options: { quotas: { images: -2 } }, message: '--quota (quotas) images must be a whole number >= 0, got ' },
    { flags: ['--quota', 'fleets=1,fleets=2'], options: { quotas: 'fleets=1,fleets=2' }, message: '--quota (quotas): quota "fleets" is given more than once' },
    { flags: ['--quota', 'unicorns=3'], options: { quotas: { unicorns: 3 } }, message: `--quota (quotas): unknown quota "unicorns" (${Object.keys(QUOTAS).join(', ')})` },
    { flags: ['--auth', 'verify'], options: { auth: 'verify' }, message: '--auth (auth) verify needs --credentials (credentialsFile)' },
    { flags: ['--in-memory', '--database-url', 'postgres://h/db'], options: { inMemory: true, databaseUrl: 'postgres://h/db' }, message: '--in-memory (inMemory) and --database-url (databaseUrl) exclude each other' },
    { flags: ['--in-memory', '--data-dir', 'x'], options: { inMemory: true, dataDir: 'x' }, message: '--in-memory (inMemory) and --data-dir (dataDir) exclude each other' },
    { flags: ['--public-url', 'ftp://x'], options: { publicUrl: 'ftp://x' }, message: '--public-url (publicUrl) must be an http:// or https:// URL' },
    { flags: ['--database-url', 'mysql://u:secret@h/x'], options: { databaseUrl: 'mysql://u:secret@h/x' }, message: '--database-url (databaseUrl) must be a postgres:// URL, got "mysql://u:***@h/x"' },
  ];

  for (const c of cases) {
    it(`${c.flags.join(' ')} and ${JSON.stringify(c.options)}: ${c.message.slice(0, 50)}...`, async () => {
      const store = 'databaseUrl' in c.options || 'dataDir' in c.options ? {} : { inMemory: true };
      const fromApi = await startupMessage({ port: 0, logLevel: 'silent', ...store, ...c.options });
      assert.ok(fromApi.startsWith(c.message), fromApi);
      const fromFlags = (() => {
        try {
          parseStartFlags(c.flags);
        } catch (error) {
          assert.ok(error instanceof StartupError);
          return error.message;
        }
        assert.fail('parseStartFlags accepted ' + c.flags.join(' '));
      })();
      // The same check, so the same words; only a number shows as the CLI's text ("-1") or the value (-1).
      assert.equal(fromFlags.replace(/got "(-?\d+)"$/, 'got $1'), fromApi);
    });
  }

  it('the real CLI prints that message on one line (no stack trace) and exits 2', async () => {
    const { code, stderr } = await runCli(['--transition-seconds', '-1']);
    assert.equal(code, 2);
    assert.equal(stderr, "appstream-local: --transition-seconds (transitionSeconds) must be a number >= 0, got \"-1\"\nTry 'appstream-local --help'.\n");
  });

  it('unknown options are errors, with a suggestion when one is close', async () => {
    assert.equal(await startupMessage({ prot: 4745 }), "unknown option 'prot' (did you mean 'port'?)");
    assert.equal(await startupMessage({ inmemory: true }), "unknown option 'inmemory' (did you mean 'inMemory'?)");
    assert.equal(await startupMessage({ zzzzzzzzzz: 1 }), "unknown option 'zzzzzzzzzz'");
    assert.throws(() => parseStartFlags(['--prot', '4745']), { name: 'StartupError', message: "unknown flag '--prot' (did you mean '--port'?)" });
    assert.throws(() => parseStartFlags(['--port', '1', '--port', '2']), { message: '--port is given more than once' });
    assert.throws(() => parseStartFlags(['--in-memory=yes']), { message: '--in-memory takes no value' });
    assert.throws(() => parseStartFlags(['--port']), { message: '--port needs a value (N)' });
    assert.equal(await startupMessage('fast'), 'the options must be an object, got "fast"');
    const { code, stderr } = await runCli(['--prot', '4745']);
    assert.equal(code, 2);
    assert.match(stderr, /^appstream-local: unknown flag '--prot' \(did you mean '--port'\?\)\n/);
  });

  it('wrong types from JavaScript are refused, numeric strings accepted (flags are strings too)', () => {
    assert.throws(() => validateOptions({ inMemory: 'yes' }), { message: '--in-memory (inMemory) must be true or false, got "yes"' });
    assert.throws(() => validateOptions({ port: 1.5 }), { message: '--port (port) must be a whole number from 0 to 65535, got 1.5' });
    assert.throws(() => validateOptions({ host: '' }), { message: '--host (host) must be a non-empty string, got ""' });
    assert.throws(() => validateOptions({ shutdownGraceMs: -1 }), { message: 'shutdownGraceMs must be a whole number >= 0, got -1' });
    assert.throws(() => validateOptions({ quotas: 5 }), { message: `--quota (quotas) must be an object of quotas (${Object.keys(QUOTAS).join(', ')}), got 5` });
    // Absent (undefined) members stay absent, so defaults apply.
    assert.deepEqual(validateOptions({ port: '4600', transitionSeconds: '0.5', host: undefined }), { port: 4600, transitionSeconds: 0.5 });
    assert.throws(() => validateOptions({ port: '4600x' }), { message: '--port (port) must be a whole number from 0 to 65535, got "4600x"' });
  });

  it('flags and options that mean the same give the same configuration', () => {
    const flags = parseStartFlags([
      '--host', '0.0.0.0', '--port=0', '--public-url', 'https://appstream.example.com/', '--in-memory', '--auth', 'off',
      '--no-public-images', '--no-read-cache', '--transition-seconds', '2.5', '--quota', 'images=3', '--quota', 'imageBuilders=4',
      '--control-token', 't', '--max-body-bytes', '2048', '--log-level', 'warn',
    ]);
    const options = {
      host: '0.0.0.0', port: 0, publicUrl: 'https://appstream.example.com', inMemory: true, auth: 'off', publicImages: false, readCache: false,
      transitionSeconds: 2.5, quotas: { images: 3, imageBuilders: 4 }, controlToken: 't', maxBodyBytes: 2048, logLevel: 'warn',
    };
    assert.deepEqual(flags, validateOptions(options));
    assert.deepEqual(resolveConfig(flags, {}), resolveConfig(options, {}));
    assert.deepEqual(resolveConfig(flags, {}).quotas, { ...DEFAULT_CONFIG.quotas, images: 3, imageBuilders: 4 });
  });

  it('every quota of QUOTAS is accepted by --quota and by startServer, with its default', () => {
    for (const [key, quota] of Object.entries(QUOTAS)) {
      assert.equal(DEFAULT_CONFIG.quotas[key as keyof typeof QUOTAS], quota.default);
      assert.deepEqual(parseStartFlags(['--quota', `${key}=7`]).quotas, { [key]: 7 });
      assert.deepEqual(validateOptions({ quotas: { [key]: 7 } }).quotas, { [key]: 7 });
      assert.equal(resolveConfig({ quotas: { [key]: 7 } }, {}).quotas[key as keyof typeof QUOTAS], 7);
    }
  });

  it('every CLI flag is in --help; options without a flag are startServer-only', async () => {
    const help = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [CLI_BIN, '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('exit', () => resolve(out));
    });
    for (const spec of Object.values(OPTIONS)) if (spec.flag) assert.match(help, new RegExp(`\\n  --${spec.flag}\\b`), spec.flag);
    assert.match(help, /--quota K=N\[,K=N\]\s+quotas per account and region: images, imageBuilders, sharedAccountsPerImage/);
  });
});

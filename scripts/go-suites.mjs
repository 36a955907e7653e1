// The Go SDK suites (compat/go, see compat/go/README.md) for `npm test`: the same tests built
// twice, against the newest service/appstream (go.mod: RPC v2 CBOR) and against the last one
// that spoke awsJson1_1 (json.mod). Each binary starts its own emulator from dist/.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

export const GO_SUITES = [
  { name: 'compat/go:cbor', protocol: 'rpc-v2-cbor', modArgs: [] },
  { name: 'compat/go:json', protocol: 'awsJson1_1', modArgs: ['-modfile=json.mod'] },
];

/** Whether `go` is on the PATH (answers its version line, or null). */
export function goVersion() {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Runs one suite with `go test -json` and prints what matters: the harness's own lines, the
 * output of failed tests, build errors, and a summary line. Resolves to the exit status.
 */
export function runGoSuite(suite, cwd = 'compat/go') {
  const started = Date.now();
  const args = ['test', '-count=1', '-json', ...suite.modArgs, './...', '-args', `-protocol=${suite.protocol}`];
  console.log(`\n== go ${args.join(' ')}   (${suite.name}, in ${cwd})`);
  const child = spawn('go', args, { cwd, env: { ...process.env, APPSTREAM_LOCAL_NODE: process.execPath }, stdio: ['ignore', 'pipe', 'inherit'] });
  const counts = { pass: 0, fail: 0, skip: 0 };
  const outputOf = new Map(); // test name -> its output lines
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let ev;
    try {
      ev = JSON.parse(line);
    } catch {
      console.log(line); // not test2json: print as is
      return;
    }
    if (ev.Action === 'build-output') process.stdout.write(ev.Output ?? '');
    else if (!ev.Test && ev.Action === 'output') process.stdout.write(ev.Output ?? ''); // TestMain's lines, ok/FAIL
    else if (ev.Test && ev.Action === 'output') outputOf.set(ev.Test, [...(outputOf.get(ev.Test) ?? []), ev.Output ?? '']);
    else if (ev.Test && ['pass', 'fail', 'skip'].includes(ev.Action)) {
      if (!ev.Test.includes('/')) counts[ev.Action]++;
      if (ev.Action === 'fail') process.stdout.write(outputOf.get(ev.Test)?.join('') ?? '');
      outputOf.delete(ev.Test);
    }
  });
  return new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(`run-tests: could not run go: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `== go test ${suite.name} (${suite.protocol}): ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped; ` +
          `${code === 0 ? 'ok' : `FAIL (exit ${code})`} in ${seconds} s`,
      );
      resolve(code ?? 1);
    });
  });
}

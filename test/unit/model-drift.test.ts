// The generated code must be exactly what the generator writes from the committed model, and
// the model's exceptions must be the error catalogue's modeled errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_FILES, HEADER, MODEL_PATH, findDrift, generate, loadModel, projectRoot } from '../../scripts/gen-model.js';
import { MODELED_EXCEPTIONS, MODELED_EXCEPTION_STATUS, OPERATIONS, OPERATION_NAMES, isOperationName } from '../../src/generated/operations.js';
import { MODELED_ERROR_CODES } from '../../src/errors/catalog.js';

const root = projectRoot();
const model = loadModel(root);

test('the committed generated files are what scripts/gen-model.ts writes', () => {
  const files = generate(model);
  assert.deepEqual([...files.keys()].sort(), [...GENERATED_FILES].sort());
  for (const [path, content] of files) {
    const committed = readFileSync(join(root, path), 'utf8');
    // Not assert.equal: a diff of a 5000-line file is no help. The message says what to do.
    assert.ok(committed === content, `${path} is stale: run \`npx tsx scripts/gen-model.ts\``);
  }
  assert.deepEqual(findDrift(root), []);
});

test('generation is deterministic and every file starts with the header', () => {
  const a = generate(model);
  const b = generate(loadModel(root));
  for (const [path, content] of a) {
    assert.equal(content, b.get(path));
    assert.ok(content.startsWith(`${HEADER}\n`), `${path} lacks the header`);
    assert.ok(content.endsWith('\n') && !content.endsWith('\n\n'), `${path} must end with one newline`);
  }
});

test('--check exits 0 when up to date and 1, naming the file, when one differs', () => {
  const ok = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-model.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);

  // A copy of the project's inputs and outputs with one generated file edited.
  const dir = mkdtempSync(join(tmpdir(), 'gen-model-'));
  try {
    cpSync(join(root, MODEL_PATH), join(dir, MODEL_PATH), { recursive: true });
    for (const path of GENERATED_FILES) cpSync(join(root, path), join(dir, path), { recursive: true });
    assert.deepEqual(findDrift(dir), []);
    writeFileSync(join(dir, 'src/generated/operations.ts'), '// edited by hand\n');
    assert.deepEqual(findDrift(dir), ['src/generated/operations.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MODELED_EXCEPTIONS (from the model) equals the catalogue of modeled errors', () => {
  assert.deepEqual(new Set(MODELED_EXCEPTIONS), new Set(MODELED_ERROR_CODES));
  assert.equal(MODELED_EXCEPTIONS.length, MODELED_ERROR_CODES.length);
});

test("each exception's status is the model's httpStatusCode, and its one member is Message (what modeledError sends)", () => {
  const model = loadModel(root) as unknown as { shapes: Record<string, { error?: { httpStatusCode?: number }; members?: Record<string, unknown> }> };
  for (const code of MODELED_EXCEPTIONS) {
    const shape = model.shapes[code]!;
    assert.equal(MODELED_EXCEPTION_STATUS[code], shape.error?.httpStatusCode ?? 400, code);
    assert.deepEqual(Object.keys(shape.members ?? {}), ['Message'], code);
  }
  assert.equal(MODELED_EXCEPTION_STATUS.ResourceNotFoundException, 404);
  assert.equal(MODELED_EXCEPTION_STATUS.DryRunOperationException, 412);
  assert.equal(MODELED_EXCEPTION_STATUS.InvalidParameterCombinationException, 400);
});

test('OPERATIONS holds every operation of the model with its input, output and errors', () => {
  const names = Object.keys(model.operations).sort();
  assert.equal(names.length, 89);
  assert.deepEqual([...OPERATION_NAMES], names);
  for (const name of names) {
    const op = model.operations[name]!;
    const gen = OPERATIONS[name as keyof typeof OPERATIONS];
    assert.equal(gen.input, op.input?.shape);
    assert.equal(gen.output, op.output?.shape);
    assert.deepEqual([...gen.errors], (op.errors ?? []).map((e) => e.shape));
  }
  assert.deepEqual(OPERATIONS.DescribeImages, {
    input: 'DescribeImagesRequest',
    output: 'DescribeImagesResult',
    errors: ['InvalidParameterCombinationException', 'ResourceNotFoundException'],
  });
});

test('isOperationName accepts exactly the operations (not prototype keys, not other case)', () => {
  assert.equal(isOperationName('DescribeImages'), true);
  assert.equal(isOperationName('UpdateImagePermissions'), true);
  for (const s of ['describeImages', 'DescribeImage', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(isOperationName(s), false, s);
  }
});

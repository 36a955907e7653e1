// Input validation: exact messages of SerializationException / ValidationException (SPEC §1).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { validateInput } from '../../src/generated/validators.js';
import { AwsError } from '../../src/errors/aws-error.js';
import { generate, projectRoot, translatePattern, type Model } from '../../scripts/gen-model.js';
import { codePointLength, longerThan, shorterThan } from '../../src/validation/runtime.js';
import { renderValue } from '../../src/validation/message.js';

function throwsAws(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AwsError, `not an AwsError: ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    assert.equal(e.status, 400);
    return true;
  });
}
const invalid = (fn: () => unknown, message: string): void => throwsAws(fn, 'ValidationException', message);
const unreadable = (fn: () => unknown, message: string): void => throwsAws(fn, 'SerializationException', message);

const ARN_PATTERN =
  '^arn:aws(?:\\-cn|\\-iso\\-b|\\-iso|\\-us\\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\\\-]{0,1023}$';
const NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$';
const TAG_KEY_PATTERN = '^(^(?!aws:).[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const TAG_VALUE_PATTERN = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const IMAGE_ARN = 'arn:aws:appstream:us-east-1:123456789012:image/my-image';

describe('valid input', () => {
  test('is returned as is (same object), unknown members kept and ignored', () => {
    const inputs = [
      {},
      { MaxResults: 25 },
      { MaxResults: 0, Type: 'PUBLIC' },
      { Names: ['AppStream-WinServer2022-07-01-2025', 'mine'], Type: 'PRIVATE', NextToken: 't' },
      { Arns: [IMAGE_ARN, 'arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-07-01-2025'] },
      { Foo: 1, names: 'not the member Names', maxResults: 'x', Bar: { Baz: [null] } },
    ];
    for (const input of inputs) {
      const before = JSON.stringify(input);
      assert.equal(validateInput('DescribeImages', input), input);
      assert.equal(JSON.stringify(input), before);
    }
  });

  test('null members are absent (and normalised to undefined)', () => {
    const input = { Type: null, MaxResults: null, Names: null, NextToken: null, Arns: null };
    const out = validateInput('DescribeImages', input);
    assert.equal(out.Type, undefined);
    assert.equal(out.MaxResults, undefined);
    assert.equal(JSON.stringify(out), '{}');
  });

  test('wire-lowerCamel members are read as they are', () => {
    const input = {
      existingImageName: 'base',
      newImageName: 'next',
      newImageTags: { team: 'a b', 'ключ': 'значение' },
      dryRun: true,
    };
    assert.equal(validateInput('CreateUpdatedImage', input), input);
    assert.equal(
      validateInput('UpdateImagePermissions', {
        Name: 'img',
        SharedAccountId: '123456789012',
        ImagePermissions: { allowFleet: true, allowImageBuilder: false },
      }).ImagePermissions.allowFleet,
      true,
    );
  });

  test('a CBOR bigint in range becomes a number', () => {
    const out = validateInput('DescribeImages', { MaxResults: 25n });
    assert.equal(out.MaxResults, 25);
  });

  test('lengths count code points', () => {
    const base = { SourceImageName: 'a', DestinationImageName: 'b', DestinationRegion: 'us-west-2' };
    const emoji = '\u{1F600}';
    validateInput('CopyImage', { ...base, DestinationImageDescription: emoji.repeat(256) });
    invalid(
      () => validateInput('CopyImage', { ...base, DestinationImageDescription: emoji.repeat(257) }),
      `1 validation error detected: Value '${emoji.repeat(257)}' at 'destinationImageDescription' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    assert.equal(codePointLength('a\u{1F600}b'), 3);
    assert.equal(longerThan(emoji.repeat(3), 3), false);
    assert.equal(shorterThan(emoji.repeat(2), 3), true);
    assert.equal(shorterThan(emoji.repeat(3), 3), false);
  });
});

describe('ValidationException', () => {
  test('DescribeImages MaxResults 30', () => {
    invalid(
      () => validateInput('DescribeImages', { MaxResults: 30 }),
      "1 validation error detected: Value '30' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
    );
    invalid(
      () => validateInput('DescribeImages', { MaxResults: -1 }),
      "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  test("DescribeImages Type 'X'", () => {
    invalid(
      () => validateInput('DescribeImages', { Type: 'X' }),
      "1 validation error detected: Value 'X' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PUBLIC, PRIVATE, SHARED]",
    );
  });

  test('DescribeImages Names with an empty string: one failure at the list, naming the element constraints', () => {
    invalid(
      () => validateInput('DescribeImages', { Names: ['a', ''] }),
      "1 validation error detected: Value '[a, ]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]",
    );
    invalid(
      () => validateInput('DescribeImages', { Names: ['', ''] }),
      "1 validation error detected: Value '[, ]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]",
    );
  });

  test('DescribeImages empty NextToken and a malformed ARN', () => {
    invalid(
      () => validateInput('DescribeImages', { NextToken: '' }),
      "1 validation error detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    invalid(
      () => validateInput('DescribeImages', { Arns: [IMAGE_ARN, 'image/x'] }),
      `1 validation error detected: Value '[${IMAGE_ARN}, image/x]' at 'arns' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: ${ARN_PATTERN}]`,
    );
  });

  test('missing required Name on DeleteImage (absent or null)', () => {
    const message =
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null";
    invalid(() => validateInput('DeleteImage', {}), message);
    invalid(() => validateInput('DeleteImage', { Name: null }), message);
  });

  test('patterns are a full match', () => {
    for (const name of ['bad name', '-leading-dash', 'x'.repeat(102), 'ok\n', '']) {
      invalid(
        () => validateInput('DeleteImage', { Name: name }),
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
      );
    }
    validateInput('DeleteImage', { Name: 'x'.repeat(101) });
  });

  test('two errors at once, in member order', () => {
    invalid(
      () => validateInput('DescribeImages', { MaxResults: 30, Type: 'X' }),
      "2 validation errors detected: Value 'X' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [PUBLIC, PRIVATE, SHARED]; " +
        "Value '30' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
    );
    invalid(
      () => validateInput('UpdateImagePermissions', {}),
      "3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'sharedAccountId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'imagePermissions' failed to satisfy constraint: Member must not be null",
    );
    invalid(
      () => validateInput('CreateUpdatedImage', { existingImageName: 'a b' }),
      `2 validation errors detected: Value 'a b' at 'existingImageName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN}; ` +
        "Value null at 'newImageName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('maps: size, then one failure for the keys and one for the values', () => {
    const base = { ResourceArn: IMAGE_ARN };
    invalid(
      () => validateInput('TagResource', { ...base, Tags: {} }),
      "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    invalid(
      () => validateInput('TagResource', { ...base, Tags: { 'aws:x': 'v', ok: 'a;b', k: 'fine' } }),
      "2 validation errors detected: Value '{aws:x=v, ok=a;b, k=fine}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: " +
        `[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG_KEY_PATTERN}]; ` +
        "Value '{aws:x=v, ok=a;b, k=fine}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: " +
        `[Member must have length less than or equal to 256, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${TAG_VALUE_PATTERN}]`,
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.throws(() => validateInput('TagResource', { ...base, Tags: many }), /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
  });

  test('lists of structures: <list>.<n>.member.<field>, 1-based; sensitive values are not shown', () => {
    invalid(
      () =>
        validateInput('CreateImportedImage', {
          Name: 'imported',
          AppCatalogConfig: [{ Name: 'app', AbsoluteAppPath: 'C:\\a.exe' }, { Name: 'bad name', DisplayName: 'Nice' }],
        }),
      "2 validation errors detected: Value at 'appCatalogConfig.2.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$; " +
        "Value null at 'appCatalogConfig.2.member.absoluteAppPath' failed to satisfy constraint: Member must not be null",
    );
  });

  test('nested structures: path of lower-cased member names', () => {
    invalid(
      () =>
        validateInput('CreateImageBuilder', {
          Name: 'b',
          InstanceType: 'stream.standard.small',
          VpcConfig: { SubnetIds: ['subnet-1', ''], SecurityGroupIds: ['1', '2', '3', '4', '5', '6'] },
        }),
      "2 validation errors detected: Value '[subnet-1, ]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]; " +
        "Value '[1, 2, 3, 4, 5, 6]' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
  });

  test('sensitive members: the value is not shown', () => {
    invalid(
      () => validateInput('CreateUser', { UserName: 'a b', AuthenticationType: 'USERPOOL' }),
      "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
  });
});

describe('SerializationException (wrong type, at any depth)', () => {
  test('MaxResults "5", 1.5, 3e9', () => {
    unreadable(() => validateInput('DescribeImages', { MaxResults: '5' }), "Value of 'MaxResults' must be an integer, got string");
    unreadable(() => validateInput('DescribeImages', { MaxResults: 1.5 }), "Value of 'MaxResults' must be an integer, got number 1.5");
    unreadable(
      () => validateInput('DescribeImages', { MaxResults: 3e9 }),
      "Value of 'MaxResults' must be an integer between -2147483648 and 2147483647, got 3000000000",
    );
    unreadable(() => validateInput('DescribeImages', { MaxResults: true }), "Value of 'MaxResults' must be an integer, got boolean");
  });

  test('Names "abc", Names [1], Names [a, null], Type 5', () => {
    unreadable(() => validateInput('DescribeImages', { Names: 'abc' }), "Value of 'Names' must be a list, got string");
    unreadable(() => validateInput('DescribeImages', { Names: { a: 1 } }), "Value of 'Names' must be a list, got object");
    unreadable(() => validateInput('DescribeImages', { Names: [1] }), "Value of 'Names[0]' must be a string, got number");
    unreadable(() => validateInput('DescribeImages', { Names: ['a', null] }), "Value of 'Names[1]' must be a string, got null");
    unreadable(() => validateInput('DescribeImages', { Type: 5 }), "Value of 'Type' must be a string, got number");
  });

  test('nested ImagePermissions.allowFleet "yes" on UpdateImagePermissions', () => {
    unreadable(
      () =>
        validateInput('UpdateImagePermissions', {
          Name: 'img',
          SharedAccountId: '123456789012',
          ImagePermissions: { allowFleet: 'yes' },
        }),
      "Value of 'ImagePermissions.allowFleet' must be a boolean, got string",
    );
    unreadable(
      () => validateInput('UpdateImagePermissions', { Name: 'img', SharedAccountId: '1', ImagePermissions: [] }),
      "Value of 'ImagePermissions' must be a structure, got list",
    );
  });

  test('map values and structures in lists', () => {
    unreadable(
      () => validateInput('TagResource', { ResourceArn: IMAGE_ARN, Tags: { env: 5 } }),
      'Value of \'Tags["env"]\' must be a string, got number',
    );
    unreadable(
      () => validateInput('TagResource', { ResourceArn: IMAGE_ARN, Tags: ['a'] }),
      "Value of 'Tags' must be a map, got list",
    );
    unreadable(
      () => validateInput('CreateImportedImage', { Name: 'i', AppCatalogConfig: [{ Name: 'a', AbsoluteAppPath: 'p' }, 'x'] }),
      "Value of 'AppCatalogConfig[1]' must be a structure, got string",
    );
    unreadable(
      () => validateInput('CreateImportedImage', { Name: 'i', AppCatalogConfig: [{ Name: 7, AbsoluteAppPath: 'p' }] }),
      "Value of 'AppCatalogConfig[0].Name' must be a string, got number",
    );
  });

  test('a wrong type wins over constraint failures found before it', () => {
    unreadable(() => validateInput('DescribeImages', { Type: 'X', MaxResults: '30' }), "Value of 'MaxResults' must be an integer, got string");
  });

  test('non-object input', () => {
    unreadable(() => validateInput('DescribeImages', []), 'The input of DescribeImages must be a JSON object or CBOR map, got list');
    unreadable(() => validateInput('DescribeImages', null), 'The input of DescribeImages must be a JSON object or CBOR map, got null');
    unreadable(() => validateInput('DescribeImages', 'x'), 'The input of DescribeImages must be a JSON object or CBOR map, got string');
    unreadable(() => validateInput('DescribeImages', 3), 'The input of DescribeImages must be a JSON object or CBOR map, got number');
    unreadable(
      () => validateInput('DescribeImages', new Uint8Array(1)),
      'The input of DescribeImages must be a JSON object or CBOR map, got byte string',
    );
  });

  test('an unknown operation', () => {
    throwsAws(() => validateInput('Nope' as 'DescribeImages', {}), 'UnknownOperationException', 'Unknown operation Nope');
    throwsAws(() => validateInput('constructor' as 'DescribeImages', {}), 'UnknownOperationException', 'Unknown operation constructor');
  });
});

describe('values in messages', () => {
  test('rendered as Java would', () => {
    assert.equal(renderValue(['a', 'b']), '[a, b]');
    assert.equal(renderValue({ k: 'v', n: 1, l: [true] }), '{k=v, n=1, l=[true]}');
    assert.equal(renderValue(null), 'null');
    assert.equal(renderValue(new Date(0)), '1970-01-01T00:00:00.000Z');
  });
});

describe('Java patterns in JavaScript', () => {
  const ok = (p: string, source: string): void => assert.deepEqual(translatePattern(p), { ok: true, source });
  const refused = (p: string): void => assert.equal(translatePattern(p).ok, false, p);

  test('unanchored or alternated patterns are wrapped for a full match; anchored ones kept', () => {
    ok('[\\w+=,.@-]*', '^(?:[\\w+=,.@-]*)$');
    ok('^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$', '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$');
    ok('^a|b$', '^(?:^a|b$)$');
    ok('[a-z]+|arn:[a-z/]+', '^(?:[a-z]+|arn:[a-z\\/]+)$');
  });

  test("Java's ASCII \\s, identity escapes and \\p{..}", () => {
    ok('^[-@./#&+\\w\\s]*$', '^[-@.\\/#&+\\w\\t-\\r ]*$');
    ok('a\\s*\\,b', '^(?:a[\\t-\\r ]*,b)$');
    ok('^(\\-cn)?[\\p{L}\\-]$', '^(-cn)?[\\p{L}\\-]$');
    const re = new RegExp(`^(?:[\\w\\t-\\r ]*)$`, 'u');
    assert.equal(re.test('a\u00a0b'), false); // NBSP is not Java's \s
  });

  test('Java-only constructs are refused (the check is then skipped)', () => {
    refused('a++');
    refused('(?i)abc');
    refused('(?>a)');
    refused('[a-z&&[^x]]');
    refused('\\Qa.b\\E');
    refused('\\p{Alpha}+');
  });
});

describe('the generator on a model with timestamps, blobs and longs', () => {
  // The AppStream model has none of these in an input; a small model checks what the
  // generator emits for them (coercion to Date / Uint8Array, at any depth).
  const model: Model = {
    metadata: { apiVersion: '2020-01-01', targetPrefix: 'Test', signingName: 'test', endpointPrefix: 'test', protocols: ['json'] },
    operations: {
      PutThing: { name: 'PutThing', input: { shape: 'PutThingRequest' }, output: { shape: 'PutThingResult' }, errors: [] },
    },
    shapes: {
      PutThingRequest: {
        type: 'structure',
        required: ['When'],
        members: {
          When: { shape: 'Timestamp' },
          Data: { shape: 'Blob' },
          Count: { shape: 'Long' },
          Items: { shape: 'ItemList' },
          Stamps: { shape: 'TimestampList' },
        },
      },
      PutThingResult: { type: 'structure', members: {} },
      Item: { type: 'structure', members: { At: { shape: 'Timestamp' } } },
      ItemList: { type: 'list', member: { shape: 'Item' } },
      TimestampList: { type: 'list', member: { shape: 'Timestamp' }, max: 2 },
      Timestamp: { type: 'timestamp' },
      Blob: { type: 'blob' },
      Long: { type: 'long' },
    },
  };

  type Validate = (op: string, input: unknown) => Record<string, unknown>;
  let validate: Validate;
  let dir: string;

  test('generates and loads', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gen-model-test-'));
    // The runtime the generated code imports: the .ts source under tsx, the build under node.
    const runningTs = import.meta.url.endsWith('.ts');
    const runtime = pathToFileURL(join(projectRoot(), runningTs ? 'src/validation/runtime.ts' : 'dist/src/validation/runtime.js')).href;
    for (const [path, content] of generate(model, { runtimeImport: runtime })) {
      const abs = join(dir, path);
      mkdirSync(dirname(abs), { recursive: true });
      // Plain node cannot load .ts: emit the JavaScript that tsc would (imports already say .js).
      const js = ts.transpileModule(content, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      writeFileSync(abs.replace(/\.ts$/, '.js'), js);
    }
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const mod = (await import(pathToFileURL(join(dir, 'src/generated/validators.js')).href)) as { validateInput: Validate };
    validate = mod.validateInput;
  });

  test('timestamps: epoch seconds (fractions allowed) or a Date, coerced to a Date at any depth', () => {
    const when = new Date(0);
    const out = validate('PutThing', { When: 1700000000.5, Items: [{ At: 5 }, { At: when }], Stamps: [1, when] });
    assert.ok(out.When instanceof Date);
    assert.equal(out.When.getTime(), 1700000000500);
    const items = out.Items as { At: Date }[];
    assert.equal(items[0]!.At.getTime(), 5000);
    assert.equal(items[1]!.At, when);
    assert.deepEqual((out.Stamps as Date[]).map((d) => d.getTime()), [1000, 0]);
    unreadable(() => validate('PutThing', { When: '2024-01-01' }), "Value of 'When' must be a timestamp (epoch seconds), got string");
    unreadable(() => validate('PutThing', { When: new Date(NaN) }), "Value of 'When' must be a timestamp (epoch seconds), got invalid timestamp");
    unreadable(
      () => validate('PutThing', { When: 0, Items: [{ At: true }] }),
      "Value of 'Items[0].At' must be a timestamp (epoch seconds), got boolean",
    );
    unreadable(() => validate('PutThing', { When: 0, Stamps: [0, 'x'] }), "Value of 'Stamps[1]' must be a timestamp (epoch seconds), got string");
    invalid(() => validate('PutThing', {}), "1 validation error detected: Value null at 'when' failed to satisfy constraint: Member must not be null");
    invalid(
      () => validate('PutThing', { When: 0, Stamps: [1, 2, 3] }),
      // The list's own constraints are checked before its elements are read.
      "1 validation error detected: Value '[1, 2, 3]' at 'stamps' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  });

  test('blobs: base64 string or bytes, coerced to a Uint8Array', () => {
    const out = validate('PutThing', { When: 0, Data: 'aGVsbG8=' });
    assert.ok(out.Data instanceof Uint8Array);
    assert.equal(Buffer.from(out.Data).toString(), 'hello');
    const bytes = new Uint8Array([1, 2]);
    assert.equal(validate('PutThing', { When: 0, Data: bytes }).Data, bytes);
    unreadable(
      () => validate('PutThing', { When: 0, Data: 'not base64!' }),
      "Value of 'Data' must be a blob (base64 string or byte string), got a string that is not valid base64",
    );
    unreadable(() => validate('PutThing', { When: 0, Data: 5 }), "Value of 'Data' must be a blob (base64 string or byte string), got number");
  });

  test("longs: int64's range; past 2^53 a number keeps its magnitude", () => {
    assert.equal(validate('PutThing', { When: 0, Count: 2 ** 53 - 1 }).Count, 2 ** 53 - 1);
    assert.equal(validate('PutThing', { When: 0, Count: 7n }).Count, 7);
    assert.equal(validate('PutThing', { When: 0, Count: 2 ** 60 }).Count, 2 ** 60);
    assert.equal(validate('PutThing', { When: 0, Count: -(2 ** 63) }).Count, -(2 ** 63));
    assert.equal(validate('PutThing', { When: 0, Count: 2n ** 63n - 1n }).Count, 2 ** 63);
    assert.equal(validate('PutThing', { When: 0, Count: -(2n ** 63n) }).Count, -(2 ** 63));
    const range = 'must be an integer between -9223372036854775808 and 9223372036854775807';
    // 2^63 - 1 (Long.MAX_VALUE) as a JSON number is already the double 2^63: in range.
    assert.equal(validate('PutThing', { When: 0, Count: JSON.parse('9223372036854775807') }).Count, 2 ** 63);
    unreadable(() => validate('PutThing', { When: 0, Count: 2 ** 64 }), `Value of 'Count' ${range}, got 18446744073709551616`);
    unreadable(() => validate('PutThing', { When: 0, Count: 2n ** 63n }), `Value of 'Count' ${range}, got 9223372036854775808`);
    unreadable(() => validate('PutThing', { When: 0, Count: -(2n ** 63n) - 1n }), `Value of 'Count' ${range}, got -9223372036854775809`);
    unreadable(() => validate('PutThing', { When: 0, Count: 1.5 }), "Value of 'Count' must be an integer, got number 1.5");
  });

  test('cleanup', () => {
    rmSync(dir, { recursive: true, force: true });
  });
});

// boto3 and the AWS CLI as test clients. Both are preinstalled for Python 3.11 here; where
// they are absent the tests that need them skip with a printed reason.
import { execFile, spawnSync } from 'node:child_process';

/**
 * Runs a program without blocking the event loop: the server under test usually lives in
 * this same process, so a synchronous spawn would deadlock it.
 */
function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout: 180_000, maxBuffer: 256 * 1024 * 1024, env }, (error, stdout, stderr) => {
      const status = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

let cached: { python: boolean; boto3: boolean; awsCli: boolean } | undefined;

export function pythonTools() {
  if (!cached) {
    const py = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
    const cli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    cached = { python: py.error === undefined, boto3: py.status === 0, awsCli: cli.status === 0 };
  }
  return cached;
}

export function boto3SkipReason(): string | false {
  return pythonTools().boto3 ? false : 'python3 with boto3 is not installed on this machine';
}
export function awsCliSkipReason(): string | false {
  return pythonTools().awsCli ? false : 'the AWS CLI is not installed on this machine';
}

export interface PyResult {
  ok: boolean;
  value?: unknown;
  errorCode?: string;
  errorMessage?: string;
  httpStatus?: number;
}

/**
 * Runs a Python snippet with a boto3 `client` (appstream) bound to the server (and
 * `client_for(account, region)` for others); the snippet assigns its answer to `result`. A botocore ClientError becomes {ok:false, errorCode, ...}.
 */
export async function runBoto3(
  url: string,
  snippet: string,
  options: { accountId?: string; region?: string; secret?: string } = {},
): Promise<PyResult> {
  const program = `
import json, sys, datetime, boto3, botocore
from botocore.config import Config
client = boto3.client('appstream', endpoint_url=sys.argv[1], region_name=sys.argv[2],
    aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4],
    config=Config(retries={'max_attempts': 1}))
def client_for(account, region):
    return boto3.client('appstream', endpoint_url=sys.argv[1], region_name=region,
        aws_access_key_id=account, aws_secret_access_key=sys.argv[4], config=Config(retries={'max_attempts': 1}))
def enc(o):
    if isinstance(o, datetime.datetime): return o.timestamp()
    return str(o)
try:
    result = None
${snippet
  .split('\n')
  .map((l) => '    ' + l)
  .join('\n')}
    print(json.dumps({'ok': True, 'value': result}, default=enc))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'ok': False, 'errorCode': e.response['Error']['Code'], 'errorMessage': e.response['Error'].get('Message'),
        'httpStatus': e.response['ResponseMetadata'].get('HTTPStatusCode')}))
`;
  const out = await run('python3', [
    '-c',
    program,
    url,
    options.region ?? 'us-east-1',
    options.accountId ?? '111111111111',
    options.secret ?? 'test-secret',
  ]);
  if (out.status !== 0) throw new Error(`python failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as PyResult;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json?: unknown;
}

/** Runs `aws appstream <args>` against the server. */
export async function runAwsCli(url: string, args: string[], options: { accountId?: string; region?: string } = {}): Promise<CliResult> {
  const out = await run(
    'aws',
    ['--endpoint-url', url, '--region', options.region ?? 'us-east-1', '--output', 'json', 'appstream', ...args],
    {
      ...process.env,
      AWS_ACCESS_KEY_ID: options.accountId ?? '111111111111',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_MAX_ATTEMPTS: '1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  );
  let json: unknown;
  try {
    json = out.stdout.trim() ? JSON.parse(out.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { ...out, json };
}

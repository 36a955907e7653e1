// boto3 and the AWS CLI against an in-process test server. python.ts's runBoto3/runAwsCli use
// spawnSync, which blocks this process's event loop — and with it the in-process server the
// client is talking to (the client then times out). These run the same programs with an
// asynchronous spawn, so the server keeps serving while Python runs.
import { spawn } from 'node:child_process';
import type { CliResult, PyResult } from './python.js';

function run(command: string, args: string[], env?: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}

/** As python.ts's runBoto3: the snippet assigns its answer to `result`; ClientErrors become {ok:false, errorCode, ...}. */
export async function runBoto3Async(
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
  const r = await run('python3', ['-c', program, url, options.region ?? 'us-east-1', options.accountId ?? '111111111111', options.secret ?? 'test-secret']);
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PyResult;
}

/** As python.ts's runAwsCli: `aws appstream <args>` against the server. */
export async function runAwsCliAsync(url: string, args: string[], options: { accountId?: string; region?: string } = {}): Promise<CliResult> {
  const r = await run('aws', ['--endpoint-url', url, '--region', options.region ?? 'us-east-1', '--output', 'json', 'appstream', ...args], {
    ...process.env,
    AWS_ACCESS_KEY_ID: options.accountId ?? '111111111111',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  let json: unknown;
  try {
    json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

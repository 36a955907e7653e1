// The real Terraform CLI and hashicorp/aws provider against the emulator: apply a fleet, plan
// again (no drift: the defaults Terraform reads are right), change a "stop" attribute (the
// provider stops, updates, starts and waits), destroy. When the emulator serves CreateStack,
// the configuration adds a stack and the fleet-stack association. Skipped, with the reason
// printed, where the CLI or a local mirror of the provider is absent.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/index.js';
import { jsonCall } from '../support/raw.js';
import { publicImageOf, WINDOWS } from '../support/fleets.js';
import { startTestServer } from '../support/server.js';

const MIRROR = process.env['APPSTREAM_LOCAL_TF_MIRROR'] || '/opt/tf-plugins';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function skipReason(): string | false {
  if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0) return 'the Terraform CLI is not installed on this machine';
  if (!existsSync(join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws'))) return `no local mirror of hashicorp/aws at ${MIRROR} (APPSTREAM_LOCAL_TF_MIRROR)`;
  return false;
}

function terraform(dir: string, args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'terraform',
      [...args, '-no-color', '-input=false'],
      { cwd: dir, timeout: 300_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout + stderr }),
    );
  });
}

function config(url: string, fleet: { description: string; instanceType: string }): string {
  return `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region                      = "${REGION}"
  access_key                  = "${ACCOUNT}"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    appstream = "${url}"
  }
}
resource "aws_appstream_fleet" "fleet" {
  name                               = "tf-fleet"
  image_name                         = "${publicImageOf(REGION, WINDOWS)}"
  instance_type                      = "${fleet.instanceType}"
  description                        = "${fleet.description}"
  display_name                       = "Terraform fleet"
  idle_disconnect_timeout_in_seconds = 60
  max_user_duration_in_seconds       = 3600
  compute_capacity {
    desired_instances = 1
  }
  tags = { Team = "pipeline" }
}
resource "aws_appstream_stack" "stack" {
  name = "tf-stack"
}
resource "aws_appstream_fleet_stack_association" "assoc" {
  fleet_name = aws_appstream_fleet.fleet.name
  stack_name = aws_appstream_stack.stack.name
}
`;
}

describe('Terraform and the hashicorp/aws provider, for real', { skip: skipReason() }, () => {
  let server: RunningServer;
  let dir: string;
  before(async () => {
    server = await startTestServer({ transitionSeconds: 0 });
    dir = mkdtempSync(join(tmpdir(), 'asl-tf-'));
    writeFileSync(
      join(dir, 'cli.tfrc'),
      `provider_installation {
  filesystem_mirror {
    path    = "${MIRROR}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`,
    );
  });
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('apply, plan without drift, update through a stop, destroy', async () => {
    writeFileSync(join(dir, 'main.tf'), config(server.url, { description: 'first', instanceType: 'stream.standard.small' }));
    const init = await terraform(dir, ['init']);
    assert.equal(init.status, 0, init.out);
    const apply = await terraform(dir, ['apply', '-auto-approve']);
    assert.equal(apply.status, 0, apply.out);
    assert.match(apply.out, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
    const fleets = (await jsonCall(server.url, 'DescribeFleets', { Names: ['tf-fleet'] }, { accessKeyId: ACCOUNT })).json();
    assert.deepEqual([fleets.Fleets[0].State, fleets.Fleets[0].IdleDisconnectTimeoutInSeconds, fleets.Fleets[0].MaxUserDurationInSeconds], ['RUNNING', 60, 3600]);
    // What Terraform read back matches what it wrote: no change planned (exit code 0).
    const plan = await terraform(dir, ['plan', '-detailed-exitcode']);
    assert.equal(plan.status, 0, plan.out);
    // instance_type and description are "stop" attributes: StopFleet, UpdateFleet, StartFleet, wait.
    writeFileSync(join(dir, 'main.tf'), config(server.url, { description: 'second', instanceType: 'stream.standard.medium' }));
    const update = await terraform(dir, ['apply', '-auto-approve']);
    assert.equal(update.status, 0, update.out);
    assert.match(update.out, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    const updated = (await jsonCall(server.url, 'DescribeFleets', { Names: ['tf-fleet'] }, { accessKeyId: ACCOUNT })).json().Fleets[0];
    assert.deepEqual([updated.State, updated.InstanceType, updated.Description], ['RUNNING', 'stream.standard.medium', 'second']);
    const destroy = await terraform(dir, ['destroy', '-auto-approve']);
    assert.equal(destroy.status, 0, destroy.out);
    assert.match(destroy.out, /Destroy complete! Resources: \d+ destroyed\./);
    assert.equal((await jsonCall(server.url, 'DescribeFleets', { Names: ['tf-fleet'] }, { accessKeyId: ACCOUNT })).json().__type, 'ResourceNotFoundException');
  });
});

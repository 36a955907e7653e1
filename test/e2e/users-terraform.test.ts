// A real Terraform apply and destroy against the emulator (the hashicorp/aws provider from a
// local mirror): a stack, a user (disabled), its stack association and a directory config; then a plan
// shows no drift, and destroy leaves nothing. The mirrored provider (5.100) has no
// aws_appstream_entitlement or aws_appstream_usage_report_subscription yet (6.x added them):
// their call sequences are replayed in test/conformance/users-clients.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeDirectoryConfigsCommand,
  DescribeStacksCommand,
  DescribeUsersCommand,
  DescribeUserStackAssociationsCommand,
} from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { appStreamClient } from '../support/clients.js';
import { OWNER } from '../support/seed.js';
import { startTestServer } from '../support/server.js';
import { TerraformDir, terraformSkipReason } from '../support/terraform.js';

const REGION = 'us-east-1';

const CONFIG = `
resource "aws_appstream_stack" "tf" {
  name = "tf-stack"
}

resource "aws_appstream_user" "ada" {
  authentication_type = "USERPOOL"
  user_name           = "Ada.Lovelace@example.com"
  first_name          = "Ada"
  last_name           = "Lovelace"
  enabled             = false
  send_email_notification = false
}

resource "aws_appstream_user_stack_association" "ada" {
  authentication_type = aws_appstream_user.ada.authentication_type
  stack_name          = aws_appstream_stack.tf.name
  user_name           = aws_appstream_user.ada.user_name
}

resource "aws_appstream_directory_config" "corp" {
  directory_name                          = "corp.example.com"
  organizational_unit_distinguished_names = ["OU=AppStream,DC=corp,DC=example,DC=com"]
  service_account_credentials {
    account_name     = "CORP\\\\svc"
    account_password = "Sup3rSecret!"
  }
}
`;

describe('Terraform apply and destroy: a stack, a user, its stack association, a directory config', { skip: terraformSkipReason() }, () => {
  let server: RunningServer;
  let tf: TerraformDir;
  before(async () => {
    server = await startTestServer();
    tf = new TerraformDir(server.url, { accountId: OWNER, region: REGION });
    tf.config(CONFIG);
  });
  after(async () => {
    tf?.remove();
    await server?.close();
  });

  it('init, apply, plan without changes, destroy', { timeout: 600_000 }, async () => {
    const init = await tf.run('init', '-no-color');
    assert.equal(init.status, 0, init.stderr + init.stdout);
    const apply = await tf.run('apply', '-auto-approve', '-no-color');
    assert.equal(apply.status, 0, apply.stderr + apply.stdout);
    assert.match(apply.stdout, /Apply complete! Resources: 4 added, 0 changed, 0 destroyed\./);

    const client = appStreamClient(server.url, 'awsJson1_1', { region: REGION });
    const users = (await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users!;
    assert.deepEqual(users.map((u) => [u.UserName, u.Enabled, u.FirstName]), [['Ada.Lovelace@example.com', false, 'Ada']]);
    assert.equal((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'tf-stack' }))).UserStackAssociations!.length, 1);
    assert.equal((await client.send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs![0]!.DirectoryName, 'corp.example.com');
    assert.deepEqual((await client.send(new DescribeStacksCommand({}))).Stacks!.map((s) => s.Name), ['tf-stack']);

    const plan = await tf.run('plan', '-detailed-exitcode', '-no-color');
    assert.equal(plan.status, 0, `the plan after apply shows changes:\n${plan.stdout}${plan.stderr}`);

    const destroy = await tf.run('destroy', '-auto-approve', '-no-color');
    assert.equal(destroy.status, 0, destroy.stderr + destroy.stdout);
    assert.match(destroy.stdout, /Destroy complete! Resources: 4 destroyed\./);
    assert.deepEqual((await client.send(new DescribeUsersCommand({ AuthenticationType: 'USERPOOL' }))).Users, []);
    assert.deepEqual((await client.send(new DescribeUserStackAssociationsCommand({ StackName: 'tf-stack' }))).UserStackAssociations, []);
    assert.deepEqual((await client.send(new DescribeDirectoryConfigsCommand({}))).DirectoryConfigs, []);
    assert.deepEqual((await client.send(new DescribeStacksCommand({}))).Stacks, []);
  });
});

// The Terraform CLI with a local filesystem mirror of the hashicorp/aws provider, as a test
// client. Where either is missing, tests skip with the reason. The mirror is looked for in
// APPSTREAM_LOCAL_TF_MIRROR, then /opt/tf-plugins and ~/.terraform.d/plugins.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const MIRRORS = [process.env['APPSTREAM_LOCAL_TF_MIRROR'], '/opt/tf-plugins', join(homedir(), '.terraform.d', 'plugins')].filter((d): d is string => !!d);

function mirror(): string | undefined {
  return MIRRORS.find((d) => existsSync(join(d, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/** Why Terraform tests cannot run here, or false. */
export function terraformSkipReason(): string | false {
  if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0) return 'the Terraform CLI is not installed on this machine';
  if (!mirror()) return `no local mirror of the hashicorp/aws provider (looked in ${MIRRORS.join(', ')})`;
  return false;
}

export interface TerraformRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A working directory with a provider block pointed at the emulator, and the CLI run in it (asynchronously: the server lives in this process). */
export class TerraformDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'asl-tf-'));
  private readonly env: NodeJS.ProcessEnv;

  constructor(url: string, options: { accountId: string; region: string }) {
    const cliConfig = join(this.dir, 'cli.tfrc');
    writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror()}"\n  }\n}\n`);
    writeFileSync(
      join(this.dir, 'provider.tf'),
      `provider "aws" {
  region                      = "${options.region}"
  access_key                  = "${options.accountId}"
  secret_key                  = "test-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    appstream = "${url}"
  }
}
`,
    );
    this.env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  }

  /** Writes main.tf. */
  config(text: string): void {
    writeFileSync(join(this.dir, 'main.tf'), text);
  }

  run(...args: string[]): Promise<TerraformRun> {
    return new Promise((resolve) => {
      execFile('terraform', args, { cwd: this.dir, env: this.env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const status = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
        resolve({ status, stdout, stderr });
      });
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

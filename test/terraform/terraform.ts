import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runs, runTool, type ToolResult } from '../support/tools.js';

/** Whether the `terraform` binary is on this machine. */
export const hasTerraform = runs('terraform', ['version']);

/**
 * The provider filesystem mirror on this machine: a `registry.terraform.io` folder at most three levels
 * below `/` (the machine image puts it at `/opt/tf-plugins/registry.terraform.io`). Bounded on purpose: a
 * full-disk search would be slow.
 */
export function findProviderMirror(): string | undefined {
  try {
    const out = execFileSync('find', ['/', '-maxdepth', '3', '-name', 'registry.terraform.io', '-type', 'd'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    });
    const hit = out.split('\n').find((line) => line.trim() !== '');
    return hit ? join(hit, '..') : undefined;
  } catch (e) {
    // find exits 1 when some folder is unreadable but may still have printed the hit.
    const stdout = (e as { stdout?: string }).stdout ?? '';
    const hit = stdout.split('\n').find((line) => line.trim() !== '');
    return hit ? join(hit, '..') : undefined;
  }
}

/** The aws provider version in the mirror (the newest one there). */
export function mirroredAwsVersion(mirror: string): string | undefined {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).sort().pop();
}

export interface TerraformWorkspace {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Run `terraform <args>` in the workspace, never through a shell. */
  run(args: readonly string[], timeoutMs?: number): Promise<ToolResult>;
  /** Write `main.tf` (replacing the last one). */
  writeConfig(hcl: string): void;
}

/**
 * A Terraform working folder whose CLI config installs providers only from the filesystem mirror,
 * and whose environment carries no AWS settings of the user's.
 */
export function terraformWorkspace(dir: string, mirror: string): TerraformWorkspace {
  mkdirSync(dir, { recursive: true });
  const cliConfig = join(dir, 'terraform.rc');
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('TF_')) env[k] = v;
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
  });
  return {
    dir,
    env,
    run: (args, timeoutMs = 300_000) => runTool('terraform', [`-chdir=${dir}`, ...args], env, timeoutMs),
    writeConfig: (hcl) => writeFileSync(join(dir, 'main.tf'), hcl),
  };
}

/** The `provider "aws"` block for lakebox: every service endpoint at lakebox, no account or credential lookups. */
export function lakeboxProvider(endpoint: string, awsVersion: string): string {
  const services = ['s3', 'glue', 'athena', 'sts', 'iam'];
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${awsVersion}"
    }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
${services.map((s) => `    ${s.padEnd(6)} = "${endpoint}"`).join('\n')}
  }
}
`;
}

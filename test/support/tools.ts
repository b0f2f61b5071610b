import { execFile, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `file args...` runs and exits 0 (bounded: a hung probe counts as absent). */
export function runs(file: string, args: readonly string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Environment for an AWS tool (CLI, boto3) pointed at lakebox and nowhere else: dummy credentials,
 * a region, the endpoint, and config files that do not exist so no user profile leaks in.
 */
export function awsToolEnv(endpoint: string, region = 'us-east-1'): NodeJS.ProcessEnv {
  // A folder that is never created: the tools find no config or credentials files there.
  const nowhere = join(tmpdir(), `lakebox-no-aws-config-${process.pid}`);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: join(nowhere, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(nowhere, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
  };
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a tool with an argument array (never through a shell) and collect what it printed.
 * Resolves with the exit code instead of rejecting, so tests can assert on failures too.
 */
export function runTool(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ToolResult> {
  return new Promise((done) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

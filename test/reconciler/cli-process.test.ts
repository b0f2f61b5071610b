import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { CLI_SOURCE, REPO_ROOT } from '../support/process.js';
import { workspace } from './helpers.js';

const run = promisify(execFile);

/** `lakebox <args>` from source, as a user runs it, with the endpoint from the environment. */
async function lakebox(cwd: string, endpoint: string, ...args: string[]) {
  try {
    const out = await run(join(REPO_ROOT, 'node_modules/.bin/tsx'), [CLI_SOURCE, ...args], {
      cwd,
      env: {
        PATH: process.env['PATH'],
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('lakebox <reconciler command> through the real CLI', () => {
  it('plans with AWS_ENDPOINT_URL, --detailed-exitcode and no colour when not on a TTY', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: sales, description: Sales }]\n');
    const plan = await lakebox(ws.dir, t.endpoint, 'plan', '--detailed-exitcode');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('  + database.sales\n      + description = "Sales"\n');
    expect(plan.stdout).not.toContain('\u001b[');
    const apply = await lakebox(ws.dir, t.endpoint, 'apply');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('pass --auto-approve');
    const unknown = await lakebox(ws.dir, t.endpoint, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  }, 60_000);
});

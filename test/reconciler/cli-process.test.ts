import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

  it('an apply killed half-way (SIGKILL) loses nothing it did, and the next apply converges', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    const tables = Array.from({ length: 60 }, (_, i) => `  - { database: big, name: t${i}, format: csv }`);
    ws.writeSpec(`databases: [{ name: big }]\ntables:\n${tables.join('\n')}\n`);
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [CLI_SOURCE, 'apply', '--auto-approve', '--parallelism', '1'],
      {
        cwd: ws.dir,
        stdio: 'ignore',
        // Its own process group: tsx runs the CLI in a child process, and the kill must reach that one too.
        detached: true,
        env: {
          PATH: process.env['PATH'],
          AWS_ENDPOINT_URL: t.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'us-east-1',
        },
      },
    );
    const exited = new Promise((r) => child.once('exit', r));
    const journal = join(ws.dir, '.lakebox-state.json.journal');
    // Kill it once some changes are journaled (each completed change is one line) and before it finishes.
    for (let i = 0; i < 600; i++) {
      if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 8) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    expect(existsSync(journal)).toBe(true);
    expect(existsSync(join(ws.dir, '.lakebox-state.json.lock'))).toBe(true);
    const lock = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json.lock'), 'utf8'));

    const locked = await ws.run('apply', '--auto-approve');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`--force-unlock ${lock.id}`);
    const again = await ws.run('apply', '--auto-approve', '--force-unlock', lock.id);
    expect(again.stdout).not.toContain('Errors: the plan cannot be applied');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('already exists');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
    const state = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json'), 'utf8'));
    expect(Object.keys(state.resources)).toHaveLength(61);
  }, 120_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReconcilerCli } from '@lakebox/reconciler';
import { TEST_CREDENTIALS } from '../support/lakebox.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch folder holding a spec, with a runner for `lakebox <command>` against one endpoint. */
export interface Workspace extends AsyncDisposable {
  dir: string;
  writeSpec(yaml: string, name?: string): void;
  run: ((...args: string[]) => Promise<CliRun>) & {
    /** The same, with someone at the terminal answering the confirmation. */
    withConfirm(answer: (question: string) => Promise<boolean>): (...args: string[]) => Promise<CliRun>;
  };
}

/**
 * Run the reconciler's CLI in process, pointed at `endpoint`, in a fresh folder.
 * Credentials come from the environment, as on a developer's machine. `await using` removes the folder.
 */
export function workspace(endpoint: string): Workspace {
  process.env['AWS_ACCESS_KEY_ID'] = TEST_CREDENTIALS.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = TEST_CREDENTIALS.secretAccessKey;
  process.env['AWS_REGION'] = 'us-east-1';
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-reconciler-'));
  const runWith =
    (confirm?: (question: string) => Promise<boolean>) =>
    async (...args: string[]): Promise<CliRun> => {
      let stdout = '';
      let stderr = '';
      const code = await runReconcilerCli([...args, '--endpoint', endpoint], {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        cwd: dir,
        color: false,
        ...(confirm ? { confirm } : {}),
      });
      return { code, stdout, stderr };
    };
  const run = Object.assign(runWith(), { withConfirm: runWith });
  return {
    dir,
    writeSpec(yaml, name = 'lakebox.yaml') {
      writeFileSync(join(dir, name), yaml);
    },
    async [Symbol.asyncDispose]() {
      rmSync(dir, { recursive: true, force: true });
    },
    run,
  };
}

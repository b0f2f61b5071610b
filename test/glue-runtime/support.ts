import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { pythonRuntimeDir } from '../../packages/emulator/src/runtime/python-dir.js';
import type { TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The account the test SDK clients act as (their access key id is not 12 digits). */
export const ACCOUNT = '000000000000';

/**
 * Run a PySpark/Glue script against a test lakebox the way a job run starts it (contract 3: argv, env,
 * PYTHONPATH), without the Jobs API, so the runtime layer is tested on its own.
 */
export async function runScript(
  t: TestLakebox,
  script: string,
  args: Record<string, string> = {},
  account = ACCOUNT,
): Promise<ScriptResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-script-'));
  try {
    const file = join(dir, 'job.py');
    writeFileSync(file, script);
    const argv = [file, '--JOB_NAME', 'test-job', '--JOB_ID', 'j_test', '--JOB_RUN_ID', 'jr_test'];
    for (const [k, v] of Object.entries(args)) argv.push(`--${k}`, v);
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      AWS_ENDPOINT_URL: t.endpoint,
      LAKEBOX_ENDPOINT: t.endpoint,
      AWS_ACCESS_KEY_ID: account,
      AWS_SECRET_ACCESS_KEY: 'lakebox',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      LAKEBOX_ACCOUNT: account,
      LAKEBOX_REGION: 'us-east-1',
      LAKEBOX_JOB_NAME: 'test-job',
      LAKEBOX_JOB_RUN_ID: 'jr_test',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONPATH: pythonRuntimeDir(),
      ...(process.env['LAKEBOX_RUNTIME_TRACE'] ? { LAKEBOX_RUNTIME_TRACE: '1' } : {}),
    };
    return await new Promise<ScriptResult>((resolve, reject) => {
      const child = spawn(process.env['LAKEBOX_PYTHON'] ?? 'python3', argv, { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Create a bucket and put objects (text bodies) into it. */
export async function putObjects(t: TestLakebox, bucket: string, objects: Record<string, string>): Promise<void> {
  const s3 = s3Client(t);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: { name?: string }) => {
      if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
    });
    for (const [key, body] of Object.entries(objects)) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  } finally {
    s3.destroy();
  }
}

/** Run a script and fail with its stderr when it does not exit 0. */
export async function runOk(t: TestLakebox, script: string, args: Record<string, string> = {}): Promise<string> {
  const r = await runScript(t, script, args);
  if (r.code !== 0) throw new Error(`script failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

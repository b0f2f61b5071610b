import { existsSync, readFileSync } from 'node:fs';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateJobCommand,
  type CreateJobCommandInput,
  GetJobRunCommand,
  type GlueClient,
  type JobRun,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StartOptions } from '@lakebox/emulator';
import { startTestLakebox, TEST_CREDENTIALS, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

/** A live lakebox with S3 and CloudWatch Logs clients and a `scripts` bucket for job scripts. */
export interface JobsTestLakebox extends TestLakebox {
  s3: S3Client;
  logs: CloudWatchLogsClient;
}

/**
 * @example
 * await using t = await startJobsTestLakebox();
 * const run = await runScript(t, 'job', 'print("hi")');
 */
export async function startJobsTestLakebox(options: StartOptions = {}): Promise<JobsTestLakebox> {
  const base = await startTestLakebox(options);
  const s3 = s3Client(base);
  const logs = new CloudWatchLogsClient({
    endpoint: base.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'scripts' }));
  return {
    ...base,
    s3,
    logs,
    async [Symbol.asyncDispose]() {
      s3.destroy();
      logs.destroy();
      await base[Symbol.asyncDispose]();
    },
  };
}

/** Upload `source` as `s3://scripts/<name>.py` and return that location. */
export async function uploadScript(t: JobsTestLakebox, name: string, source: string): Promise<string> {
  await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: `${name}.py`, Body: source }));
  return `s3://scripts/${name}.py`;
}

/** Create a pythonshell job running `source`. */
export async function createScriptJob(
  t: JobsTestLakebox,
  name: string,
  source: string,
  extra: Partial<CreateJobCommandInput> = {},
): Promise<void> {
  const ScriptLocation = await uploadScript(t, name, source);
  await t.glue.send(
    new CreateJobCommand({
      Name: name,
      Role: 'arn:aws:iam::000000000000:role/glue',
      Command: { Name: 'pythonshell', ScriptLocation, PythonVersion: '3.9' },
      ...extra,
    }),
  );
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

/** Poll GetJobRun until the run is in a final state (or one of `states`). */
export async function waitForRun(
  glue: GlueClient,
  jobName: string,
  runId: string,
  states: ReadonlySet<string> = FINAL,
  timeoutMs = 25_000,
): Promise<JobRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { JobRun: run } = await glue.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }));
    if (run && states.has(run.JobRunState ?? '')) return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run?.JobRunState} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Create a job for `source`, start one run and wait for its end. */
export async function runScript(
  t: JobsTestLakebox,
  name: string,
  source: string,
  options: { job?: Partial<CreateJobCommandInput>; args?: Record<string, string> } = {},
): Promise<JobRun> {
  await createScriptJob(t, name, source, options.job);
  const { JobRunId } = await t.glue.send(new StartJobRunCommand({ JobName: name, Arguments: options.args }));
  return waitForRun(t.glue, name, JobRunId ?? '');
}

/** A script that starts a child process, prints "<its pid> <child pid>" and sleeps: for kill-the-tree checks. */
export const TREE_SCRIPT = [
  'import os, subprocess, sys, time',
  'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])',
  'print(f"{os.getpid()} {child.pid}", flush=True)',
  'time.sleep(120)',
].join('\n');

/** The pids a TREE_SCRIPT run printed (read through CloudWatch Logs, waiting until it has printed them). */
export async function treePids(t: JobsTestLakebox, runId: string): Promise<number[]> {
  for (let i = 0; i < 500; i++) {
    const out = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws-glue/jobs/output', logStreamName: runId, startFromHead: true }),
    );
    const pids = (out.events?.[0]?.message ?? '').split(' ').filter(Boolean).map(Number);
    if (pids.length === 2) return pids;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`run ${runId} printed no pids`);
}

/** Whether a process ended: /proc has no entry for it, or only a zombie waiting for its reaper. */
export async function processGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    const status = `/proc/${pid}/status`;
    try {
      if (!existsSync(status) || /^State:\s+Z/m.test(readFileSync(status, 'utf8'))) return true;
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

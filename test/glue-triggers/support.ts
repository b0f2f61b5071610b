import { CreateJobCommand, GetJobRunsCommand, type GlueClient, type JobRun } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StartOptions } from '@lakebox/emulator';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

/** A live lakebox with an S3 client and a `scripts` bucket for job scripts. */
export interface TriggersTestLakebox extends TestLakebox {
  s3: S3Client;
}

/** `scriptsBucket: false` when the data directory already has it (a restart). */
export async function startTriggersTestLakebox(
  options: StartOptions & { scriptsBucket?: boolean } = {},
): Promise<TriggersTestLakebox> {
  const { scriptsBucket = true, ...startOptions } = options;
  const base = await startTestLakebox(startOptions);
  const s3 = s3Client(base);
  if (scriptsBucket) await s3.send(new CreateBucketCommand({ Bucket: 'scripts' }));
  return {
    ...base,
    s3,
    async [Symbol.asyncDispose]() {
      s3.destroy();
      await base[Symbol.asyncDispose]();
    },
  };
}

/** Create a pythonshell job that runs `source` (default: prints its arguments). */
export async function createJob(t: TriggersTestLakebox, name: string, source = 'import sys\nprint(sys.argv[1:])\n') {
  await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: `${name}.py`, Body: source }));
  await t.glue.send(
    new CreateJobCommand({
      Name: name,
      Role: 'arn:aws:iam::000000000000:role/glue',
      Command: { Name: 'pythonshell', ScriptLocation: `s3://scripts/${name}.py`, PythonVersion: '3.9' },
    }),
  );
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

/** Poll until the job has `count` runs, all in a final state; returns them, newest first. */
export async function waitForRuns(glue: GlueClient, jobName: string, count = 1, timeoutMs = 90_000): Promise<JobRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { JobRuns = [] } = await glue.send(new GetJobRunsCommand({ JobName: jobName }));
    if (JobRuns.length >= count && JobRuns.every((r) => FINAL.has(r.JobRunState ?? ''))) return JobRuns;
    if (Date.now() > deadline) {
      throw new Error(
        `job ${jobName}: ${JobRuns.length} runs (${JobRuns.map((r) => r.JobRunState).join(', ')}) after ${timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

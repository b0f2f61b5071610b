import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import {
  createScriptJob,
  processGone,
  runScript,
  startJobsTestLakebox,
  TREE_SCRIPT,
  treePids,
  waitForRun,
} from './support.js';

const RUNNING = new Set(['RUNNING']);

describe('job runs', () => {
  it('runs a script to SUCCEEDED with the run fields Glue reports', async () => {
    await using t = await startJobsTestLakebox();
    const run = await runScript(t, 'ok', 'print("hello")');
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(run.Id).toMatch(/^jr_[0-9a-f]{64}$/);
    expect(run.JobName).toBe('ok');
    expect(run.Attempt).toBe(0);
    expect(run.StartedOn).toBeInstanceOf(Date);
    expect(run.CompletedOn).toBeInstanceOf(Date);
    expect(run.LastModifiedOn).toBeInstanceOf(Date);
    expect(typeof run.ExecutionTime).toBe('number');
    expect(run.Timeout).toBe(2880);
    expect(run.MaxCapacity).toBe(0.0625);
    expect(run.GlueVersion).toBe('0.9');
    expect(run.LogGroupName).toBe('/aws-glue/jobs');
    expect(run.ErrorMessage).toBeUndefined();
    expect(run.PreviousRunId).toBeUndefined();
  });

  it('passes arguments as Glue does: --JOB_NAME, --JOB_ID, --JOB_RUN_ID, then defaults overridden by the run', async () => {
    await using t = await startJobsTestLakebox();
    const script = [
      'import json, os, sys',
      'print(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": {k: os.environ.get(k) for k in',
      '  ["AWS_ENDPOINT_URL", "LAKEBOX_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_DEFAULT_REGION",',
      '   "LAKEBOX_ACCOUNT", "LAKEBOX_REGION", "LAKEBOX_JOB_NAME", "LAKEBOX_JOB_RUN_ID", "PYTHONUNBUFFERED"]}}))',
    ].join('\n');
    await createScriptJob(t, 'args', script, {
      DefaultArguments: { '--input_path': 's3://b/default', '--mode': 'full' },
      NonOverridableArguments: { '--fixed': 'yes' },
    });
    const { JobRunId = '' } = await t.glue.send(
      new StartJobRunCommand({
        JobName: 'args',
        Arguments: { '--input_path': 's3://b/run', '--job-bookmark-option': 'job-bookmark-enable' },
      }),
    );
    const run = await waitForRun(t.glue, 'args', JobRunId);
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(run.Arguments).toEqual({ '--input_path': 's3://b/run', '--job-bookmark-option': 'job-bookmark-enable' });
    const { events = [] } = await t.logs.send(
      new GetLogEventsCommand({
        logGroupName: '/aws-glue/jobs/output',
        logStreamName: JobRunId,
        startFromHead: true,
      }),
    );
    const printed = JSON.parse(events[0]?.message ?? '{}') as { argv: string[]; env: Record<string, string> };
    const argv = printed.argv;
    expect(argv.slice(0, 6)).toEqual([
      '--JOB_NAME',
      'args',
      '--JOB_ID',
      expect.stringMatching(/^j_[0-9a-f]{64}$/),
      '--JOB_RUN_ID',
      JobRunId,
    ]);
    const pairs = Object.fromEntries(
      Array.from({ length: (argv.length - 6) / 2 }, (_, i) => [argv[6 + 2 * i], argv[7 + 2 * i]]),
    );
    expect(pairs).toEqual({
      '--input_path': 's3://b/run',
      '--mode': 'full',
      '--job-bookmark-option': 'job-bookmark-enable',
      '--fixed': 'yes',
    });
    expect(printed.env).toEqual({
      AWS_ENDPOINT_URL: t.endpoint,
      LAKEBOX_ENDPOINT: t.endpoint,
      AWS_ACCESS_KEY_ID: '000000000000',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      LAKEBOX_ACCOUNT: '000000000000',
      LAKEBOX_REGION: 'us-east-1',
      LAKEBOX_JOB_NAME: 'args',
      LAKEBOX_JOB_RUN_ID: JobRunId,
      PYTHONUNBUFFERED: '1',
    });
  });

  it('lets a script use boto3 against lakebox with the environment it is given', async () => {
    await using t = await startJobsTestLakebox();
    const script = [
      'import boto3',
      's3 = boto3.client("s3")',
      'names = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])',
      'print("buckets:" + ",".join(names))',
      's3.put_object(Bucket="scripts", Key="out/from-job.txt", Body=b"written by the job")',
    ].join('\n');
    const run = await runScript(t, 'boto', script);
    expect(run.ErrorMessage).toBeUndefined();
    expect(run.JobRunState).toBe('SUCCEEDED');
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const obj = await t.s3.send(new GetObjectCommand({ Bucket: 'scripts', Key: 'out/from-job.txt' }));
    expect(await obj.Body?.transformToString()).toBe('written by the job');
  });

  it('runs a glueetl script with the awsglue layer of lakebox on PYTHONPATH', async () => {
    await using t = await startJobsTestLakebox();
    const script = [
      'import sys',
      'from awsglue.utils import getResolvedOptions',
      'args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path"])',
      'print(args["JOB_NAME"] + " " + args["input_path"])',
    ].join('\n');
    const run = await runScript(t, 'etl', script, {
      job: { Command: { Name: 'glueetl', ScriptLocation: 's3://scripts/etl.py' }, GlueVersion: '4.0' },
      args: { '--input_path': 's3://bronze/raw/' },
    });
    expect(run.ErrorMessage).toBeUndefined();
    expect(run.JobRunState).toBe('SUCCEEDED');
    const { events = [] } = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws-glue/jobs/output', logStreamName: run.Id, startFromHead: true }),
    );
    expect(events.map((e) => e.message)).toEqual(['etl s3://bronze/raw/']);
  });

  it('fails with the exception line of the Python traceback in ErrorMessage', async () => {
    await using t = await startJobsTestLakebox();
    const script = ['def divide(a, b):', '    return a / b', '', 'print("before")', 'divide(1, 0)'].join('\n');
    const run = await runScript(t, 'boom', script);
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toBe('ZeroDivisionError: division by zero');
    expect(run.CompletedOn).toBeInstanceOf(Date);
  });

  it('fails with the exit code when the script exits non-zero without a traceback', async () => {
    await using t = await startJobsTestLakebox();
    const run = await runScript(t, 'exit3', 'import sys\nsys.exit(3)');
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toBe('Command failed with exit code 3');
  });

  it('fails with a clear message when the script is not in S3', async () => {
    await using t = await startJobsTestLakebox();
    await t.glue.send(
      new CreateJobCommand({
        Name: 'missing',
        Role: 'r',
        Command: { Name: 'pythonshell', ScriptLocation: 's3://scripts/nope.py' },
      }),
    );
    const { JobRunId = '' } = await t.glue.send(new StartJobRunCommand({ JobName: 'missing' }));
    const run = await waitForRun(t.glue, 'missing', JobRunId);
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toContain('s3://scripts/nope.py not found');
  });

  it('fails with "python3 not found" when there is no Python', async () => {
    const saved = process.env['LAKEBOX_PYTHON'];
    process.env['LAKEBOX_PYTHON'] = 'python3-that-does-not-exist';
    try {
      await using t = await startJobsTestLakebox();
      const run = await runScript(t, 'nopython', 'print(1)');
      expect(run.JobRunState).toBe('FAILED');
      expect(run.ErrorMessage).toContain('python3-that-does-not-exist not found');
    } finally {
      if (saved === undefined) delete process.env['LAKEBOX_PYTHON'];
      else process.env['LAKEBOX_PYTHON'] = saved;
    }
  });

  it('ends a run past its Timeout as TIMEOUT and kills its process tree', async () => {
    await using t = await startJobsTestLakebox({ jobMinuteMs: 3000 });
    await createScriptJob(t, 'slow', TREE_SCRIPT, { Timeout: 1 });
    const { JobRunId = '' } = await t.glue.send(new StartJobRunCommand({ JobName: 'slow' }));
    const pids = await treePids(t, JobRunId);
    const run = await waitForRun(t.glue, 'slow', JobRunId);
    expect(run.JobRunState).toBe('TIMEOUT');
    expect(run.ErrorMessage).toContain('timed out');
    for (const pid of pids) expect(await processGone(pid)).toBe(true);
  });

  it('stops a run with BatchStopJobRun (STOPPING → STOPPED) and reports per-id errors', async () => {
    await using t = await startJobsTestLakebox();
    const states: string[] = [];
    await createScriptJob(t, 'stoppable', TREE_SCRIPT);
    const { JobRunId = '' } = await t.glue.send(new StartJobRunCommand({ JobName: 'stoppable' }));
    await waitForRun(t.glue, 'stoppable', JobRunId, RUNNING);
    const pids = await treePids(t, JobRunId);
    const out = await t.glue.send(
      new BatchStopJobRunCommand({ JobName: 'stoppable', JobRunIds: [JobRunId, 'jr_unknown'] }),
    );
    expect(out.SuccessfulSubmissions).toEqual([{ JobName: 'stoppable', JobRunId }]);
    expect(out.Errors).toHaveLength(1);
    expect(out.Errors?.[0]?.JobRunId).toBe('jr_unknown');
    expect(out.Errors?.[0]?.ErrorDetail?.ErrorCode).toBe('EntityNotFoundException');
    const after = await t.glue.send(new GetJobRunCommand({ JobName: 'stoppable', RunId: JobRunId }));
    states.push(after.JobRun?.JobRunState ?? '');
    const run = await waitForRun(t.glue, 'stoppable', JobRunId);
    expect(['STOPPING', 'STOPPED']).toContain(states[0]);
    expect(run.JobRunState).toBe('STOPPED');
    for (const pid of pids) expect(await processGone(pid)).toBe(true);
    const again = await t.glue.send(new BatchStopJobRunCommand({ JobName: 'stoppable', JobRunIds: [JobRunId] }));
    expect(again.Errors?.[0]?.ErrorDetail?.ErrorCode).toBe('InvalidInputException');
  });

  it('rejects a run past MaxConcurrentRuns with ConcurrentRunsExceededException', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'single', 'import time\ntime.sleep(60)', { ExecutionProperty: { MaxConcurrentRuns: 1 } });
    const first = await t.glue.send(new StartJobRunCommand({ JobName: 'single' }));
    await expect(t.glue.send(new StartJobRunCommand({ JobName: 'single' }))).rejects.toMatchObject({
      name: 'ConcurrentRunsExceededException',
    });
    await t.glue.send(new BatchStopJobRunCommand({ JobName: 'single', JobRunIds: [first.JobRunId ?? ''] }));
    await waitForRun(t.glue, 'single', first.JobRunId ?? '');
    const second = await t.glue.send(new StartJobRunCommand({ JobName: 'single' }));
    expect(second.JobRunId).toBeDefined();
    await t.glue.send(new BatchStopJobRunCommand({ JobName: 'single', JobRunIds: [second.JobRunId ?? ''] }));
  });

  it('queues runs past MaxConcurrentRuns in WAITING with JobRunQueuingEnabled, and starts them in order', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'queued', 'import time\ntime.sleep(60)', { JobRunQueuingEnabled: true });
    const first = (await t.glue.send(new StartJobRunCommand({ JobName: 'queued' }))).JobRunId ?? '';
    const second = (await t.glue.send(new StartJobRunCommand({ JobName: 'queued' }))).JobRunId ?? '';
    const third = (await t.glue.send(new StartJobRunCommand({ JobName: 'queued' }))).JobRunId ?? '';
    const state = async (id: string) =>
      (await t.glue.send(new GetJobRunCommand({ JobName: 'queued', RunId: id }))).JobRun?.JobRunState;
    expect(await state(second)).toBe('WAITING');
    expect(await state(third)).toBe('WAITING');
    // A queued run stops at once; stopping the running one lets the next queued run start.
    await t.glue.send(new BatchStopJobRunCommand({ JobName: 'queued', JobRunIds: [third] }));
    expect(await state(third)).toBe('STOPPED');
    await t.glue.send(new BatchStopJobRunCommand({ JobName: 'queued', JobRunIds: [first] }));
    await waitForRun(t.glue, 'queued', second, RUNNING);
    expect(await state(first)).toBe('STOPPED');
    await t.glue.send(new BatchStopJobRunCommand({ JobName: 'queued', JobRunIds: [second] }));
    expect((await waitForRun(t.glue, 'queued', second)).JobRunState).toBe('STOPPED');
  });

  it('retries a failing run MaxRetries times with Attempt, PreviousRunId and _attempt_N ids', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'flaky', 'raise ValueError("always")', { MaxRetries: 2 });
    const { JobRunId = '' } = await t.glue.send(new StartJobRunCommand({ JobName: 'flaky' }));
    const last = `${JobRunId}_attempt_2`;
    const end = await waitForRunAppearing(t, 'flaky', last);
    expect(end.JobRunState).toBe('FAILED');
    expect(end.Attempt).toBe(2);
    expect(end.PreviousRunId).toBe(`${JobRunId}_attempt_1`);
    const { JobRuns = [] } = await t.glue.send(new GetJobRunsCommand({ JobName: 'flaky' }));
    expect(JobRuns.map((r) => r.Id)).toEqual([last, `${JobRunId}_attempt_1`, JobRunId]);
    expect(JobRuns.map((r) => r.Attempt)).toEqual([2, 1, 0]);
    expect(JobRuns.every((r) => r.JobRunState === 'FAILED' && r.ErrorMessage === 'ValueError: always')).toBe(true);
  });

  it('pages GetJobRuns newest first', async () => {
    await using t = await startJobsTestLakebox();
    await createScriptJob(t, 'many', 'pass', { ExecutionProperty: { MaxConcurrentRuns: 10 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { JobRunId = '' } = await t.glue.send(new StartJobRunCommand({ JobName: 'many' }));
      ids.push(JobRunId);
    }
    for (const id of ids) await waitForRun(t.glue, 'many', id);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t.glue.send(new GetJobRunsCommand({ JobName: 'many', MaxResults: 2, NextToken }));
      expect(page.JobRuns?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.JobRuns ?? []).map((r) => r.Id ?? ''));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual([...ids].reverse());
    await expect(t.glue.send(new GetJobRunsCommand({ JobName: 'nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await expect(t.glue.send(new GetJobRunCommand({ JobName: 'many', RunId: 'jr_nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });
});

async function waitForRunAppearing(
  t: Awaited<ReturnType<typeof startJobsTestLakebox>>,
  job: string,
  runId: string,
): Promise<import('@aws-sdk/client-glue').JobRun> {
  const until = Date.now() + 25_000;
  for (;;) {
    try {
      return await waitForRun(t.glue, job, runId);
    } catch (e) {
      if ((e as Error).name !== 'EntityNotFoundException' || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

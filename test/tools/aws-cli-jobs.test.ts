import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs } from '../support/tools.js';
import { type CliSession, ROLE, startCliSession } from './cli-session.js';

const hasAws = runs('aws', ['--version']);

let cli: CliSession;

describe.skipIf(!hasAws)(
  hasAws ? 'Glue jobs through the AWS CLI' : 'Glue jobs through the AWS CLI (skipped: `aws` is not installed)',
  // Every `aws` command starts a Python interpreter (about half a second): the polling loops add up.
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      cli = await startCliSession();
    });
    afterAll(async () => {
      await cli?.[Symbol.asyncDispose]();
    });

    it('create-job, start-job-run, get-job-run, then the run output with aws logs get-log-events', async () => {
      const script = await cli.uploadScript(
        'report.py',
        ['import sys', 'args = sys.argv[1:]', 'print("rows", args[args.index("--rows") + 1])', 'print("done")'].join(
          '\n',
        ),
      );
      const created = await cli.awsJson(
        'glue',
        'create-job',
        '--name',
        'report',
        '--role',
        ROLE,
        '--command',
        `Name=pythonshell,ScriptLocation=${script},PythonVersion=3.9`,
        '--default-arguments',
        JSON.stringify({ '--rows': '10' }),
        '--max-capacity',
        '0.0625',
      );
      expect(created).toEqual({ Name: 'report' });
      const { Job } = await cli.awsJson('glue', 'get-job', '--job-name', 'report');
      expect(Job).toMatchObject({
        Name: 'report',
        Role: ROLE,
        Command: { Name: 'pythonshell', ScriptLocation: 's3://scripts/report.py', PythonVersion: '3.9' },
        DefaultArguments: { '--rows': '10' },
        MaxCapacity: 0.0625,
      });

      const runId = await cli.awsText(
        'JobRunId',
        'glue',
        'start-job-run',
        '--job-name',
        'report',
        '--arguments',
        JSON.stringify({ '--rows': '42' }),
      );
      expect(runId).toMatch(/^jr_[0-9a-f]{64}$/);
      expect(await cli.waitForRun('report', runId)).toBe('SUCCEEDED');
      const { JobRun } = await cli.awsJson('glue', 'get-job-run', '--job-name', 'report', '--run-id', runId);
      expect(JobRun).toMatchObject({ Id: runId, JobName: 'report', Arguments: { '--rows': '42' }, Attempt: 0 });

      const out = await cli.awsJson(
        'logs',
        'get-log-events',
        '--log-group-name',
        '/aws-glue/jobs/output',
        '--log-stream-name',
        runId,
        '--start-from-head',
      );
      expect((out['events'] as { message: string }[]).map((e) => e.message)).toEqual(['rows 42', 'done']);
      const runsListed = await cli.awsText('JobRuns[].Id', 'glue', 'get-job-runs', '--job-name', 'report');
      expect(runsListed).toBe(runId);
    });

    it('exits non-zero with the AWS error for missing jobs, duplicates, bad input and concurrent runs', async () => {
      const missing = await cli.aws('glue', 'start-job-run', '--job-name', 'nope');
      expect(missing.code).toBe(255);
      expect(missing.stderr).toContain(
        'An error occurred (EntityNotFoundException) when calling the StartJobRun operation',
      );

      const script = await cli.uploadScript('sleepy.py', 'import time\ntime.sleep(120)\n');
      const command = `Name=pythonshell,ScriptLocation=${script}`;
      await cli.awsJson('glue', 'create-job', '--name', 'sleepy', '--role', ROLE, '--command', command);
      const duplicate = await cli.aws('glue', 'create-job', '--name', 'sleepy', '--role', ROLE, '--command', command);
      expect(duplicate.code).toBe(255);
      expect(duplicate.stderr).toContain('(AlreadyExistsException) when calling the CreateJob operation');

      const bad = await cli.aws('glue', 'create-job', '--name', 'bad', '--role', ROLE, '--command', 'Name=sparkling');
      expect(bad.code).toBe(255);
      expect(bad.stderr).toContain('(InvalidInputException) when calling the CreateJob operation');

      const first = await cli.awsText('JobRunId', 'glue', 'start-job-run', '--job-name', 'sleepy');
      expect(await cli.waitForRun('sleepy', first, new Set(['RUNNING']))).toBe('RUNNING');
      const second = await cli.aws('glue', 'start-job-run', '--job-name', 'sleepy');
      expect(second.code).toBe(255);
      // botocore counts this error as retryable, so the CLI adds "(reached max retries: 0)" before the message.
      expect(second.stderr).toContain(
        'An error occurred (ConcurrentRunsExceededException) when calling the StartJobRun operation',
      );
      expect(second.stderr).toContain(': Concurrent runs exceeded for sleepy');
      await cli.awsJson('glue', 'batch-stop-job-run', '--job-name', 'sleepy', '--job-run-ids', first);
      expect(await cli.waitForRun('sleepy', first)).toBe('STOPPED');
    });
  },
);

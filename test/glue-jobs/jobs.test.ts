import {
  BatchGetJobsCommand,
  CreateJobCommand,
  DeleteJobCommand,
  GetJobCommand,
  GetJobsCommand,
  type GetJobsCommandOutput,
  GetTagsCommand,
  ListJobsCommand,
  type ListJobsCommandOutput,
  TagResourceCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';

const ROLE = 'arn:aws:iam::000000000000:role/glue';
const SCRIPT = 's3://scripts/job.py';
const ARN = (name: string) => `arn:aws:glue:us-east-1:000000000000:job/${name}`;

describe('Glue jobs API', () => {
  it('creates a job with the defaults Glue fills in, and GetJob returns it', async () => {
    await using t = await startTestLakebox();
    const out = await t.glue.send(
      new CreateJobCommand({ Name: 'etl', Role: ROLE, Command: { ScriptLocation: SCRIPT } }),
    );
    expect(out.Name).toBe('etl');
    const { Job: job } = await t.glue.send(new GetJobCommand({ JobName: 'etl' }));
    expect(job).toMatchObject({
      Name: 'etl',
      Role: ROLE,
      Command: { Name: 'glueetl', ScriptLocation: SCRIPT, PythonVersion: '2' },
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      MaxRetries: 0,
      Timeout: 2880,
      GlueVersion: '0.9',
      AllocatedCapacity: 10,
      MaxCapacity: 10,
    });
    expect(job?.CreatedOn).toBeInstanceOf(Date);
    expect(job?.LastModifiedOn).toBeInstanceOf(Date);
    // Nothing the caller did not set beyond what AWS returns (Terraform would see a diff).
    for (const absent of ['ExecutionClass', 'JobMode', 'NotificationProperty', 'WorkerType', 'NumberOfWorkers']) {
      expect(job).not.toHaveProperty(absent);
    }
  });

  it('keeps what the caller set: workers, Python shell capacity, arguments, Glue version', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateJobCommand({
        Name: 'workers',
        Role: ROLE,
        Command: { Name: 'glueetl', ScriptLocation: SCRIPT },
        GlueVersion: '4.0',
        WorkerType: 'G.1X',
        NumberOfWorkers: 4,
        DefaultArguments: { '--job-language': 'python', '--input': 's3://b/in' },
        Description: 'd',
        Timeout: 30,
        MaxRetries: 2,
        ExecutionClass: 'STANDARD',
      }),
    );
    const { Job: w } = await t.glue.send(new GetJobCommand({ JobName: 'workers' }));
    expect(w).toMatchObject({
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 4,
      MaxCapacity: 4,
      Command: { Name: 'glueetl', PythonVersion: '3' },
      DefaultArguments: { '--job-language': 'python', '--input': 's3://b/in' },
      Description: 'd',
      Timeout: 30,
      MaxRetries: 2,
      ExecutionClass: 'STANDARD',
    });
    await t.glue.send(
      new CreateJobCommand({ Name: 'shell', Role: ROLE, Command: { Name: 'pythonshell', ScriptLocation: SCRIPT } }),
    );
    const { Job: s } = await t.glue.send(new GetJobCommand({ JobName: 'shell' }));
    expect(s).toMatchObject({ MaxCapacity: 0.0625, Command: { Name: 'pythonshell', PythonVersion: '3' } });
  });

  it('answers the errors Glue answers', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateJobCommand({ Name: 'dup', Role: ROLE, Command: { ScriptLocation: SCRIPT } }));
    await expect(
      t.glue.send(new CreateJobCommand({ Name: 'dup', Role: ROLE, Command: { ScriptLocation: SCRIPT } })),
    ).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    await expect(t.glue.send(new GetJobCommand({ JobName: 'nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await expect(
      t.glue.send(
        new UpdateJobCommand({ JobName: 'nope', JobUpdate: { Role: ROLE, Command: { ScriptLocation: SCRIPT } } }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException' });
    await expect(
      t.glue.send(
        new CreateJobCommand({
          Name: 'both',
          Role: ROLE,
          Command: { ScriptLocation: SCRIPT },
          MaxCapacity: 2,
          WorkerType: 'G.1X',
          NumberOfWorkers: 2,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(
      t.glue.send(
        new CreateJobCommand({ Name: 'bad', Role: ROLE, Command: { Name: 'nonsense', ScriptLocation: SCRIPT } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    // Required members come from the AWS model: a request without Role never reaches the model.
    await expect(
      t.glue.send(new CreateJobCommand({ Name: 'norole', Command: { ScriptLocation: SCRIPT } } as never)),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('UpdateJob replaces the definition: members left out go back to their defaults', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateJobCommand({
        Name: 'u',
        Role: ROLE,
        Command: { ScriptLocation: SCRIPT },
        Description: 'old',
        DefaultArguments: { '--a': '1' },
        Timeout: 10,
      }),
    );
    const before = (await t.glue.send(new GetJobCommand({ JobName: 'u' }))).Job;
    const out = await t.glue.send(
      new UpdateJobCommand({
        JobName: 'u',
        JobUpdate: { Role: ROLE, Command: { ScriptLocation: 's3://scripts/v2.py' }, MaxRetries: 1 },
      }),
    );
    expect(out.JobName).toBe('u');
    const { Job: after } = await t.glue.send(new GetJobCommand({ JobName: 'u' }));
    expect(after?.Command?.ScriptLocation).toBe('s3://scripts/v2.py');
    expect(after?.MaxRetries).toBe(1);
    expect(after?.Timeout).toBe(2880);
    expect(after).not.toHaveProperty('Description');
    expect(after).not.toHaveProperty('DefaultArguments');
    expect(after?.CreatedOn?.getTime()).toBe(before?.CreatedOn?.getTime());
  });

  it('lists jobs in pages (GetJobs, ListJobs) and batch-gets them with a not-found list', async () => {
    await using t = await startTestLakebox();
    const names = ['j1', 'j2', 'j3', 'j4', 'j5'];
    for (const Name of names) {
      await t.glue.send(new CreateJobCommand({ Name, Role: ROLE, Command: { ScriptLocation: SCRIPT } }));
    }
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page: GetJobsCommandOutput = await t.glue.send(new GetJobsCommand({ MaxResults: 2, NextToken }));
      expect(page.Jobs?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.Jobs ?? []).map((j) => j.Name ?? ''));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual(names);
    const listed: string[] = [];
    NextToken = undefined;
    do {
      const page: ListJobsCommandOutput = await t.glue.send(new ListJobsCommand({ MaxResults: 3, NextToken }));
      listed.push(...(page.JobNames ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(listed).toEqual(names);
    const batch = await t.glue.send(new BatchGetJobsCommand({ JobNames: ['j2', 'missing', 'j4'] }));
    expect(batch.Jobs?.map((j) => j.Name)).toEqual(['j2', 'j4']);
    expect(batch.JobsNotFound).toEqual(['missing']);
  });

  it('tags jobs (CreateJob Tags, TagResource, GetTags) and ListJobs filters by tags', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateJobCommand({ Name: 'tagged', Role: ROLE, Command: { ScriptLocation: SCRIPT }, Tags: { team: 'data' } }),
    );
    await t.glue.send(new CreateJobCommand({ Name: 'other', Role: ROLE, Command: { ScriptLocation: SCRIPT } }));
    await t.glue.send(new TagResourceCommand({ ResourceArn: ARN('other'), TagsToAdd: { team: 'web' } }));
    expect((await t.glue.send(new GetTagsCommand({ ResourceArn: ARN('tagged') }))).Tags).toEqual({ team: 'data' });
    expect((await t.glue.send(new ListJobsCommand({ Tags: { team: 'data' } }))).JobNames).toEqual(['tagged']);
    expect((await t.glue.send(new ListJobsCommand({}))).JobNames).toEqual(['other', 'tagged']);
    await expect(t.glue.send(new GetTagsCommand({ ResourceArn: ARN('absent') }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });

  it('DeleteJob is idempotent and removes the job, its runs and its tags', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateJobCommand({ Name: 'gone', Role: ROLE, Command: { ScriptLocation: SCRIPT }, Tags: { a: 'b' } }),
    );
    expect((await t.glue.send(new DeleteJobCommand({ JobName: 'gone' }))).JobName).toBe('gone');
    expect((await t.glue.send(new DeleteJobCommand({ JobName: 'gone' }))).JobName).toBe('gone');
    await expect(t.glue.send(new GetJobCommand({ JobName: 'gone' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await t.glue.send(new CreateJobCommand({ Name: 'gone', Role: ROLE, Command: { ScriptLocation: SCRIPT } }));
    expect((await t.glue.send(new GetTagsCommand({ ResourceArn: ARN('gone') }))).Tags).toEqual({});
  });

  it('keeps jobs apart per account and region', async () => {
    await using t = await startTestLakebox();
    const other = t.glueFor({ accountId: '111111111111' });
    const west = t.glueFor({ region: 'us-west-2' });
    await t.glue.send(new CreateJobCommand({ Name: 'mine', Role: ROLE, Command: { ScriptLocation: SCRIPT } }));
    await expect(other.send(new GetJobCommand({ JobName: 'mine' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    expect((await west.send(new ListJobsCommand({}))).JobNames).toEqual([]);
  });
});

import {
  BatchGetWorkflowsCommand,
  CreateTriggerCommand,
  CreateWorkflowCommand,
  DeleteWorkflowCommand,
  GetJobRunsCommand,
  GetTagsCommand,
  GetTriggerCommand,
  GetWorkflowCommand,
  GetWorkflowRunCommand,
  GetWorkflowRunPropertiesCommand,
  GetWorkflowRunsCommand,
  ListWorkflowsCommand,
  StartJobRunCommand,
  StartWorkflowRunCommand,
  UpdateWorkflowCommand,
  type WorkflowRun,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { createJob, startTriggersTestLakebox, type TriggersTestLakebox, waitForRuns } from './support.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (e: Error) => `${e.name}: ${e.message}`,
  );

async function waitForWorkflowRun(t: TriggersTestLakebox, Name: string, RunId: string): Promise<WorkflowRun> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { Run } = await t.glue.send(new GetWorkflowRunCommand({ Name, RunId }));
    if (Run?.Status !== 'RUNNING') return Run ?? {};
    if (Date.now() > deadline) throw new Error(`workflow run still RUNNING: ${JSON.stringify(Run.Statistics)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Job `extract`: writes a run property through the Glue API, as Glue scripts do with boto3. */
const EXTRACT = `
import sys
import boto3
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
if "--WORKFLOW_NAME" in args:
    boto3.client("glue").put_workflow_run_properties(
        Name=args["--WORKFLOW_NAME"], RunId=args["--WORKFLOW_RUN_ID"], RunProperties={"rows": "3"})
`;

describe('workflows', () => {
  it('are created, listed, read with their graph, updated, tagged and deleted with their triggers', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'a');
    await createJob(t, 'b');
    await t.glue.send(
      new CreateWorkflowCommand({
        Name: 'nightly',
        Description: 'a then b',
        DefaultRunProperties: { env: 'dev' },
        MaxConcurrentRuns: 1,
        Tags: { team: 'data' },
      }),
    );
    await t.glue.send(new CreateWorkflowCommand({ Name: 'other' }));
    expect(await failure(t.glue.send(new CreateWorkflowCommand({ Name: 'other' })))).toBe(
      'AlreadyExistsException: Workflow with name other already exists.',
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'start',
        WorkflowName: 'nightly',
        Type: 'ON_DEMAND',
        Actions: [{ JobName: 'a' }],
      }),
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'then-b',
        WorkflowName: 'nightly',
        Type: 'CONDITIONAL',
        StartOnCreation: true,
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' }] },
        Actions: [{ JobName: 'b' }],
      }),
    );
    expect(
      await failure(
        t.glue.send(
          new CreateTriggerCommand({
            Name: 'x',
            WorkflowName: 'missing',
            Type: 'ON_DEMAND',
            Actions: [{ JobName: 'a' }],
          }),
        ),
      ),
    ).toBe('EntityNotFoundException: Workflow missing not found.');

    const { Workflow } = await t.glue.send(new GetWorkflowCommand({ Name: 'nightly', IncludeGraph: true }));
    expect(Workflow).toMatchObject({
      Name: 'nightly',
      Description: 'a then b',
      DefaultRunProperties: { env: 'dev' },
      MaxConcurrentRuns: 1,
    });
    expect(Workflow?.CreatedOn).toBeInstanceOf(Date);
    const nodes = Workflow?.Graph?.Nodes ?? [];
    expect(nodes.map((n) => `${n.Type}:${n.Name}`).sort()).toEqual([
      'JOB:a',
      'JOB:b',
      'TRIGGER:start',
      'TRIGGER:then-b',
    ]);
    const id = (type: string, name: string) => nodes.find((n) => n.Type === type && n.Name === name)?.UniqueId;
    expect(Workflow?.Graph?.Edges).toEqual(
      expect.arrayContaining([
        { SourceId: id('TRIGGER', 'start'), DestinationId: id('JOB', 'a') },
        { SourceId: id('JOB', 'a'), DestinationId: id('TRIGGER', 'then-b') },
        { SourceId: id('TRIGGER', 'then-b'), DestinationId: id('JOB', 'b') },
      ]),
    );
    expect((await t.glue.send(new GetWorkflowCommand({ Name: 'nightly' }))).Workflow?.Graph).toBeUndefined();

    expect((await t.glue.send(new ListWorkflowsCommand({}))).Workflows).toEqual(['nightly', 'other']);
    const batch = await t.glue.send(new BatchGetWorkflowsCommand({ Names: ['other', 'nope'] }));
    expect(batch.Workflows?.map((w) => w.Name)).toEqual(['other']);
    expect(batch.MissingWorkflows).toEqual(['nope']);

    await t.glue.send(new UpdateWorkflowCommand({ Name: 'nightly', Description: 'changed' }));
    expect((await t.glue.send(new GetWorkflowCommand({ Name: 'nightly' }))).Workflow).toMatchObject({
      Description: 'changed',
      DefaultRunProperties: { env: 'dev' },
    });
    expect(
      (await t.glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:workflow/nightly' })))
        .Tags,
    ).toEqual({ team: 'data' });

    await t.glue.send(new DeleteWorkflowCommand({ Name: 'nightly' }));
    expect(await failure(t.glue.send(new GetWorkflowCommand({ Name: 'nightly' })))).toBe(
      'EntityNotFoundException: Workflow nightly not found.',
    );
    expect(await failure(t.glue.send(new GetTriggerCommand({ Name: 'then-b' })))).toMatch(/^EntityNotFoundException/);
    expect((await t.glue.send(new DeleteWorkflowCommand({ Name: 'nightly' }))).Name).toBe('nightly');
  });

  it('a run starts at the start trigger, follows the conditional trigger within the run, and completes', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'extract', EXTRACT);
    await createJob(t, 'load');
    await t.glue.send(new CreateWorkflowCommand({ Name: 'etl', DefaultRunProperties: { env: 'dev', day: 'today' } }));
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'etl-start',
        WorkflowName: 'etl',
        Type: 'ON_DEMAND',
        Actions: [{ JobName: 'extract' }],
      }),
    );
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'etl-load',
        WorkflowName: 'etl',
        Type: 'CONDITIONAL',
        StartOnCreation: true,
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'extract', State: 'SUCCEEDED' }] },
        Actions: [{ JobName: 'load', Arguments: { '--mode': 'append' } }],
      }),
    );

    // A run of the job outside the workflow does not move the workflow's trigger.
    await t.glue.send(new StartJobRunCommand({ JobName: 'extract' }));
    const [outside] = await waitForRuns(t.glue, 'extract');
    expect(outside?.JobRunState).toBe('SUCCEEDED');

    const { RunId = '' } = await t.glue.send(
      new StartWorkflowRunCommand({ Name: 'etl', RunProperties: { day: '2026-01-01' } }),
    );
    expect(RunId).toMatch(/^wr_[0-9a-f]{64}$/);
    const run = await waitForWorkflowRun(t, 'etl', RunId);
    expect(run).toMatchObject({
      Name: 'etl',
      WorkflowRunId: RunId,
      Status: 'COMPLETED',
      Statistics: { TotalActions: 2, SucceededActions: 2, RunningActions: 0, FailedActions: 0 },
    });
    expect(run.CompletedOn).toBeInstanceOf(Date);

    const [load] = await waitForRuns(t.glue, 'load');
    expect(load?.Arguments).toEqual({ '--mode': 'append', '--WORKFLOW_NAME': 'etl', '--WORKFLOW_RUN_ID': RunId });
    expect((await t.glue.send(new GetJobRunsCommand({ JobName: 'load' }))).JobRuns).toHaveLength(1);

    const props = await t.glue.send(new GetWorkflowRunPropertiesCommand({ Name: 'etl', RunId }));
    expect(props.RunProperties).toEqual({ env: 'dev', day: '2026-01-01', rows: '3' });

    const { Runs } = await t.glue.send(new GetWorkflowRunsCommand({ Name: 'etl' }));
    expect(Runs?.map((r) => r.WorkflowRunId)).toEqual([RunId]);
    expect((await t.glue.send(new GetWorkflowCommand({ Name: 'etl' }))).Workflow?.LastRun?.WorkflowRunId).toBe(RunId);
    expect(await failure(t.glue.send(new GetWorkflowRunCommand({ Name: 'etl', RunId: 'wr_nope' })))).toMatch(
      /^EntityNotFoundException/,
    );
  });

  it('MaxConcurrentRuns limits running runs', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'slow', 'import time\ntime.sleep(3)\n');
    await t.glue.send(new CreateWorkflowCommand({ Name: 'one-at-a-time', MaxConcurrentRuns: 1 }));
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'go',
        WorkflowName: 'one-at-a-time',
        Type: 'ON_DEMAND',
        Actions: [{ JobName: 'slow' }],
      }),
    );
    const { RunId = '' } = await t.glue.send(new StartWorkflowRunCommand({ Name: 'one-at-a-time' }));
    expect(await failure(t.glue.send(new StartWorkflowRunCommand({ Name: 'one-at-a-time' })))).toMatch(
      /^ConcurrentRunsExceededException/,
    );
    expect((await waitForWorkflowRun(t, 'one-at-a-time', RunId)).Status).toBe('COMPLETED');
  });
});

import {
  BatchGetTriggersCommand,
  CreateTriggerCommand,
  DeleteTriggerCommand,
  GetTagsCommand,
  GetTriggerCommand,
  GetTriggersCommand,
  ListTriggersCommand,
  StartTriggerCommand,
  StopTriggerCommand,
  TagResourceCommand,
  UpdateTriggerCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { createJob, startTriggersTestLakebox } from './support.js';

const ARN = (name: string) => `arn:aws:glue:us-east-1:000000000000:trigger/${name}`;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (e: Error) => `${e.name}: ${e.message}`,
  );

describe('trigger definitions', () => {
  it('creates, reads, updates and deletes the three trigger types with the states Glue shows', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'load');
    await createJob(t, 'report');

    await t.glue.send(new CreateTriggerCommand({ Name: 'manual', Type: 'ON_DEMAND', Actions: [{ JobName: 'load' }] }));
    await t.glue.send(
      new CreateTriggerCommand({
        Name: 'nightly',
        Type: 'SCHEDULED',
        Schedule: 'cron(0 2 * * ? *)',
        Description: 'every night',
        StartOnCreation: true,
        Actions: [{ JobName: 'load', Arguments: { '--day': 'yesterday' }, Timeout: 30 }],
      }),
    );
    const created = await t.glue.send(
      new CreateTriggerCommand({
        Name: 'after-load',
        Type: 'CONDITIONAL',
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'load', State: 'SUCCEEDED' }] },
        Actions: [{ JobName: 'report' }],
        Tags: { team: 'data' },
      }),
    );
    expect(created.Name).toBe('after-load');

    const get = async (Name: string) => (await t.glue.send(new GetTriggerCommand({ Name }))).Trigger;
    expect(await get('manual')).toEqual({
      Name: 'manual',
      Type: 'ON_DEMAND',
      State: 'CREATED',
      Actions: [{ JobName: 'load' }],
    });
    expect(await get('nightly')).toEqual({
      Name: 'nightly',
      Type: 'SCHEDULED',
      State: 'ACTIVATED',
      Description: 'every night',
      Schedule: 'cron(0 2 * * ? *)',
      Actions: [{ JobName: 'load', Arguments: { '--day': 'yesterday' }, Timeout: 30 }],
    });
    expect((await get('after-load'))?.State).toBe('CREATED');

    await t.glue.send(new StartTriggerCommand({ Name: 'after-load' }));
    expect((await get('after-load'))?.State).toBe('ACTIVATED');
    await t.glue.send(new StopTriggerCommand({ Name: 'nightly' }));
    expect((await get('nightly'))?.State).toBe('DEACTIVATED');

    const updated = await t.glue.send(
      new UpdateTriggerCommand({
        Name: 'nightly',
        TriggerUpdate: { Schedule: 'cron(30 3 ? * MON-FRI *)', Description: 'weeknights' },
      }),
    );
    expect(updated.Trigger).toMatchObject({
      Name: 'nightly',
      State: 'DEACTIVATED',
      Schedule: 'cron(30 3 ? * MON-FRI *)',
      Description: 'weeknights',
      Actions: [{ JobName: 'load', Arguments: { '--day': 'yesterday' }, Timeout: 30 }],
    });
    expect(await get('nightly')).toEqual(updated.Trigger);

    expect(await t.glue.send(new GetTagsCommand({ ResourceArn: ARN('after-load') }))).toMatchObject({
      Tags: { team: 'data' },
    });

    expect((await t.glue.send(new DeleteTriggerCommand({ Name: 'after-load' }))).Name).toBe('after-load');
    expect(await failure(get('after-load'))).toBe('EntityNotFoundException: Trigger after-load not found.');
    // Deleting again succeeds, as DeleteTrigger does in Glue.
    expect((await t.glue.send(new DeleteTriggerCommand({ Name: 'after-load' }))).Name).toBe('after-load');
    expect(await failure(t.glue.send(new GetTagsCommand({ ResourceArn: ARN('after-load') })))).toMatch(
      /^EntityNotFoundException/,
    );
  });

  it('rejects what Glue rejects', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'load');
    const create = (input: Partial<ConstructorParameters<typeof CreateTriggerCommand>[0]>) =>
      failure(
        t.glue.send(
          new CreateTriggerCommand({ Name: 'x', Type: 'ON_DEMAND', Actions: [{ JobName: 'load' }], ...input }),
        ),
      );

    expect(await create({ Type: 'SCHEDULED' })).toMatch(/^InvalidInputException: Schedule is required/);
    expect(await create({ Type: 'SCHEDULED', Schedule: 'cron(0 2 * * * *)' })).toMatch(
      /^InvalidInputException: Invalid schedule expression cron\(0 2 \* \* \* \*\): one of Day-of-month/,
    );
    expect(await create({ Type: 'SCHEDULED', Schedule: 'rate(5 minutes)' })).toMatch(/^InvalidInputException/);
    expect(await create({ Schedule: 'cron(0 2 * * ? *)' })).toMatch(/^InvalidInputException: Schedule is only allowed/);
    expect(await create({ StartOnCreation: true })).toMatch(/^InvalidInputException: StartOnCreation/);
    expect(await create({ Type: 'CONDITIONAL' })).toMatch(
      /^InvalidInputException: A CONDITIONAL trigger needs a Predicate/,
    );
    expect(
      await create({
        Type: 'CONDITIONAL',
        Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'load', State: 'RUNNING' }] },
      }),
    ).toMatch(/^InvalidInputException: .*State must be one of SUCCEEDED, STOPPED, FAILED, TIMEOUT/);
    expect(
      await create({
        Type: 'CONDITIONAL',
        Predicate: {
          Conditions: [
            { LogicalOperator: 'EQUALS', JobName: 'load', State: 'SUCCEEDED' },
            { LogicalOperator: 'EQUALS', CrawlerName: 'c', CrawlState: 'SUCCEEDED' },
          ],
        },
      }),
    ).toMatch(/^InvalidInputException: Logical \(AND or ANY\) is required/);
    expect(await create({ Actions: [] })).toMatch(/^InvalidInputException: A trigger needs at least one action/);
    expect(await create({ Actions: [{ JobName: 'load', CrawlerName: 'c' }] })).toMatch(/exactly one of JobName/);
    expect(await create({ Actions: [{ JobName: 'missing' }] })).toMatch(/^EntityNotFoundException/);
    expect(await create({ Actions: [{ CrawlerName: 'missing' }] })).toMatch(/^EntityNotFoundException/);
    expect(await create({ Type: 'NOPE' as 'ON_DEMAND' })).toMatch(/^(InvalidInputException|ValidationException)/);

    await t.glue.send(new CreateTriggerCommand({ Name: 'x', Type: 'ON_DEMAND', Actions: [{ JobName: 'load' }] }));
    expect(await create({})).toBe('AlreadyExistsException: Trigger with name x already exists.');
    expect(await failure(t.glue.send(new StopTriggerCommand({ Name: 'x' })))).toMatch(/^InvalidInputException/);
    expect(
      await failure(
        t.glue.send(new UpdateTriggerCommand({ Name: 'x', TriggerUpdate: { Schedule: 'cron(0 2 * * ? *)' } })),
      ),
    ).toMatch(/^InvalidInputException: Schedule is only allowed/);
    for (const missing of [
      t.glue.send(new GetTriggerCommand({ Name: 'nope' })),
      t.glue.send(new StartTriggerCommand({ Name: 'nope' })),
      t.glue.send(new StopTriggerCommand({ Name: 'nope' })),
      t.glue.send(new UpdateTriggerCommand({ Name: 'nope', TriggerUpdate: { Description: 'd' } })),
    ]) {
      expect(await failure(missing)).toBe('EntityNotFoundException: Trigger nope not found.');
    }
  });

  it('lists by page, by dependent job and by tags; batch-gets with the names not found', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'a');
    await createJob(t, 'b');
    for (let i = 0; i < 5; i++) {
      await t.glue.send(
        new CreateTriggerCommand({
          Name: `t${i}`,
          Type: 'ON_DEMAND',
          Actions: [{ JobName: i % 2 === 0 ? 'a' : 'b' }],
          Tags: { parity: i % 2 === 0 ? 'even' : 'odd', n: String(i) },
        }),
      );
    }
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t.glue.send(new ListTriggersCommand({ MaxResults: 2, NextToken }));
      expect((page.TriggerNames ?? []).length).toBeLessThanOrEqual(2);
      names.push(...(page.TriggerNames ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual(['t0', 't1', 't2', 't3', 't4']);

    expect((await t.glue.send(new ListTriggersCommand({ DependentJobName: 'b' }))).TriggerNames).toEqual(['t1', 't3']);
    expect((await t.glue.send(new ListTriggersCommand({ Tags: { parity: 'even', n: '2' } }))).TriggerNames).toEqual([
      't2',
    ]);
    const got = await t.glue.send(new GetTriggersCommand({ DependentJobName: 'a', MaxResults: 2 }));
    expect(got.Triggers?.map((x) => x.Name)).toEqual(['t0', 't2']);
    const rest = await t.glue.send(new GetTriggersCommand({ DependentJobName: 'a', NextToken: got.NextToken }));
    expect(rest.Triggers?.map((x) => x.Name)).toEqual(['t4']);
    expect(rest.NextToken).toBeUndefined();

    const batch = await t.glue.send(new BatchGetTriggersCommand({ TriggerNames: ['t1', 'zz', 't4'] }));
    expect(batch.Triggers?.map((x) => x.Name)).toEqual(['t1', 't4']);
    expect(batch.TriggersNotFound).toEqual(['zz']);

    await t.glue.send(new TagResourceCommand({ ResourceArn: ARN('t1'), TagsToAdd: { parity: 'even' } }));
    expect((await t.glue.send(new ListTriggersCommand({ Tags: { parity: 'even' } }))).TriggerNames).toEqual([
      't0',
      't1',
      't2',
      't4',
    ]);
  });

  it('keeps each account and region apart', async () => {
    await using t = await startTriggersTestLakebox();
    await createJob(t, 'a');
    await t.glue.send(new CreateTriggerCommand({ Name: 'mine', Type: 'ON_DEMAND', Actions: [{ JobName: 'a' }] }));
    const other = t.glueFor({ accountId: '111122223333' });
    expect((await other.send(new ListTriggersCommand({}))).TriggerNames).toEqual([]);
    expect(await failure(other.send(new GetTriggerCommand({ Name: 'mine' })))).toMatch(/^EntityNotFoundException/);
  });
});

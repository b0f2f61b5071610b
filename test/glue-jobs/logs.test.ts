import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { runScript, startJobsTestLakebox } from './support.js';

const OUTPUT = '/aws-glue/jobs/output';
const ERROR = '/aws-glue/jobs/error';

describe('job run logs through CloudWatch Logs', () => {
  it('serves stdout and stderr of a run as streams named by the JobRunId', async () => {
    await using t = await startJobsTestLakebox();
    const script = [
      'import sys',
      'for i in range(25):',
      '    print(f"line {i}")',
      'print("warning: careful", file=sys.stderr)',
      'print("ERROR something broke", file=sys.stderr)',
    ].join('\n');
    const run = await runScript(t, 'logger', script);
    const id = run.Id ?? '';

    const head = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: OUTPUT, logStreamName: id, startFromHead: true }),
    );
    expect(head.events?.map((e) => e.message)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect(typeof head.events?.[0]?.timestamp).toBe('number');
    expect(typeof head.events?.[0]?.ingestionTime).toBe('number');

    const err = await t.logs.send(new GetLogEventsCommand({ logGroupName: ERROR, logStreamName: id }));
    expect(err.events?.map((e) => e.message)).toEqual(['warning: careful', 'ERROR something broke']);

    // Forward paging: the forward token comes back unchanged at the end (the SDK paginator stops there when
    // told to, as CloudWatch Logs' documentation asks).
    const pages: string[][] = [];
    for await (const page of paginateGetLogEvents(
      { client: t.logs, stopOnSameToken: true },
      { logGroupName: OUTPUT, logStreamName: id, startFromHead: true, limit: 10 },
    )) {
      pages.push((page.events ?? []).map((e) => e.message ?? ''));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flat()).toEqual(head.events?.map((e) => e.message));

    // Without startFromHead the newest events come first; the backward token walks to older ones.
    const tail = await t.logs.send(new GetLogEventsCommand({ logGroupName: OUTPUT, logStreamName: id, limit: 10 }));
    expect(tail.events?.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${15 + i}`));
    const older = await t.logs.send(
      new GetLogEventsCommand({
        logGroupName: OUTPUT,
        logStreamName: id,
        limit: 10,
        nextToken: tail.nextBackwardToken,
      }),
    );
    expect(older.events?.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${5 + i}`));
    const end = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: OUTPUT, logStreamName: id, nextToken: tail.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(tail.nextForwardToken);
  });

  it('filters events by plain terms, optional terms, exclusions and stream names', async () => {
    await using t = await startJobsTestLakebox();
    const a = await runScript(t, 'a', 'print("ERROR disk full")\nprint("INFO ok")\nprint("WARN slow")');
    const b = await runScript(t, 'b', 'print("ERROR retry later")\nprint("INFO fine")');
    const messages = async (input: Partial<ConstructorParameters<typeof FilterLogEventsCommand>[0]>) => {
      const out = await t.logs.send(new FilterLogEventsCommand({ logGroupName: OUTPUT, ...input }));
      return (out.events ?? []).map((e) => `${e.logStreamName === a.Id ? 'a' : 'b'}:${e.message}`).sort();
    };
    expect(await messages({ filterPattern: 'ERROR' })).toEqual(['a:ERROR disk full', 'b:ERROR retry later']);
    expect(await messages({ filterPattern: 'ERROR disk' })).toEqual(['a:ERROR disk full']);
    expect(await messages({ filterPattern: '"retry later"' })).toEqual(['b:ERROR retry later']);
    expect(await messages({ filterPattern: '?WARN ?fine' })).toEqual(['a:WARN slow', 'b:INFO fine']);
    expect(await messages({ filterPattern: 'ERROR -retry' })).toEqual(['a:ERROR disk full']);
    expect(await messages({ filterPattern: 'error' })).toEqual([]);
    expect(await messages({ logStreamNames: [b.Id ?? ''] })).toEqual(['b:ERROR retry later', 'b:INFO fine']);
    const paged = await t.logs.send(new FilterLogEventsCommand({ logGroupName: OUTPUT, limit: 2 }));
    expect(paged.events).toHaveLength(2);
    const rest = await t.logs.send(
      new FilterLogEventsCommand({ logGroupName: OUTPUT, limit: 10, nextToken: paged.nextToken }),
    );
    expect(rest.events).toHaveLength(3);
    expect(rest.nextToken).toBeUndefined();
    await expect(
      t.logs.send(new FilterLogEventsCommand({ logGroupName: OUTPUT, filterPattern: '{ $.level = "x" }' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('describes the job log groups and their streams; unknown ones are ResourceNotFoundException', async () => {
    await using t = await startJobsTestLakebox();
    expect((await t.logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    const first = await runScript(t, 'one', 'print(1)');
    const second = await runScript(t, 'two', 'print(2)');
    const groups = await t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws-glue/' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([ERROR, OUTPUT]);
    const streams = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: OUTPUT }));
    expect(streams.logStreams?.map((s) => s.logStreamName).sort()).toEqual([first.Id, second.Id].sort());
    expect(typeof streams.logStreams?.[0]?.lastEventTimestamp).toBe('number');
    const byTime = await t.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: OUTPUT, orderBy: 'LastEventTime', descending: true, limit: 1 }),
    );
    expect(byTime.logStreams?.map((s) => s.logStreamName)).toEqual([second.Id]);
    expect(byTime.nextToken).toBeDefined();
    await expect(
      t.logs.send(new GetLogEventsCommand({ logGroupName: '/nope', logStreamName: first.Id })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      t.logs.send(new GetLogEventsCommand({ logGroupName: OUTPUT, logStreamName: 'jr_nope' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeletePartitionCommand,
  GetPartitionsCommand,
  type GetPartitionsCommandInput,
  InvalidInputException,
  type Partition,
  type PartitionInput,
  paginateGetPartitions,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const SD = {
  Columns: [
    { Name: 'id', Type: 'bigint' },
    { Name: 'amount', Type: 'double' },
  ],
  Location: 's3://lake/events/',
};

/** Database `db`, table `events` partitioned by (year int, month int, region string). */
async function withTable(t: TestLakebox): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(
    new CreateTableCommand({
      DatabaseName: 'db',
      TableInput: {
        Name: 'events',
        PartitionKeys: [
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'region', Type: 'string' },
        ],
        StorageDescriptor: SD,
      },
    }),
  );
}

async function createAll(t: TestLakebox, values: string[][]): Promise<void> {
  for (let i = 0; i < values.length; i += 100) {
    const PartitionInputList: PartitionInput[] = values.slice(i, i + 100).map((Values) => ({
      Values,
      StorageDescriptor: { ...SD, Location: `s3://lake/events/${Values.join('/')}/` },
    }));
    const res = await t.glue.send(
      new BatchCreatePartitionCommand({ DatabaseName: 'db', TableName: 'events', PartitionInputList }),
    );
    expect(res.Errors).toEqual([]);
  }
}

/** Every partition a query returns, following NextToken. */
async function listAll(t: TestLakebox, input: Omit<GetPartitionsCommandInput, 'DatabaseName' | 'TableName'> = {}) {
  const all: Partition[] = [];
  let pages = 0;
  for await (const page of paginateGetPartitions(
    { client: t.glue },
    { DatabaseName: 'db', TableName: 'events', ...input },
  )) {
    all.push(...(page.Partitions ?? []));
    pages++;
  }
  return { all, pages, values: all.map((p) => (p.Values ?? []).join('/')) };
}

const grid = (years: number[], months: number[], regions: string[]) =>
  years.flatMap((y) => months.flatMap((m) => regions.map((r) => [String(y), String(m), r])));

describe('Glue GetPartitions', () => {
  it('filters with an Expression compared by the key types, and a blank Expression is no filter', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await createAll(t, grid([2023, 2024], [1, 2, 9, 10, 11], ['eu', 'us']));

    const tenUp = await listAll(t, { Expression: 'month > 9' });
    expect(tenUp.values.sort()).toEqual(
      [
        '2023/10/eu',
        '2023/10/us',
        '2023/11/eu',
        '2023/11/us',
        '2024/10/eu',
        '2024/10/us',
        '2024/11/eu',
        '2024/11/us',
      ].sort(),
    );
    const combined = await listAll(t, { Expression: "year = 2024 AND month BETWEEN 2 AND 10 AND region IN ('eu')" });
    expect(combined.values.sort()).toEqual(['2024/10/eu', '2024/2/eu', '2024/9/eu']);
    expect((await listAll(t, { Expression: "region LIKE 'u%' AND month < 2" })).values.sort()).toEqual([
      '2023/1/us',
      '2024/1/us',
    ]);

    for (const Expression of ['', '   ']) expect((await listAll(t, { Expression })).all).toHaveLength(20);
    expect((await listAll(t)).all).toHaveLength(20);

    const bad = t.glue.send(
      new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events', Expression: 'month >' }),
    );
    await expect(bad).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('returns partitions in one stable order and ExcludeColumnSchema drops only the columns', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await createAll(t, grid([2024], [3, 1, 2], ['us', 'eu']));
    const first = await listAll(t);
    const second = await listAll(t, { MaxResults: 1 });
    expect(second.values).toEqual(first.values);
    expect(second.pages).toBe(6);

    const [p] =
      (
        await t.glue.send(
          new GetPartitionsCommand({ DatabaseName: 'DB', TableName: 'Events', ExcludeColumnSchema: true }),
        )
      ).Partitions ?? [];
    expect(p?.StorageDescriptor?.Columns).toBeUndefined();
    expect(p?.StorageDescriptor?.Location).toMatch(/^s3:\/\/lake\/events\/2024\//);
    expect(p).toMatchObject({ DatabaseName: 'db', TableName: 'events', CreationTime: expect.any(Date) });
    const [full] =
      (await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events' }))).Partitions ?? [];
    expect(full?.StorageDescriptor?.Columns).toEqual(SD.Columns);
  });

  it('pages through more than 1000 partitions, 1000 at most per page, with a client that follows NextToken', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const values = grid(
      [2020, 2021, 2022],
      Array.from({ length: 12 }, (_, i) => i + 1),
      Array.from({ length: 35 }, (_, i) => `r${i}`),
    );
    await createAll(t, values);
    expect(values).toHaveLength(1260);

    const page1 = await t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events' }));
    expect(page1.Partitions).toHaveLength(1000);
    expect(page1.NextToken).toBeTypeOf('string');
    const page2 = await t.glue.send(
      new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events', NextToken: page1.NextToken }),
    );
    expect(page2.Partitions).toHaveLength(260);
    expect(page2.NextToken).toBeUndefined();

    const all = await listAll(t, { MaxResults: 300 });
    expect(all.pages).toBe(5);
    expect(new Set(all.values).size).toBe(1260);
    expect(all.values.sort()).toEqual(values.map((v) => v.join('/')).sort());

    const filtered = await listAll(t, { Expression: 'year >= 2021', MaxResults: 100 });
    expect(filtered.all).toHaveLength(840);
    expect(filtered.pages).toBe(9);

    await expect(
      t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events', NextToken: 'not-a-token' })),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('splits partitions into disjoint Segments whose union is every partition', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const values = grid(
      [2023, 2024],
      Array.from({ length: 12 }, (_, i) => i + 1),
      ['eu', 'us', 'ap'],
    );
    await createAll(t, values);
    const everything = (await listAll(t)).values;

    for (const TotalSegments of [1, 3, 10]) {
      const seen: string[] = [];
      for (let SegmentNumber = 0; SegmentNumber < TotalSegments; SegmentNumber++) {
        const segment = await listAll(t, { Segment: { SegmentNumber, TotalSegments }, MaxResults: 7 });
        seen.push(...segment.values);
        if (TotalSegments === 3) expect(segment.all.length).toBeGreaterThan(0);
      }
      expect(seen).toHaveLength(everything.length);
      expect(new Set(seen).size).toBe(everything.length);
      expect(seen.sort()).toEqual([...everything].sort());
    }

    const filtered: string[] = [];
    for (let SegmentNumber = 0; SegmentNumber < 4; SegmentNumber++) {
      filtered.push(
        ...(await listAll(t, { Segment: { SegmentNumber, TotalSegments: 4 }, Expression: "region = 'eu'" })).values,
      );
    }
    expect(filtered.sort()).toEqual(everything.filter((v) => v.endsWith('/eu')).sort());

    await expect(
      t.glue.send(
        new GetPartitionsCommand({
          DatabaseName: 'db',
          TableName: 'events',
          Segment: { SegmentNumber: 3, TotalSegments: 3 },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      t.glue.send(
        new GetPartitionsCommand({
          DatabaseName: 'db',
          TableName: 'events',
          Segment: { SegmentNumber: 0, TotalSegments: 11 },
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('sees every write at once, also for values that sort differently in UTF-8 and UTF-16', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const regions = ['a', '\uFFFD', '\u{1F600}', 'z'];
    await createAll(t, grid([2024], [1], regions));
    const query = { Expression: 'year = 2024', MaxResults: 1 };
    const first = await listAll(t, query);
    expect(first.pages).toBe(4);
    expect(first.values.sort()).toEqual(regions.map((r) => `2024/1/${r}`).sort());

    const key = { DatabaseName: 'db', TableName: 'events' };
    await createAll(t, [['2024', '2', 'eu']]);
    expect((await listAll(t, query)).values).toContain('2024/2/eu');
    await t.glue.send(new DeletePartitionCommand({ ...key, PartitionValues: ['2024', '2', 'eu'] }));
    await t.glue.send(
      new UpdatePartitionCommand({
        ...key,
        PartitionValueList: ['2024', '1', 'a'],
        PartitionInput: { Values: ['2023', '1', 'a'] },
      }),
    );
    const after = await listAll(t, query);
    expect(after.values).not.toContain('2024/2/eu');
    expect(after.values).not.toContain('2024/1/a');
    expect((await listAll(t, { Expression: 'year < 2024' })).values).toEqual(['2023/1/a']);
  });

  it('needs the database and the table', async () => {
    await using t = await startTestLakebox();
    await expect(
      t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'events' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database db not found.',
    });
    await withTable(t);
    await expect(
      t.glue.send(new GetPartitionsCommand({ DatabaseName: 'db', TableName: 'other' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Table other not found.',
    });
  });
});

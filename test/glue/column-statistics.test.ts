import {
  type ColumnStatistics,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteColumnStatisticsForPartitionCommand,
  DeleteColumnStatisticsForTableCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetColumnStatisticsForPartitionCommand,
  GetColumnStatisticsForTableCommand,
  UpdateColumnStatisticsForPartitionCommand,
  UpdateColumnStatisticsForTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const ANALYZED = new Date('2024-05-01T12:00:00Z');

/** One column per statistics type (and a timestamp, which takes LONG statistics). */
const COLUMNS = [
  { Name: 'flag', Type: 'boolean' },
  { Name: 'day', Type: 'date' },
  { Name: 'price', Type: 'decimal(10,2)' },
  { Name: 'ratio', Type: 'double' },
  { Name: 'id', Type: 'bigint' },
  { Name: 'email', Type: 'varchar(255)' },
  { Name: 'payload', Type: 'binary' },
  { Name: 'seen_at', Type: 'timestamp' },
  { Name: 'tags', Type: 'array<string>' },
];

/** Statistics for every type, as the SDK gives them back: Dates for timestamps, Uint8Array for blobs. */
const STATS: ColumnStatistics[] = [
  {
    ColumnName: 'flag',
    ColumnType: 'boolean',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'BOOLEAN',
      BooleanColumnStatisticsData: { NumberOfTrues: 7, NumberOfFalses: 3, NumberOfNulls: 1 },
    },
  },
  {
    ColumnName: 'day',
    ColumnType: 'date',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'DATE',
      DateColumnStatisticsData: {
        MinimumValue: new Date('2020-01-01T00:00:00Z'),
        MaximumValue: new Date('2024-04-30T00:00:00Z'),
        NumberOfNulls: 0,
        NumberOfDistinctValues: 1582,
      },
    },
  },
  {
    ColumnName: 'price',
    ColumnType: 'decimal(10,2)',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'DECIMAL',
      DecimalColumnStatisticsData: {
        // -1.23 and 300.00: big-endian two's complement unscaled values.
        MinimumValue: { UnscaledValue: new Uint8Array([0x85]), Scale: 2 },
        MaximumValue: { UnscaledValue: new Uint8Array([0x75, 0x30]), Scale: 2 },
        NumberOfNulls: 2,
        NumberOfDistinctValues: 90,
      },
    },
  },
  {
    ColumnName: 'ratio',
    ColumnType: 'double',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'DOUBLE',
      DoubleColumnStatisticsData: {
        MinimumValue: -0.5,
        MaximumValue: 12.25,
        NumberOfNulls: 0,
        NumberOfDistinctValues: 40,
      },
    },
  },
  {
    ColumnName: 'id',
    ColumnType: 'bigint',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'LONG',
      LongColumnStatisticsData: {
        MinimumValue: 1,
        MaximumValue: 9_007_199_254_740_991,
        NumberOfNulls: 0,
        NumberOfDistinctValues: 1000,
      },
    },
  },
  {
    ColumnName: 'email',
    ColumnType: 'varchar(255)',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'STRING',
      StringColumnStatisticsData: {
        MaximumLength: 64,
        AverageLength: 21.5,
        NumberOfNulls: 4,
        NumberOfDistinctValues: 990,
      },
    },
  },
  {
    ColumnName: 'payload',
    ColumnType: 'binary',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'BINARY',
      BinaryColumnStatisticsData: { MaximumLength: 4096, AverageLength: 512.5, NumberOfNulls: 9 },
    },
  },
  {
    ColumnName: 'seen_at',
    ColumnType: 'timestamp',
    AnalyzedTime: ANALYZED,
    StatisticsData: {
      Type: 'LONG',
      LongColumnStatisticsData: {
        MinimumValue: 1_600_000_000,
        MaximumValue: 1_700_000_000,
        NumberOfNulls: 0,
        NumberOfDistinctValues: 10,
      },
    },
  },
];

const NAMES = STATS.map((s) => s.ColumnName ?? '');

function statsOf(column: string): ColumnStatistics {
  const found = STATS.find((s) => s.ColumnName === column);
  if (!found) throw new Error(`no statistics for ${column} in STATS`);
  return found;
}

const longStats = (column: string, min: number, max: number): ColumnStatistics => ({
  ColumnName: column,
  ColumnType: 'bigint',
  AnalyzedTime: ANALYZED,
  StatisticsData: {
    Type: 'LONG',
    LongColumnStatisticsData: { MinimumValue: min, MaximumValue: max, NumberOfNulls: 0, NumberOfDistinctValues: 2 },
  },
});

async function setup(t: TestLakebox): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(
    new CreateTableCommand({
      DatabaseName: 'db',
      TableInput: {
        Name: 'events',
        StorageDescriptor: { Columns: COLUMNS },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      },
    }),
  );
}

async function addPartition(t: TestLakebox, dt: string): Promise<void> {
  await t.glue.send(
    new CreatePartitionCommand({
      DatabaseName: 'db',
      TableName: 'events',
      PartitionInput: { Values: [dt], StorageDescriptor: { Columns: COLUMNS } },
    }),
  );
}

describe('Glue column statistics', () => {
  it('round-trips statistics of every type for a table', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    const updated = await t.glue.send(
      new UpdateColumnStatisticsForTableCommand({
        DatabaseName: 'db',
        TableName: 'events',
        ColumnStatisticsList: STATS,
      }),
    );
    expect(updated.Errors).toEqual([]);

    const got = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'DB', TableName: 'Events', ColumnNames: NAMES }),
    );
    expect(got.Errors).toEqual([]);
    expect(got.ColumnStatisticsList).toEqual(STATS);
    const decimal = got.ColumnStatisticsList?.find((x) => x.ColumnName === 'price')?.StatisticsData
      ?.DecimalColumnStatisticsData;
    expect(decimal?.MinimumValue?.UnscaledValue).toBeInstanceOf(Uint8Array);
  });

  it('reports columns without statistics in Errors, whether or not the table has them', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    await t.glue.send(
      new UpdateColumnStatisticsForTableCommand({
        DatabaseName: 'db',
        TableName: 'events',
        ColumnStatisticsList: [longStats('id', 1, 2)],
      }),
    );
    const got = await t.glue.send(
      new GetColumnStatisticsForTableCommand({
        DatabaseName: 'db',
        TableName: 'events',
        ColumnNames: ['ID', 'email', 'nope'],
      }),
    );
    expect(got.ColumnStatisticsList?.map((s) => s.ColumnName)).toEqual(['id']);
    const notFound = { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Statistics do not exist for this column' };
    expect(got.Errors).toEqual([
      { ColumnName: 'email', Error: notFound },
      { ColumnName: 'nope', Error: notFound },
    ]);

    const none = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: [] }),
    );
    expect(none).toMatchObject({ ColumnStatisticsList: [], Errors: [] });
  });

  it('reports bad entries in Errors and stores the good ones', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    const bad: ColumnStatistics[] = [
      longStats('nope', 1, 2),
      { ...longStats('email', 1, 2), ColumnType: 'varchar(255)' },
      longStats('id', 5, 1),
      {
        ...longStats('id', 1, 2),
        StatisticsData: {
          Type: 'LONG',
          StringColumnStatisticsData: statsOf('email').StatisticsData?.StringColumnStatisticsData,
        },
      },
      {
        ...longStats('id', 1, 2),
        StatisticsData: {
          ...longStats('id', 1, 2).StatisticsData,
          Type: 'LONG',
          BooleanColumnStatisticsData: { NumberOfTrues: 1, NumberOfFalses: 1, NumberOfNulls: 0 },
        },
      },
      { ...longStats('tags', 1, 2), ColumnType: 'array<string>' },
      {
        ...statsOf('email'),
        StatisticsData: {
          Type: 'STRING',
          StringColumnStatisticsData: {
            MaximumLength: 3,
            AverageLength: 4,
            NumberOfNulls: 0,
            NumberOfDistinctValues: 1,
          },
        },
      },
      {
        ...statsOf('price'),
        StatisticsData: {
          Type: 'DECIMAL',
          DecimalColumnStatisticsData: {
            MinimumValue: { UnscaledValue: new Uint8Array([0x01, 0x00]), Scale: 2 },
            MaximumValue: { UnscaledValue: new Uint8Array([0x02]), Scale: 0 },
            NumberOfNulls: 0,
            NumberOfDistinctValues: 1,
          },
        },
      },
    ];
    const good = longStats('ID', 1, 2);
    const out = await t.glue.send(
      new UpdateColumnStatisticsForTableCommand({
        DatabaseName: 'db',
        TableName: 'events',
        ColumnStatisticsList: [...bad, good],
      }),
    );
    expect(out.Errors).toHaveLength(bad.length);
    for (const [i, e] of (out.Errors ?? []).entries()) {
      expect(e.Error?.ErrorCode).toBe('InvalidInputException');
      expect(e.ColumnStatistics?.ColumnName).toBe(bad[i]?.ColumnName);
    }
    expect(out.Errors?.map((e) => e.Error?.ErrorMessage)).toEqual([
      'Column nope does not exist in table db.events.',
      'Column email of type varchar(255) takes STRING statistics, not LONG.',
      'Column id: MinimumValue is greater than MaximumValue.',
      'Column id: statistics of type LONG must carry LongColumnStatisticsData.',
      'Column id: statistics of type LONG must not carry BooleanColumnStatisticsData.',
      'Column tags of type array<string> does not take statistics.',
      'Column email: AverageLength is greater than MaximumLength.',
      'Column price: MinimumValue is greater than MaximumValue.',
    ]);

    const got = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: ['id', 'email'] }),
    );
    expect(got.ColumnStatisticsList).toEqual([good]);
    expect(got.Errors?.map((e) => e.ColumnName)).toEqual(['email']);
  });

  it('replaces statistics on update and deletes them, also when there are none', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    const update = (s: ColumnStatistics) =>
      t.glue.send(
        new UpdateColumnStatisticsForTableCommand({
          DatabaseName: 'db',
          TableName: 'events',
          ColumnStatisticsList: [s],
        }),
      );
    const get = () =>
      t.glue.send(
        new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: ['id'] }),
      );
    await update(longStats('id', 1, 2));
    await update(longStats('id', 10, 20));
    expect((await get()).ColumnStatisticsList).toEqual([longStats('id', 10, 20)]);

    await t.glue.send(
      new DeleteColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnName: 'ID' }),
    );
    expect((await get()).ColumnStatisticsList).toEqual([]);
    expect((await get()).Errors?.[0]?.Error?.ErrorCode).toBe('EntityNotFoundException');
    await expect(
      t.glue.send(
        new DeleteColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnName: 'id' }),
      ),
    ).resolves.toBeDefined();
  });

  it('keeps partition statistics apart from the table and from other partitions', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    await addPartition(t, '2024-05-01');
    await addPartition(t, '2024-05-02');
    const forPartition = { DatabaseName: 'db', TableName: 'events', PartitionValues: ['2024-05-01'] };
    const updated = await t.glue.send(
      new UpdateColumnStatisticsForPartitionCommand({ ...forPartition, ColumnStatisticsList: STATS }),
    );
    expect(updated.Errors).toEqual([]);
    const got = await t.glue.send(new GetColumnStatisticsForPartitionCommand({ ...forPartition, ColumnNames: NAMES }));
    expect(got).toMatchObject({ ColumnStatisticsList: STATS, Errors: [] });

    const other = await t.glue.send(
      new GetColumnStatisticsForPartitionCommand({
        ...forPartition,
        PartitionValues: ['2024-05-02'],
        ColumnNames: ['id'],
      }),
    );
    expect(other.ColumnStatisticsList).toEqual([]);
    const table = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: ['id'] }),
    );
    expect(table.ColumnStatisticsList).toEqual([]);

    // Partition keys take statistics too; unknown columns are reported per entry.
    const keyed = await t.glue.send(
      new UpdateColumnStatisticsForPartitionCommand({
        ...forPartition,
        ColumnStatisticsList: [
          { ...statsOf('email'), ColumnName: 'dt', ColumnType: 'string' },
          longStats('nope', 1, 2),
        ],
      }),
    );
    expect(keyed.Errors?.map((e) => e.Error?.ErrorMessage)).toEqual([
      'Column nope does not exist in partition [2024-05-01] of table db.events.',
    ]);

    await t.glue.send(new DeleteColumnStatisticsForPartitionCommand({ ...forPartition, ColumnName: 'id' }));
    await t.glue.send(new DeleteColumnStatisticsForPartitionCommand({ ...forPartition, ColumnName: 'id' }));
    const after = await t.glue.send(
      new GetColumnStatisticsForPartitionCommand({ ...forPartition, ColumnNames: ['id', 'flag'] }),
    );
    expect(after.ColumnStatisticsList?.map((s) => s.ColumnName)).toEqual(['flag']);
    expect(after.Errors?.map((e) => e.ColumnName)).toEqual(['id']);
  });

  it('needs the database, table and partition to exist', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    await addPartition(t, '2024-05-01');
    type Call = () => Promise<unknown>;
    const tableCalls = (DatabaseName: string, TableName: string): Call[] => [
      () => t.glue.send(new GetColumnStatisticsForTableCommand({ DatabaseName, TableName, ColumnNames: ['id'] })),
      () =>
        t.glue.send(
          new UpdateColumnStatisticsForTableCommand({
            DatabaseName,
            TableName,
            ColumnStatisticsList: [longStats('id', 1, 2)],
          }),
        ),
      () => t.glue.send(new DeleteColumnStatisticsForTableCommand({ DatabaseName, TableName, ColumnName: 'id' })),
    ];
    const partitionCalls = (DatabaseName: string, TableName: string, PartitionValues: string[]): Call[] => [
      () =>
        t.glue.send(
          new GetColumnStatisticsForPartitionCommand({ DatabaseName, TableName, PartitionValues, ColumnNames: ['id'] }),
        ),
      () =>
        t.glue.send(
          new UpdateColumnStatisticsForPartitionCommand({
            DatabaseName,
            TableName,
            PartitionValues,
            ColumnStatisticsList: [longStats('id', 1, 2)],
          }),
        ),
      () =>
        t.glue.send(
          new DeleteColumnStatisticsForPartitionCommand({ DatabaseName, TableName, PartitionValues, ColumnName: 'id' }),
        ),
    ];
    const cases: [Call[], string][] = [
      [tableCalls('nodb', 'events'), 'Database nodb not found.'],
      [tableCalls('db', 'nope'), 'Table nope not found.'],
      [partitionCalls('nodb', 'events', ['2024-05-01']), 'Database nodb not found.'],
      [partitionCalls('db', 'nope', ['2024-05-01']), 'Table nope not found.'],
      [partitionCalls('db', 'events', ['2024-06-01']), 'Partition [2024-06-01] not found'],
    ];
    for (const [calls, message] of cases) {
      for (const call of calls) {
        const sent = call();
        await expect(sent).rejects.toBeInstanceOf(EntityNotFoundException);
        await expect(sent).rejects.toMatchObject({ message });
      }
    }
  });

  it('limits Update to 25 entries and Get to 100 column names', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    const list = Array.from({ length: 26 }, () => longStats('id', 1, 2));
    await expect(
      t.glue.send(
        new UpdateColumnStatisticsForTableCommand({
          DatabaseName: 'db',
          TableName: 'events',
          ColumnStatisticsList: list,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      t.glue.send(
        new UpdateColumnStatisticsForTableCommand({
          DatabaseName: 'db',
          TableName: 'events',
          ColumnStatisticsList: list.slice(1),
        }),
      ),
    ).resolves.toMatchObject({ Errors: [] });
    const names = Array.from({ length: 101 }, (_, i) => `c${i}`);
    await expect(
      t.glue.send(
        new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: names }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const hundred = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: names.slice(1) }),
    );
    expect(hundred.Errors).toHaveLength(100);
  });

  it('drops statistics with their table and partition', async () => {
    await using t = await startTestLakebox();
    await setup(t);
    await addPartition(t, '2024-05-01');
    const forPartition = { DatabaseName: 'db', TableName: 'events', PartitionValues: ['2024-05-01'] };
    await t.glue.send(
      new UpdateColumnStatisticsForPartitionCommand({ ...forPartition, ColumnStatisticsList: [longStats('id', 1, 2)] }),
    );
    await t.glue.send(
      new UpdateColumnStatisticsForTableCommand({
        DatabaseName: 'db',
        TableName: 'events',
        ColumnStatisticsList: [longStats('id', 1, 2)],
      }),
    );

    await t.glue.send(new DeletePartitionCommand(forPartition));
    await addPartition(t, '2024-05-01');
    const partition = await t.glue.send(
      new GetColumnStatisticsForPartitionCommand({ ...forPartition, ColumnNames: ['id'] }),
    );
    expect(partition.ColumnStatisticsList).toEqual([]);

    await t.glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'events' }));
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'db',
        TableInput: { Name: 'events', StorageDescriptor: { Columns: COLUMNS } },
      }),
    );
    const table = await t.glue.send(
      new GetColumnStatisticsForTableCommand({ DatabaseName: 'db', TableName: 'events', ColumnNames: ['id'] }),
    );
    expect(table.ColumnStatisticsList).toEqual([]);
  });
});

import {
  AlreadyExistsException,
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchGetPartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetColumnStatisticsForPartitionCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  InvalidInputException,
  type PartitionInput,
  UpdateColumnStatisticsForPartitionCommand,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const SD = {
  Columns: [{ Name: 'id', Type: 'bigint' }],
  Location: 's3://lake/sales/',
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

/** Database `db`, table `sales` partitioned by (year int, region string). */
async function withTable(t: TestLakebox): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(
    new CreateTableCommand({
      DatabaseName: 'db',
      TableInput: {
        Name: 'sales',
        PartitionKeys: [
          { Name: 'year', Type: 'int' },
          { Name: 'region', Type: 'string' },
        ],
        StorageDescriptor: SD,
      },
    }),
  );
}

const part = (year: string, region: string, extra: Partial<PartitionInput> = {}): PartitionInput => ({
  Values: [year, region],
  StorageDescriptor: { ...SD, Location: `s3://lake/sales/year=${year}/region=${region}/` },
  ...extra,
});

const notFound = { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Cannot find partition.' };

describe('Glue partitions', () => {
  it('round-trips a partition in the shape GetPartition returns, with folded names', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const lastAccess = new Date('2024-05-01T10:00:00Z');
    await t.glue.send(
      new CreatePartitionCommand({
        DatabaseName: 'DB',
        TableName: 'Sales',
        PartitionInput: part('2024', 'eu', { Parameters: { k: 'v' }, LastAccessTime: lastAccess }),
      }),
    );
    const { Partition } = await t.glue.send(
      new GetPartitionCommand({ DatabaseName: 'Db', TableName: 'SALES', PartitionValues: ['2024', 'eu'] }),
    );
    expect(Partition).toEqual({
      Values: ['2024', 'eu'],
      DatabaseName: 'db',
      TableName: 'sales',
      CreationTime: expect.any(Date),
      LastAccessTime: lastAccess,
      StorageDescriptor: {
        ...SD,
        Location: 's3://lake/sales/year=2024/region=eu/',
        Compressed: false,
        NumberOfBuckets: 0,
        StoredAsSubDirectories: false,
      },
      Parameters: { k: 'v' },
      CatalogId: '000000000000',
    });
  });

  it('needs the database and the table, one value per key, and refuses duplicates', async () => {
    await using t = await startTestLakebox();
    const noDb = t.glue.send(
      new CreatePartitionCommand({ DatabaseName: 'nope', TableName: 'sales', PartitionInput: part('1', 'a') }),
    );
    await expect(noDb).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(noDb).rejects.toMatchObject({ message: 'Database nope not found.' });
    await withTable(t);
    const noTable = t.glue.send(
      new GetPartitionCommand({ DatabaseName: 'db', TableName: 'Nope', PartitionValues: ['1', 'a'] }),
    );
    await expect(noTable).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(noTable).rejects.toMatchObject({ message: 'Table nope not found.' });

    for (const Values of [['2024'], ['2024', 'eu', 'x'], []]) {
      const wrong = t.glue.send(
        new CreatePartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionInput: { Values } }),
      );
      await expect(wrong).rejects.toBeInstanceOf(InvalidInputException);
      await expect(wrong).rejects.toMatchObject({
        message: 'The number of partition keys do not match the number of partition values',
      });
    }

    await t.glue.send(
      new CreatePartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionInput: part('2024', 'eu') }),
    );
    const dup = t.glue.send(
      new CreatePartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionInput: part('2024', 'eu') }),
    );
    await expect(dup).rejects.toBeInstanceOf(AlreadyExistsException);
    await expect(dup).rejects.toMatchObject({ message: 'Partition already exists.' });
    // Values are case-sensitive: this is another partition.
    await t.glue.send(
      new CreatePartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionInput: part('2024', 'EU') }),
    );

    const missing = t.glue.send(
      new GetPartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionValues: ['1999', 'eu'] }),
    );
    await expect(missing).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(missing).rejects.toMatchObject({ message: 'Cannot find partition.' });
  });

  it('UpdatePartition replaces the definition, keeps CreationTime, and can move a partition to new values', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(
      new CreatePartitionCommand({ ...key, PartitionInput: part('2024', 'eu', { Parameters: { a: '1' } }) }),
    );
    await t.glue.send(new CreatePartitionCommand({ ...key, PartitionInput: part('2024', 'us') }));
    const before = (await t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2024', 'eu'] }))).Partition;

    await t.glue.send(
      new UpdatePartitionCommand({
        ...key,
        PartitionValueList: ['2024', 'eu'],
        PartitionInput: part('2024', 'eu', { Parameters: { b: '2' } }),
      }),
    );
    const updated = (await t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2024', 'eu'] }))).Partition;
    expect(updated?.Parameters).toEqual({ b: '2' });
    expect(updated?.CreationTime).toEqual(before?.CreationTime);

    const collision = t.glue.send(
      new UpdatePartitionCommand({ ...key, PartitionValueList: ['2024', 'eu'], PartitionInput: part('2024', 'us') }),
    );
    await expect(collision).rejects.toBeInstanceOf(AlreadyExistsException);
    await expect(collision).rejects.toMatchObject({ message: 'Partition already exists.' });

    await t.glue.send(
      new UpdatePartitionCommand({ ...key, PartitionValueList: ['2024', 'eu'], PartitionInput: part('2025', 'eu') }),
    );
    await expect(
      t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2024', 'eu'] })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);
    const moved = (await t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2025', 'eu'] }))).Partition;
    expect(moved).toMatchObject({ Values: ['2025', 'eu'], CreationTime: before?.CreationTime });

    const missing = t.glue.send(
      new UpdatePartitionCommand({ ...key, PartitionValueList: ['1999', 'eu'], PartitionInput: part('1999', 'eu') }),
    );
    await expect(missing).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(missing).rejects.toMatchObject({ message: 'Cannot find partition.' });
    await expect(
      t.glue.send(
        new UpdatePartitionCommand({
          ...key,
          PartitionValueList: ['2025', 'eu'],
          PartitionInput: { Values: ['2026'] },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('DeletePartition deletes one partition, and a missing one is EntityNotFoundException', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(new CreatePartitionCommand({ ...key, PartitionInput: part('2024', 'eu') }));
    await t.glue.send(
      new DeletePartitionCommand({ DatabaseName: 'DB', TableName: 'SALES', PartitionValues: ['2024', 'eu'] }),
    );
    await expect(
      t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2024', 'eu'] })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);
    const again = t.glue.send(new DeletePartitionCommand({ ...key, PartitionValues: ['2024', 'eu'] }));
    await expect(again).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(again).rejects.toMatchObject({ message: 'Cannot find partition.' });
  });

  it('BatchCreatePartition creates up to 100, reports duplicates per entry, and rejects wrong value counts outright', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    const hundred = Array.from({ length: 100 }, (_, i) => part(String(2000 + i), 'eu'));
    expect(await t.glue.send(new BatchCreatePartitionCommand({ ...key, PartitionInputList: hundred }))).toMatchObject({
      Errors: [],
    });

    const res = await t.glue.send(
      new BatchCreatePartitionCommand({
        ...key,
        PartitionInputList: [part('2000', 'eu'), part('2000', 'us'), part('2000', 'us')],
      }),
    );
    const exists = { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' };
    expect(res.Errors).toEqual([
      { PartitionValues: ['2000', 'eu'], ErrorDetail: exists },
      { PartitionValues: ['2000', 'us'], ErrorDetail: exists },
    ]);
    await t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2000', 'us'] }));

    const wrong = t.glue.send(
      new BatchCreatePartitionCommand({ ...key, PartitionInputList: [part('1990', 'eu'), { Values: ['1991'] }] }),
    );
    await expect(wrong).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['1990', 'eu'] })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);

    const tooMany = Array.from({ length: 101 }, (_, i) => part(String(3000 + i), 'eu'));
    await expect(
      t.glue.send(new BatchCreatePartitionCommand({ ...key, PartitionInputList: tooMany })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      t.glue.send(
        new BatchCreatePartitionCommand({
          DatabaseName: 'db',
          TableName: 'nope',
          PartitionInputList: [part('1', 'a')],
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Table nope not found.' });
  });

  it('BatchGetPartition returns the partitions that exist and leaves out the others, as AWS does', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(
      new BatchCreatePartitionCommand({ ...key, PartitionInputList: [part('2023', 'eu'), part('2024', 'eu')] }),
    );
    const res = await t.glue.send(
      new BatchGetPartitionCommand({
        DatabaseName: 'DB',
        TableName: 'Sales',
        PartitionsToGet: [{ Values: ['2024', 'eu'] }, { Values: ['1999', 'eu'] }, { Values: ['2023', 'eu'] }],
      }),
    );
    expect(res.Partitions?.map((p) => p.Values)).toEqual([
      ['2024', 'eu'],
      ['2023', 'eu'],
    ]);
    expect(res.Partitions?.[0]).toMatchObject({
      DatabaseName: 'db',
      TableName: 'sales',
      CreationTime: expect.any(Date),
    });
    expect(res.UnprocessedKeys).toEqual([]);

    const thousand = Array.from({ length: 1000 }, (_, i) => ({ Values: [String(i), 'eu'] }));
    expect((await t.glue.send(new BatchGetPartitionCommand({ ...key, PartitionsToGet: thousand }))).Partitions).toEqual(
      [],
    );
    await expect(
      t.glue.send(new BatchGetPartitionCommand({ ...key, PartitionsToGet: [...thousand, { Values: ['x', 'y'] }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('BatchUpdatePartition updates what exists and reports the rest per entry', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(
      new BatchCreatePartitionCommand({ ...key, PartitionInputList: [part('2023', 'eu'), part('2024', 'eu')] }),
    );
    const res = await t.glue.send(
      new BatchUpdatePartitionCommand({
        ...key,
        Entries: [
          { PartitionValueList: ['2023', 'eu'], PartitionInput: part('2023', 'eu', { Parameters: { v: '2' } }) },
          { PartitionValueList: ['1999', 'eu'], PartitionInput: part('1999', 'eu') },
          { PartitionValueList: ['2024', 'eu'], PartitionInput: part('2023', 'eu') },
        ],
      }),
    );
    expect(res.Errors).toEqual([
      { PartitionValueList: ['1999', 'eu'], ErrorDetail: notFound },
      {
        PartitionValueList: ['2024', 'eu'],
        ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
      },
    ]);
    const updated = await t.glue.send(new GetPartitionCommand({ ...key, PartitionValues: ['2023', 'eu'] }));
    expect(updated.Partition?.Parameters).toEqual({ v: '2' });

    const tooMany = Array.from({ length: 101 }, (_, i) => ({
      PartitionValueList: [String(i), 'eu'],
      PartitionInput: part(String(i), 'eu'),
    }));
    await expect(t.glue.send(new BatchUpdatePartitionCommand({ ...key, Entries: tooMany }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('BatchDeletePartition deletes up to 25 and reports missing partitions per entry', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(
      new BatchCreatePartitionCommand({ ...key, PartitionInputList: [part('2023', 'eu'), part('2024', 'eu')] }),
    );
    const res = await t.glue.send(
      new BatchDeletePartitionCommand({
        ...key,
        PartitionsToDelete: [{ Values: ['2023', 'eu'] }, { Values: ['1999', 'eu'] }],
      }),
    );
    expect(res.Errors).toEqual([{ PartitionValues: ['1999', 'eu'], ErrorDetail: notFound }]);
    const left = await t.glue.send(new GetPartitionsCommand(key));
    expect(left.Partitions?.map((p) => p.Values)).toEqual([['2024', 'eu']]);

    const twentyFive = Array.from({ length: 25 }, (_, i) => ({ Values: [String(i), 'eu'] }));
    expect(
      (await t.glue.send(new BatchDeletePartitionCommand({ ...key, PartitionsToDelete: twentyFive }))).Errors,
    ).toHaveLength(25);
    await expect(
      t.glue.send(
        new BatchDeletePartitionCommand({ ...key, PartitionsToDelete: [...twentyFive, { Values: ['x', 'y'] }] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('deleting the table deletes its partitions', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    await t.glue.send(
      new BatchCreatePartitionCommand({ ...key, PartitionInputList: [part('2023', 'eu'), part('2024', 'eu')] }),
    );
    const filtered = { ...key, Expression: "region = 'eu'" };
    expect((await t.glue.send(new GetPartitionsCommand(filtered))).Partitions).toHaveLength(2);
    await t.glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'sales' }));
    await expect(t.glue.send(new GetPartitionsCommand(key))).rejects.toMatchObject({
      message: 'Table sales not found.',
    });
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'db',
        TableInput: { Name: 'sales', PartitionKeys: [{ Name: 'year' }, { Name: 'region' }], StorageDescriptor: SD },
      }),
    );
    expect((await t.glue.send(new GetPartitionsCommand(key))).Partitions).toEqual([]);
    expect((await t.glue.send(new GetPartitionsCommand(filtered))).Partitions).toEqual([]);
  });

  it("a partition's column statistics move with it on UpdatePartition and go with it on delete", async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const key = { DatabaseName: 'db', TableName: 'sales' };
    const stats = {
      ColumnName: 'id',
      ColumnType: 'bigint',
      AnalyzedTime: new Date('2024-05-01T00:00:00Z'),
      StatisticsData: {
        Type: 'LONG' as const,
        LongColumnStatisticsData: { MinimumValue: 1, MaximumValue: 9, NumberOfNulls: 0, NumberOfDistinctValues: 9 },
      },
    };
    const statsOf = async (PartitionValues: string[]) =>
      (await t.glue.send(new GetColumnStatisticsForPartitionCommand({ ...key, PartitionValues, ColumnNames: ['id'] })))
        .ColumnStatisticsList ?? [];
    await t.glue.send(new CreatePartitionCommand({ ...key, PartitionInput: part('2024', 'eu') }));
    await t.glue.send(
      new UpdateColumnStatisticsForPartitionCommand({
        ...key,
        PartitionValues: ['2024', 'eu'],
        ColumnStatisticsList: [stats],
      }),
    );
    await t.glue.send(
      new UpdatePartitionCommand({ ...key, PartitionValueList: ['2024', 'eu'], PartitionInput: part('2025', 'eu') }),
    );
    expect(await statsOf(['2025', 'eu'])).toHaveLength(1);

    await t.glue.send(new DeletePartitionCommand({ ...key, PartitionValues: ['2025', 'eu'] }));
    await t.glue.send(new CreatePartitionCommand({ ...key, PartitionInput: part('2025', 'eu') }));
    expect(await statsOf(['2025', 'eu'])).toEqual([]);
  });

  it('keeps partitions apart per account and region', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await t.glue.send(
      new CreatePartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionInput: part('2024', 'eu') }),
    );
    const other = t.glueFor({ region: 'eu-west-1' });
    await expect(
      other.send(new GetPartitionCommand({ DatabaseName: 'db', TableName: 'sales', PartitionValues: ['2024', 'eu'] })),
    ).rejects.toMatchObject({ message: 'Database db not found.' });
  });
});

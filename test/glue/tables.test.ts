import {
  AlreadyExistsException,
  BatchDeleteTableCommand,
  ConcurrentModificationException,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GetTablesCommand,
  paginateGetTables,
  type TableInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const parquetTable = (name: string, extra: Partial<TableInput> = {}): TableInput => ({
  Name: name,
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
  PartitionKeys: [{ Name: 'dt', Type: 'string' }],
  StorageDescriptor: {
    Columns: [
      { Name: 'id', Type: 'bigint' },
      { Name: 'amount', Type: 'decimal(10,2)', Comment: 'in euros' },
    ],
    Location: 's3://lake/sales/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
  ...extra,
});

async function withDb(t: TestLakebox, name = 'db'): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));
}

describe('Glue tables', () => {
  it('round-trips a table with the fields AWS adds', async () => {
    await using t = await startTestLakebox();
    await withDb(t);
    const input = parquetTable('Sales');
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'DB', TableInput: input }));
    const { Table } = await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'SALES' }));
    expect(Table).toMatchObject({
      Name: 'sales',
      DatabaseName: 'db',
      TableType: 'EXTERNAL_TABLE',
      Parameters: input.Parameters,
      PartitionKeys: input.PartitionKeys,
      StorageDescriptor: {
        ...input.StorageDescriptor,
        Compressed: false,
        NumberOfBuckets: 0,
        StoredAsSubDirectories: false,
      },
      CatalogId: '000000000000',
      VersionId: '0',
      IsRegisteredWithLakeFormation: false,
      CreatedBy: 'arn:aws:iam::000000000000:root',
    });
    expect(Table?.CreateTime).toBeInstanceOf(Date);
    expect(Table?.UpdateTime).toEqual(Table?.CreateTime);
  });

  it('needs the database and refuses duplicates', async () => {
    await using t = await startTestLakebox();
    const noDb = t.glue.send(new CreateTableCommand({ DatabaseName: 'nope', TableInput: parquetTable('t') }));
    await expect(noDb).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(noDb).rejects.toMatchObject({ message: 'Database nope not found.' });
    await withDb(t);
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('t') }));
    await expect(
      t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('T') })),
    ).rejects.toBeInstanceOf(AlreadyExistsException);
    const missing = t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'other' }));
    await expect(missing).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(missing).rejects.toMatchObject({ message: 'Table other not found.' });
    await expect(t.glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'other' }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );
  });

  it('pages GetTables at most 100 at a time and filters by Expression', async () => {
    await using t = await startTestLakebox();
    await withDb(t);
    const names = Array.from({ length: 250 }, (_, i) => `t_${String(i).padStart(3, '0')}`);
    for (const n of names)
      await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable(n) }));

    const first = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db' }));
    expect(first.TableList).toHaveLength(100);
    expect(first.NextToken).toBeTypeOf('string');

    const seen: string[] = [];
    for await (const page of paginateGetTables({ client: t.glue }, { DatabaseName: 'db' })) {
      for (const table of page.TableList ?? []) seen.push(table.Name ?? '');
    }
    expect(seen).toEqual(names);

    const filtered = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db', Expression: 't_01*' }));
    expect(filtered.TableList?.map((x) => x.Name)).toEqual(names.slice(10, 20));
    const alternation = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db', Expression: 't_000|t_249' }));
    expect(alternation.TableList?.map((x) => x.Name)).toEqual(['t_000', 't_249']);
    const blank = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db', Expression: '' }));
    expect(blank.TableList).toHaveLength(100);
    await expect(t.glue.send(new GetTablesCommand({ DatabaseName: 'nope' }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );
  });

  it('UpdateTable replaces the definition, keeps CreateTime and enforces VersionId', async () => {
    await using t = await startTestLakebox();
    await withDb(t);
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('t') }));
    const v0 = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 't' }))).Table;
    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'db',
        VersionId: '0',
        TableInput: parquetTable('t', { Description: 'v1', Parameters: { classification: 'parquet' } }),
      }),
    );
    const v1 = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 't' }))).Table;
    expect(v1).toMatchObject({ VersionId: '1', Description: 'v1', Parameters: { classification: 'parquet' } });
    expect(v1?.CreateTime).toEqual(v0?.CreateTime);
    expect(v1?.UpdateTime?.getTime()).toBeGreaterThanOrEqual(v0?.UpdateTime?.getTime() ?? 0);

    const stale = t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'db',
        VersionId: '0',
        TableInput: parquetTable('t', { Description: 'lost' }),
      }),
    );
    await expect(stale).rejects.toBeInstanceOf(ConcurrentModificationException);
    const after = (await t.glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 't' }))).Table;
    expect(after?.Description).toBe('v1');

    await expect(
      t.glue.send(new UpdateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('missing') })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);
  });

  it('BatchDeleteTable reports missing tables per entry and enforces the 100 limit', async () => {
    await using t = await startTestLakebox();
    await withDb(t);
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('a') }));
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: parquetTable('b') }));
    const res = await t.glue.send(
      new BatchDeleteTableCommand({ DatabaseName: 'db', TablesToDelete: ['a', 'zz', 'B'] }),
    );
    expect(res.Errors).toEqual([
      { TableName: 'zz', ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Table zz not found.' } },
    ]);
    expect((await t.glue.send(new GetTablesCommand({ DatabaseName: 'db' }))).TableList).toEqual([]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `t${i}`);
    await expect(
      t.glue.send(new BatchDeleteTableCommand({ DatabaseName: 'db', TablesToDelete: tooMany })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

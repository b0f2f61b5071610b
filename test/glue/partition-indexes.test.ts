import {
  AlreadyExistsException,
  CreateDatabaseCommand,
  CreatePartitionIndexCommand,
  CreateTableCommand,
  DeletePartitionIndexCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetPartitionIndexesCommand,
  InvalidInputException,
  ResourceNumberLimitExceededException,
  type TableInput,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const table = (extra: Partial<TableInput> = {}): TableInput => ({
  Name: 'logs',
  PartitionKeys: [
    { Name: 'tenant', Type: 'string' },
    { Name: 'year', Type: 'int' },
    { Name: 'month', Type: 'int' },
    { Name: 'day', Type: 'int' },
  ],
  StorageDescriptor: { Columns: [{ Name: 'msg', Type: 'string' }], Location: 's3://lake/logs/' },
  ...extra,
});

async function withTable(t: TestLakebox): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: table() }));
}

const key = { DatabaseName: 'db', TableName: 'logs' };
const create = (t: TestLakebox, IndexName: string, Keys: string[]) =>
  t.glue.send(new CreatePartitionIndexCommand({ ...key, PartitionIndex: { IndexName, Keys } }));
const list = async (t: TestLakebox) =>
  (await t.glue.send(new GetPartitionIndexesCommand(key))).PartitionIndexDescriptorList ?? [];

describe('Glue partition indexes', () => {
  it('creates indexes ACTIVE, with the keys typed from the table, listed in creation order', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    expect(await list(t)).toEqual([]);
    await create(t, 'month_idx', ['year', 'month']);
    await t.glue.send(
      new CreatePartitionIndexCommand({
        DatabaseName: 'DB',
        TableName: 'Logs',
        PartitionIndex: { IndexName: 'day_idx', Keys: ['year', 'month', 'day'] },
      }),
    );
    expect(await list(t)).toEqual([
      {
        IndexName: 'month_idx',
        Keys: [
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
        ],
        IndexStatus: 'ACTIVE',
      },
      {
        IndexName: 'day_idx',
        Keys: [
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'day', Type: 'int' },
        ],
        IndexStatus: 'ACTIVE',
      },
    ]);
  });

  it('refuses keys that are not partition keys, duplicate names, duplicate key lists and a fourth index', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const notKey = create(t, 'bad', ['year', 'msg']);
    await expect(notKey).rejects.toBeInstanceOf(InvalidInputException);
    await expect(notKey).rejects.toMatchObject({
      message: 'IndexKeys not a part of PartitionColumns. Verify the indexKeys : [msg]',
    });

    await create(t, 'dup', ['tenant']);
    const sameName = create(t, 'dup', ['year']);
    await expect(sameName).rejects.toBeInstanceOf(AlreadyExistsException);
    await expect(sameName).rejects.toMatchObject({ message: 'Partition Index dup already exists with the same name.' });
    const sameKeys = create(t, 'other', ['tenant']);
    await expect(sameKeys).rejects.toBeInstanceOf(AlreadyExistsException);
    await expect(sameKeys).rejects.toMatchObject({ message: 'Partition Index dup already exists with the same keys.' });
    // The key order makes a different index.
    await create(t, 'ym', ['year', 'month']);
    await create(t, 'my', ['month', 'year']);

    // The limit is checked before duplicates.
    for (const [name, keys] of [
      ['fourth', ['day']],
      ['dup', ['tenant']],
    ] as const) {
      const over = create(t, name, [...keys]);
      await expect(over).rejects.toBeInstanceOf(ResourceNumberLimitExceededException);
      await expect(over).rejects.toMatchObject({ message: 'Partition index limit exceeded. Maximum: 3' });
    }
    expect((await list(t)).map((i) => i.IndexName)).toEqual(['dup', 'ym', 'my']);
  });

  it('deletes an index by name, and an unknown one is EntityNotFoundException', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await create(t, 'a', ['tenant']);
    await create(t, 'b', ['year']);
    await t.glue.send(new DeletePartitionIndexCommand({ ...key, IndexName: 'a' }));
    expect((await list(t)).map((i) => i.IndexName)).toEqual(['b']);
    const missing = t.glue.send(new DeletePartitionIndexCommand({ ...key, IndexName: 'a' }));
    await expect(missing).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(missing).rejects.toMatchObject({ message: 'Index with the given indexName : a does not exist.' });
    // A freed name and key list can be used again, and the new index lists last.
    await create(t, 'a', ['tenant']);
    expect((await list(t)).map((i) => i.IndexName)).toEqual(['b', 'a']);
  });

  it('needs the database and the table, and deleting the table deletes its indexes', async () => {
    await using t = await startTestLakebox();
    await expect(t.glue.send(new GetPartitionIndexesCommand(key))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database db not found.',
    });
    await withTable(t);
    for (const cmd of [
      new GetPartitionIndexesCommand({ DatabaseName: 'db', TableName: 'nope' }),
      new CreatePartitionIndexCommand({
        DatabaseName: 'db',
        TableName: 'nope',
        PartitionIndex: { IndexName: 'i', Keys: ['year'] },
      }),
      new DeletePartitionIndexCommand({ DatabaseName: 'db', TableName: 'nope', IndexName: 'i' }),
    ]) {
      await expect(t.glue.send(cmd as GetPartitionIndexesCommand)).rejects.toMatchObject({
        name: 'EntityNotFoundException',
        message: 'Table nope not found.',
      });
    }
    await create(t, 'i', ['year']);
    await t.glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'logs' }));
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: table() }));
    expect(await list(t)).toEqual([]);
  });

  it('CreateTable with PartitionIndexes creates them under the same rules', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'db',
        TableInput: table(),
        PartitionIndexes: [{ IndexName: 'by_tenant', Keys: ['tenant'] }],
      }),
    );
    expect(await list(t)).toEqual([
      { IndexName: 'by_tenant', Keys: [{ Name: 'tenant', Type: 'string' }], IndexStatus: 'ACTIVE' },
    ]);
    const bad = t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'db',
        TableInput: table({ Name: 'other' }),
        PartitionIndexes: [{ IndexName: 'i', Keys: ['msg'] }],
      }),
    );
    await expect(bad).rejects.toBeInstanceOf(InvalidInputException);
    await expect(
      t.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'db', TableName: 'other' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });
});

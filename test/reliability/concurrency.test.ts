import {
  AlreadyExistsException,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetDatabasesCommand,
  GetTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';

const RACERS = 50;

describe('concurrent writers', () => {
  it(`lets exactly one of ${RACERS} concurrent CreateTable calls of one name win`, async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    // Mixed case: names fold to lower case, so these are all the same table.
    const names = Array.from({ length: RACERS }, (_, i) =>
      i % 3 === 0 ? 'Orders' : i % 3 === 1 ? 'ORDERS' : 'orders',
    );
    const results = await Promise.allSettled(
      names.map((Name, i) =>
        t.glue.send(
          new CreateTableCommand({
            DatabaseName: 'db',
            TableInput: { Name, Description: `writer ${i}`, Parameters: { writer: String(i) } },
          }),
        ),
      ),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(RACERS - 1);
    for (const reason of lost) expect(reason).toBeInstanceOf(AlreadyExistsException);

    const { TableList } = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db' }));
    expect(TableList).toHaveLength(1);
    // The stored table is the winner's, whole: no mix of two writers' fields.
    const winner = won[0] ?? -1;
    expect(TableList?.[0]).toMatchObject({
      Name: 'orders',
      Description: `writer ${winner}`,
      Parameters: { writer: String(winner) },
    });
  });

  it(`lets exactly one of ${RACERS} concurrent CreateDatabase calls of one name win`, async () => {
    await using t = await startTestLakebox();
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () =>
        t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AlreadyExistsException);
    expect((await t.glue.send(new GetDatabasesCommand({}))).DatabaseList).toHaveLength(1);
  });

  it('gives concurrent UpdateTable calls on one version exactly one winner', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 't' } }));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.glue.send(
          new UpdateTableCommand({
            DatabaseName: 'db',
            VersionId: '0',
            TableInput: { Name: 't', Description: `${i}` },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'ConcurrentModificationException' });
    }
  });
});

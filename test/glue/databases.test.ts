import {
  AlreadyExistsException,
  CreateDatabaseCommand,
  DeleteDatabaseCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetTagsCommand,
  paginateGetDatabases,
  UpdateDatabaseCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';

describe('Glue databases', () => {
  it('creates, reads, updates and deletes a database with the fields AWS returns', async () => {
    await using t = await startTestLakebox();
    const before = Math.floor(Date.now() / 1000);
    await t.glue.send(
      new CreateDatabaseCommand({
        DatabaseInput: {
          Name: 'Sales_DB',
          Description: 'sales',
          LocationUri: 's3://lake/sales/',
          Parameters: { a: '1' },
        },
      }),
    );
    const { Database } = await t.glue.send(new GetDatabaseCommand({ Name: 'sales_db' }));
    expect(Database).toMatchObject({
      Name: 'sales_db',
      Description: 'sales',
      LocationUri: 's3://lake/sales/',
      Parameters: { a: '1' },
      CatalogId: '000000000000',
      CreateTableDefaultPermissions: [
        { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
      ],
    });
    expect(Database?.CreateTime).toBeInstanceOf(Date);
    expect(Math.floor((Database?.CreateTime?.getTime() ?? 0) / 1000)).toBeGreaterThanOrEqual(before);

    // Any case finds it: names fold to lower case on store and on lookup.
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'SALES_DB' }))).resolves.toBeDefined();

    await t.glue.send(
      new UpdateDatabaseCommand({ Name: 'sales_db', DatabaseInput: { Name: 'sales_db', Description: 'changed' } }),
    );
    const updated = await t.glue.send(new GetDatabaseCommand({ Name: 'sales_db' }));
    expect(updated.Database?.Description).toBe('changed');
    expect(updated.Database?.LocationUri).toBeUndefined();
    expect(updated.Database?.CreateTime).toEqual(Database?.CreateTime);

    await t.glue.send(new DeleteDatabaseCommand({ Name: 'sales_db' }));
    const missing = t.glue.send(new GetDatabaseCommand({ Name: 'sales_db' }));
    await expect(missing).rejects.toBeInstanceOf(EntityNotFoundException);
    await expect(missing).rejects.toMatchObject({ message: 'Database sales_db not found.' });
  });

  it('answers AlreadyExists and EntityNotFound as AWS does', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await expect(t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'DB' } }))).rejects.toBeInstanceOf(
      AlreadyExistsException,
    );
    await expect(t.glue.send(new DeleteDatabaseCommand({ Name: 'nope' }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );
    await expect(
      t.glue.send(new UpdateDatabaseCommand({ Name: 'nope', DatabaseInput: { Name: 'nope' } })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);
  });

  it('pages GetDatabases at most 100 at a time with opaque tokens', async () => {
    await using t = await startTestLakebox();
    const names = Array.from({ length: 230 }, (_, i) => `db_${String(i).padStart(3, '0')}`);
    await Promise.all(names.map((Name) => t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } }))));

    const first = await t.glue.send(new GetDatabasesCommand({}));
    expect(first.DatabaseList).toHaveLength(100);
    expect(first.NextToken).toBeTypeOf('string');

    // The AWS model caps MaxResults at 100: a client asking for more is told so, as on AWS.
    await expect(t.glue.send(new GetDatabasesCommand({ MaxResults: 1000 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });

    const seen: string[] = [];
    for await (const page of paginateGetDatabases({ client: t.glue, pageSize: 70 }, {})) {
      expect(page.DatabaseList?.length ?? 0).toBeLessThanOrEqual(70);
      for (const d of page.DatabaseList ?? []) seen.push(d.Name ?? '');
    }
    expect(seen).toEqual(names);

    const namesOnly = await t.glue.send(new GetDatabasesCommand({ AttributesToGet: ['NAME'], MaxResults: 2 }));
    expect(namesOnly.DatabaseList).toEqual([{ Name: 'db_000' }, { Name: 'db_001' }]);

    await expect(t.glue.send(new GetDatabasesCommand({ NextToken: 'not-a-token' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('deleting a database cascades to its tables and tags', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' }, Tags: { team: 'data' } }));
    const arn = 'arn:aws:glue:us-east-1:000000000000:database/db';
    expect((await t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'data' });
    await t.glue.send(new DeleteDatabaseCommand({ Name: 'db' }));
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    expect((await t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags ?? {}).toEqual({});
  });

  it('accepts CatalogId "" and the caller account id, and keeps other accounts apart', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ CatalogId: '', DatabaseInput: { Name: 'db' } }));
    await expect(t.glue.send(new GetDatabaseCommand({ CatalogId: '000000000000', Name: 'db' }))).resolves.toBeDefined();
    const other = t.glueFor({ accountId: '111122223333' });
    await expect(other.send(new GetDatabaseCommand({ Name: 'db' }))).rejects.toBeInstanceOf(EntityNotFoundException);
  });
});

import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetTagsCommand,
  InvalidInputException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const ACCOUNT = '000000000000';
const dbArn = (name: string, account = ACCOUNT) => `arn:aws:glue:us-east-1:${account}:database/${name}`;
const tableArn = (db: string, table: string, account = ACCOUNT) =>
  `arn:aws:glue:us-east-1:${account}:table/${db}/${table}`;

async function tagsOf(t: TestLakebox, arn: string): Promise<Record<string, string>> {
  return (await t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags ?? {};
}

async function withTable(t: TestLakebox): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'tbl' } }));
}

describe('Glue tags', () => {
  it('tags, reads and untags a database, starting from the tags CreateDatabase stored', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' }, Tags: { team: 'data' } }));
    expect(await tagsOf(t, dbArn('db'))).toEqual({ team: 'data' });

    await t.glue.send(new TagResourceCommand({ ResourceArn: dbArn('db'), TagsToAdd: { team: 'bi', env: 'dev' } }));
    expect(await tagsOf(t, dbArn('db'))).toEqual({ team: 'bi', env: 'dev' });

    // Removing a key that is not there is not an error.
    await t.glue.send(new UntagResourceCommand({ ResourceArn: dbArn('db'), TagsToRemove: ['team', 'nope'] }));
    expect(await tagsOf(t, dbArn('db'))).toEqual({ env: 'dev' });
  });

  it('answers an empty map for a resource without tags', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    const out = await t.glue.send(new GetTagsCommand({ ResourceArn: dbArn('db') }));
    expect(out.Tags).toEqual({});
  });

  it('accepts ARNs with an empty account field, meaning the caller account', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await t.glue.send(
      new TagResourceCommand({ ResourceArn: 'arn:aws:glue:us-east-1::database/db', TagsToAdd: { a: '1' } }),
    );
    await t.glue.send(
      new TagResourceCommand({ ResourceArn: 'arn:aws:glue:us-east-1::table/db/tbl', TagsToAdd: { b: '2' } }),
    );
    expect(await tagsOf(t, dbArn('db'))).toEqual({ a: '1' });
    expect(await tagsOf(t, 'arn:aws:glue:us-east-1::database/db')).toEqual({ a: '1' });
    expect(await tagsOf(t, tableArn('db', 'tbl'))).toEqual({ b: '2' });
    await t.glue.send(
      new UntagResourceCommand({ ResourceArn: 'arn:aws:glue:us-east-1::table/db/tbl', TagsToRemove: ['b'] }),
    );
    expect(await tagsOf(t, tableArn('db', 'tbl'))).toEqual({});
  });

  it('folds the names in the ARN to lower case', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    await t.glue.send(new TagResourceCommand({ ResourceArn: tableArn('DB', 'Tbl'), TagsToAdd: { k: 'v' } }));
    expect(await tagsOf(t, tableArn('db', 'tbl'))).toEqual({ k: 'v' });
    expect(await tagsOf(t, dbArn('Db'))).toEqual({});
  });

  it('tags tables and the catalog, and drops a table tags with the table', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const catalog = `arn:aws:glue:us-east-1:${ACCOUNT}:catalog`;
    await t.glue.send(new TagResourceCommand({ ResourceArn: catalog, TagsToAdd: { owner: 'platform' } }));
    expect(await tagsOf(t, catalog)).toEqual({ owner: 'platform' });

    await t.glue.send(new TagResourceCommand({ ResourceArn: tableArn('db', 'tbl'), TagsToAdd: { pii: 'no' } }));
    expect(await tagsOf(t, tableArn('db', 'tbl'))).toEqual({ pii: 'no' });
    await t.glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'tbl' }));
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'tbl' } }));
    expect(await tagsOf(t, tableArn('db', 'tbl'))).toEqual({});
  });

  it('answers EntityNotFoundException for resources that do not exist, in every operation', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    const cases: [string, string][] = [
      [dbArn('missing'), 'Database missing not found.'],
      [tableArn('db', 'missing'), 'Table missing not found.'],
      [tableArn('missing', 'tbl'), 'Database missing not found.'],
      // Another account's catalog holds no database "db".
      [dbArn('db', '111122223333'), 'Database db not found.'],
    ];
    for (const [arn, message] of cases) {
      for (const cmd of [
        new GetTagsCommand({ ResourceArn: arn }),
        new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { a: 'b' } }),
        new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: ['a'] }),
      ]) {
        const sent = t.glue.send(cmd as GetTagsCommand);
        await expect(sent).rejects.toBeInstanceOf(EntityNotFoundException);
        await expect(sent).rejects.toMatchObject({ message });
      }
    }
  });

  it('knows jobs, crawlers, triggers and workflows but finds none yet', async () => {
    await using t = await startTestLakebox();
    for (const resource of ['job/etl', 'crawler/c', 'trigger/nightly', 'workflow/w']) {
      const arn = `arn:aws:glue:us-east-1:${ACCOUNT}:${resource}`;
      await expect(t.glue.send(new GetTagsCommand({ ResourceArn: arn }))).rejects.toBeInstanceOf(
        EntityNotFoundException,
      );
      await expect(
        t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { a: 'b' } })),
      ).rejects.toMatchObject({ name: 'EntityNotFoundException' });
    }
  });

  it('rejects malformed Glue ARNs with InvalidInputException', async () => {
    await using t = await startTestLakebox();
    await withTable(t);
    for (const arn of [
      `arn:aws:glue:us-east-1:${ACCOUNT}:bogus/x`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:database/`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:database/db/extra`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:table/db`,
      'arn:aws:glue:us-east-1:not-an-account:database/db',
      `arn:aws:glue:eu-west-1:${ACCOUNT}:database/db`,
      'arn:aws:glue:us-east-1',
    ]) {
      const sent = t.glue.send(new GetTagsCommand({ ResourceArn: arn }));
      await expect(sent, arn).rejects.toBeInstanceOf(InvalidInputException);
    }
  });

  it('rejects ARNs of other services in request validation', async () => {
    await using t = await startTestLakebox();
    await expect(t.glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:s3:::bucket' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('enforces the tag limits', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    const arn = dbArn('db');
    const many = (n: number, prefix: string) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

    // The request shape: at most 50 tags per call, keys 1-128 and values 0-256 characters.
    for (const TagsToAdd of [many(51, 'k'), { ['k'.repeat(129)]: 'v' }, { k: 'v'.repeat(257) }]) {
      await expect(t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
    }
    await t.glue.send(
      new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { ['k'.repeat(128)]: 'v'.repeat(256), e: '' } }),
    );
    expect(await tagsOf(t, arn)).toEqual({ ['k'.repeat(128)]: 'v'.repeat(256), e: '' });
    await t.glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: ['k'.repeat(128), 'e'] }));

    // At most 50 tags per resource, counting the ones it has; re-setting a key does not count twice.
    await t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: many(30, 'a') }));
    await t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { ...many(20, 'b'), a0: 'again' } }));
    expect(Object.keys(await tagsOf(t, arn))).toHaveLength(50);
    const over = t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { one: 'more' } }));
    await expect(over).rejects.toBeInstanceOf(InvalidInputException);
    expect(Object.keys(await tagsOf(t, arn))).toHaveLength(50);
  });

  it('reserves the aws: prefix', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    const arn = dbArn('db');
    const reserved: Record<string, string>[] = [{ 'aws:owner': 'x' }, { 'AWS:owner': 'x' }, { owner: 'aws:x' }];
    for (const TagsToAdd of reserved) {
      await expect(t.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd }))).rejects.toBeInstanceOf(
        InvalidInputException,
      );
    }
    await expect(
      t.glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: ['aws:owner'] })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    expect(await tagsOf(t, arn)).toEqual({});
  });

  it('addresses another account catalog through the ARN account, as CatalogId does', async () => {
    await using t = await startTestLakebox();
    const other = t.glueFor({ accountId: '111122223333' });
    await other.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared' }, Tags: { team: 'x' } }));
    expect(await tagsOf(t, dbArn('shared', '111122223333'))).toEqual({ team: 'x' });
    await expect(t.glue.send(new GetTagsCommand({ ResourceArn: dbArn('shared') }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );
  });
});

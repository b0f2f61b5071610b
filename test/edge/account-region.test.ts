import {
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { rawRequest, sigv4Authorization } from '../support/wire.js';

const OTHER_ACCOUNT = '111122223333';

describe('edge: account from the access key id, region from the signature', () => {
  it('gives a 12-digit access key id its own catalog, with that account as CatalogId', async () => {
    await using t = await startTestLakebox();
    const other = t.glueFor({ accountId: OTHER_ACCOUNT });
    await other.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared' } }));
    await other.send(new CreateTableCommand({ DatabaseName: 'shared', TableInput: { Name: 'events' } }));

    const { Database } = await other.send(new GetDatabaseCommand({ Name: 'shared' }));
    expect(Database?.CatalogId).toBe(OTHER_ACCOUNT);
    const { Table } = await other.send(new GetTableCommand({ DatabaseName: 'shared', Name: 'events' }));
    expect(Table).toMatchObject({ CatalogId: OTHER_ACCOUNT, CreatedBy: `arn:aws:iam::${OTHER_ACCOUNT}:root` });

    // The default account (access key id `test`) does not see it...
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'shared' }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );
    expect((await t.glue.send(new GetDatabasesCommand({}))).DatabaseList).toEqual([]);
    // ...and its own database of the same name is a different one.
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared', Description: 'mine' } }));
    const mine = await t.glue.send(new GetDatabaseCommand({ Name: 'shared' }));
    expect(mine.Database).toMatchObject({ CatalogId: '000000000000', Description: 'mine' });
    const theirs = await other.send(new GetDatabaseCommand({ Name: 'shared' }));
    expect(theirs.Database?.Description).toBeUndefined();

    // Naming the catalog explicitly reaches the other account's catalog (cross-account CatalogId).
    const viaCatalogId = await t.glue.send(new GetDatabaseCommand({ CatalogId: OTHER_ACCOUNT, Name: 'shared' }));
    expect(viaCatalogId.Database).toMatchObject({ CatalogId: OTHER_ACCOUNT });
    expect(viaCatalogId.Database?.Description).toBeUndefined();
  });

  it('uses the default account for an access key id that is not 12 digits', async () => {
    await using t = await startTestLakebox();
    for (const accessKeyId of ['AKIAIOSFODNN7EXAMPLE', '12345678901', '1111222233334']) {
      const res = await rawRequest(t.endpoint, {
        target: 'AWSGlue.CreateDatabase',
        headers: { Authorization: sigv4Authorization({ accessKeyId }) },
        body: { DatabaseInput: { Name: `db_${accessKeyId.toLowerCase()}` } },
      });
      expect(res.status).toBe(200);
    }
    const { DatabaseList } = await t.glue.send(new GetDatabasesCommand({}));
    expect(DatabaseList?.map((d) => [d.Name, d.CatalogId])).toEqual([
      ['db_1111222233334', '000000000000'],
      ['db_12345678901', '000000000000'],
      ['db_akiaiosfodnn7example', '000000000000'],
    ]);
  });

  it('keeps one catalog per region, taken from the SigV4 credential scope', async () => {
    await using t = await startTestLakebox();
    const east = t.glueFor({ region: 'us-east-1' });
    const west = t.glueFor({ region: 'eu-west-1' });
    await west.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'west_only' } }));
    await east.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'east_only' } }));

    expect((await west.send(new GetDatabasesCommand({}))).DatabaseList?.map((d) => d.Name)).toEqual(['west_only']);
    expect((await east.send(new GetDatabasesCommand({}))).DatabaseList?.map((d) => d.Name)).toEqual(['east_only']);
    await expect(east.send(new GetDatabaseCommand({ Name: 'west_only' }))).rejects.toBeInstanceOf(
      EntityNotFoundException,
    );

    // The raw wire agrees: the region is whatever the signature's scope says.
    const raw = await rawRequest(t.endpoint, {
      target: 'AWSGlue.GetDatabases',
      headers: { Authorization: sigv4Authorization({ region: 'eu-west-1' }) },
    });
    expect(raw.json).toMatchObject({ DatabaseList: [{ Name: 'west_only' }] });
    // An unsigned request lands in the default region (us-east-1) of the default account.
    const unsigned = await rawRequest(t.endpoint, { target: 'AWSGlue.GetDatabases' });
    expect(unsigned.json).toMatchObject({ DatabaseList: [{ Name: 'east_only' }] });
  });
});

import {
  GetDatabaseCommand,
  GetDataCatalogCommand,
  GetTableMetadataCommand,
  ListDatabasesCommand,
  ListDataCatalogsCommand,
  ListTableMetadataCommand,
  MetadataException,
} from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';

describe('Athena metadata APIs over the Glue catalog', () => {
  it('lists AwsDataCatalog, databases and table metadata', async () => {
    await using t = await startAthenaTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales', Description: 'money' } }));
    await t.glue.send(
      new CreateTableCommand({
        DatabaseName: 'sales',
        TableInput: {
          Name: 'orders',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'csv' },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          StorageDescriptor: {
            Columns: [
              { Name: 'id', Type: 'bigint', Comment: 'key' },
              { Name: 'amount', Type: 'decimal(10,2)' },
            ],
            Location: 's3://data/orders/',
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: {
              SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
              Parameters: { 'field.delim': ',' },
            },
          },
        },
      }),
    );

    expect((await t.athena.send(new ListDataCatalogsCommand({}))).DataCatalogsSummary).toEqual([
      { CatalogName: 'AwsDataCatalog', Type: 'GLUE' },
    ]);
    expect((await t.athena.send(new GetDataCatalogCommand({ Name: 'AwsDataCatalog' }))).DataCatalog).toMatchObject({
      Name: 'AwsDataCatalog',
      Type: 'GLUE',
    });

    const dbs = await t.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    expect(dbs.DatabaseList?.map((d) => d.Name)).toEqual(['sales']);
    expect(
      (await t.athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales' }))).Database,
    ).toMatchObject({ Name: 'sales', Description: 'money' });

    const tables = await t.athena.send(
      new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales' }),
    );
    expect(tables.TableMetadataList?.map((x) => x.Name)).toEqual(['orders']);
    const { TableMetadata } = await t.athena.send(
      new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'sales', TableName: 'orders' }),
    );
    expect(TableMetadata).toMatchObject({
      Name: 'orders',
      TableType: 'EXTERNAL_TABLE',
      Columns: [
        { Name: 'id', Type: 'bigint', Comment: 'key' },
        { Name: 'amount', Type: 'decimal(10,2)' },
      ],
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
      Parameters: {
        classification: 'csv',
        location: 's3://data/orders/',
        'serde.serialization.lib': 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        'serde.param.field.delim': ',',
      },
    });
    expect(TableMetadata?.CreateTime).toBeInstanceOf(Date);
  });

  it('missing databases and tables are MetadataException', async () => {
    await using t = await startAthenaTestLakebox();
    await expect(
      t.athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'nope' })),
    ).rejects.toBeInstanceOf(MetadataException);
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await expect(
      t.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'db', TableName: 'x' })),
    ).rejects.toMatchObject({ name: 'MetadataException' });
    await expect(
      t.athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'nope' })),
    ).rejects.toMatchObject({ name: 'MetadataException' });
  });
});

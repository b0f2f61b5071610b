/** SchemaChangePolicy and RecrawlPolicy: what a re-crawl does to tables and partitions when the data changes. */
import {
  GetPartitionsCommand,
  GetTableCommand,
  GetTableVersionsCommand,
  type GlueClient,
  UpdateCrawlerCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';
import { crawl, createCrawler, createDatabase, parquetOf, put, remove } from './support.js';

const narrow = () => parquetOf('SELECT 1::BIGINT AS id, 2::BIGINT AS qty');
const wide = () => parquetOf("SELECT 3::BIGINT AS id, 4::BIGINT AS qty, 'x' AS note");

async function columns(glue: GlueClient, name: string) {
  const out = await glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: name }));
  return out.Table?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`);
}

async function versionCount(glue: GlueClient, name: string) {
  const out = await glue.send(new GetTableVersionsCommand({ DatabaseName: 'lake', TableName: name }));
  return out.TableVersions?.length ?? 0;
}

async function partitionValues(glue: GlueClient, name: string) {
  const out = await glue.send(new GetPartitionsCommand({ DatabaseName: 'lake', TableName: name }));
  return (out.Partitions ?? []).map((p) => p.Values?.join('/')).sort();
}

describe('crawler SchemaChangePolicy and RecrawlPolicy', () => {
  it('UPDATE_IN_DATABASE (the default): a new column updates the table as a new version', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://lake/t/p=1/a.parquet', await narrow());
    await createCrawler(t.glue, 'c', 'lake', ['s3://lake/t/']);
    await crawl(t.glue, 'c');
    expect(await columns(t.glue, 't')).toEqual(['id bigint', 'qty bigint']);
    const before = await versionCount(t.glue, 't');
    await put(t.s3, 's3://lake/t/p=2/a.parquet', await wide());
    await crawl(t.glue, 'c');
    expect(await columns(t.glue, 't')).toEqual(['id bigint', 'qty bigint', 'note string']);
    expect(await versionCount(t.glue, 't')).toBe(before + 1);
    expect(await partitionValues(t.glue, 't')).toEqual(['1', '2']);
  });

  it('UpdateBehavior LOG: the table is left as it was; new partitions are still added', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://lake/t/p=1/a.parquet', await narrow());
    await createCrawler(t.glue, 'c', 'lake', ['s3://lake/t/'], {
      SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
    });
    await crawl(t.glue, 'c');
    const before = await versionCount(t.glue, 't');
    await put(t.s3, 's3://lake/t/p=2/a.parquet', await wide());
    await crawl(t.glue, 'c');
    expect(await columns(t.glue, 't')).toEqual(['id bigint', 'qty bigint']);
    expect(await versionCount(t.glue, 't')).toBe(before);
    expect(await partitionValues(t.glue, 't')).toEqual(['1', '2']);
  });

  it('DeleteBehavior DELETE_FROM_DATABASE: partitions and tables whose data is gone are removed', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://lake/data/t/p=1/a.parquet', await narrow());
    await put(t.s3, 's3://lake/data/t/p=2/a.parquet', await narrow());
    await put(t.s3, 's3://lake/data/u/u.csv', 'k,v\na,1\n');
    await createCrawler(t.glue, 'c', 'lake', ['s3://lake/data/'], {
      SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DELETE_FROM_DATABASE' },
    });
    await crawl(t.glue, 'c');
    expect(await partitionValues(t.glue, 't')).toEqual(['1', '2']);
    await remove(t.s3, 's3://lake/data/t/p=2/a.parquet');
    await remove(t.s3, 's3://lake/data/u/u.csv');
    const done = await crawl(t.glue, 'c');
    expect(done.LastCrawl?.Status).toBe('SUCCEEDED');
    expect(await partitionValues(t.glue, 't')).toEqual(['1']);
    await expect(t.glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'u' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });

  it('DeleteBehavior DEPRECATE_IN_DATABASE (the default) marks a table whose data is gone', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://lake/data/t/a.parquet', await narrow());
    await put(t.s3, 's3://lake/data/u/u.csv', 'k,v\na,1\n');
    await createCrawler(t.glue, 'c', 'lake', ['s3://lake/data/']);
    await crawl(t.glue, 'c');
    await remove(t.s3, 's3://lake/data/u/u.csv');
    await crawl(t.glue, 'c');
    const u = await t.glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'u' }));
    expect(u.Table?.Parameters?.['DEPRECATED_BY_CRAWLER']).toBe('c');
    const versions = await versionCount(t.glue, 'u');
    await crawl(t.glue, 'c');
    expect(await versionCount(t.glue, 'u')).toBe(versions);
  });

  it('CRAWL_NEW_FOLDERS_ONLY adds the new folders and leaves the rest alone', async () => {
    await using t = await startAthenaTestLakebox();
    await createDatabase(t.glue, 'lake');
    await put(t.s3, 's3://lake/t/p=1/a.parquet', await narrow());
    await createCrawler(t.glue, 'c', 'lake', ['s3://lake/t/'], {
      SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
      RecrawlPolicy: { RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
    });
    await crawl(t.glue, 'c');
    await put(t.s3, 's3://lake/t/p=2/a.parquet', await wide());
    await crawl(t.glue, 'c');
    expect(await partitionValues(t.glue, 't')).toEqual(['1', '2']);
    expect(await columns(t.glue, 't')).toEqual(['id bigint', 'qty bigint']);
    // Switching back to a full crawl with UPDATE_IN_DATABASE picks the new column up.
    await t.glue.send(
      new UpdateCrawlerCommand({
        Name: 'c',
        RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
        SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' },
      }),
    );
    await crawl(t.glue, 'c');
    expect(await columns(t.glue, 't')).toEqual(['id bigint', 'qty bigint', 'note string']);
  });
});

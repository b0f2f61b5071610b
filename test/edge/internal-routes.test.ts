import { CreateDatabaseCommand, CreateTableCommand, GetDatabasesCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { rawRequest } from '../support/wire.js';

/** A database with a table in two accounts and two regions, so a reset has everything to clear. */
async function seed(t: TestLakebox): Promise<void> {
  for (const glue of [t.glue, t.glueFor({ accountId: '111122223333' }), t.glueFor({ region: 'eu-west-1' })]) {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' }, Tags: { team: 'data' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 't' } }));
  }
}

async function databaseCounts(t: TestLakebox): Promise<number[]> {
  const counts: number[] = [];
  for (const glue of [t.glue, t.glueFor({ accountId: '111122223333' }), t.glueFor({ region: 'eu-west-1' })]) {
    counts.push((await glue.send(new GetDatabasesCommand({}))).DatabaseList?.length ?? -1);
  }
  return counts;
}

describe('internal routes', () => {
  it('reports health as JSON', async () => {
    await using t = await startTestLakebox();
    const res = await rawRequest(t.endpoint, { method: 'GET', path: '/_lakebox/health' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.json).toMatchObject({
      status: 'running',
      services: { glue: 'available', athena: 'available', s3: 'available', sts: 'available' },
    });
  });

  it.each(['/_lakebox/reset', '/moto-api/reset'])('POST %s clears every account and region', async (path) => {
    await using t = await startTestLakebox();
    await seed(t);
    expect(await databaseCounts(t)).toEqual([1, 1, 1]);

    const res = await rawRequest(t.endpoint, { method: 'POST', path });
    expect(res.status).toBe(200);
    expect(await databaseCounts(t)).toEqual([0, 0, 0]);

    // The server keeps running and the same names can be created again, tags and all.
    await seed(t);
    expect(await databaseCounts(t)).toEqual([1, 1, 1]);
    const { TableList } = await t.glue.send(new GetTablesCommand({ DatabaseName: 'db' }));
    expect(TableList?.map((x) => x.Name)).toEqual(['t']);
  });

  it('does not reset on GET', async () => {
    await using t = await startTestLakebox();
    await seed(t);
    const res = await rawRequest(t.endpoint, { method: 'GET', path: '/_lakebox/reset' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await databaseCounts(t)).toEqual([1, 1, 1]);
  });
});

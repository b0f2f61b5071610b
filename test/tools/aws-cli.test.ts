import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { awsToolEnv, runs, runTool, type ToolResult } from '../support/tools.js';

const hasAws = runs('aws', ['--version']);

const TABLE_INPUT = {
  Name: 'Orders',
  Description: 'made by the AWS CLI',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [{ Name: 'dt', Type: 'string' }],
  StorageDescriptor: {
    Columns: [
      { Name: 'id', Type: 'bigint' },
      { Name: 'amount', Type: 'decimal(10,2)' },
    ],
    Location: 's3://lake/sales/orders/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
};

let t: TestLakebox;
let env: NodeJS.ProcessEnv;

/** `aws glue <args> --output json`, with lakebox's endpoint from AWS_ENDPOINT_URL. */
function glue(...args: string[]): Promise<ToolResult> {
  return runTool('aws', ['glue', ...args, '--output', 'json'], env);
}

/** Run, expect exit 0, parse stdout (empty output is `{}`). */
async function glueJson(...args: string[]): Promise<Record<string, unknown>> {
  const r = await glue(...args);
  expect(r, `aws glue ${args.join(' ')}`).toMatchObject({ code: 0 });
  return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
}

describe.skipIf(!hasAws)(
  hasAws ? 'the AWS CLI against lakebox' : 'the AWS CLI against lakebox (skipped: `aws` is not installed)',
  () => {
    beforeAll(async () => {
      t = await startTestLakebox();
      env = awsToolEnv(t.endpoint);
    });
    afterAll(async () => {
      await t?.[Symbol.asyncDispose]();
    });

    it('creates and lists databases and tables, reads and deletes a table', async () => {
      const before = Date.now();
      await glueJson('create-database', '--database-input', JSON.stringify({ Name: 'Sales', Description: 'cli' }));
      const dbs = await glueJson('get-databases');
      expect(dbs['DatabaseList']).toEqual([
        expect.objectContaining({ Name: 'sales', Description: 'cli', CatalogId: '000000000000' }),
      ]);
      // CLI v1 prints the wire's epoch seconds as they are; v2 prints an ISO 8601 date-time.
      const createTime = (dbs['DatabaseList'] as { CreateTime: number | string }[])[0]?.CreateTime;
      const millis = typeof createTime === 'number' ? createTime * 1000 : Date.parse(createTime ?? '');
      expect(millis).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(millis).toBeLessThanOrEqual(Date.now());

      await glueJson('create-table', '--database-name', 'sales', '--table-input', JSON.stringify(TABLE_INPUT));
      const tables = await glueJson('get-tables', '--database-name', 'sales');
      expect((tables['TableList'] as { Name: string }[]).map((x) => x.Name)).toEqual(['orders']);

      const { Table } = await glueJson('get-table', '--database-name', 'sales', '--name', 'orders');
      expect(Table).toMatchObject({
        Name: 'orders',
        DatabaseName: 'sales',
        Description: 'made by the AWS CLI',
        PartitionKeys: TABLE_INPUT.PartitionKeys,
        StorageDescriptor: { Columns: TABLE_INPUT.StorageDescriptor.Columns, Location: 's3://lake/sales/orders/' },
      });

      await glueJson('delete-table', '--database-name', 'sales', '--name', 'orders');
      const after = await glueJson('get-tables', '--database-name', 'sales');
      expect(after['TableList']).toEqual([]);
    });

    it('prints the EntityNotFoundException and exits non-zero', async () => {
      await glueJson('create-database', '--database-input', JSON.stringify({ Name: 'errs' }));
      const r = await glue('get-table', '--database-name', 'errs', '--name', 'missing');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('An error occurred (EntityNotFoundException) when calling the GetTable operation');
      expect(r.stderr).toContain('Table missing not found.');

      const noDb = await glue('get-tables', '--database-name', 'nowhere');
      expect(noDb.code).not.toBe(0);
      expect(noDb.stderr).toContain('(EntityNotFoundException)');
      expect(noDb.stderr).toContain('Database nowhere not found.');
    });

    it('follows NextToken across pages on its own', async () => {
      await glueJson('create-database', '--database-input', JSON.stringify({ Name: 'many' }));
      const names = Array.from({ length: 130 }, (_, i) => `t${String(i).padStart(3, '0')}`);
      await Promise.all(
        names.map((Name) => t.glue.send(new CreateTableCommand({ DatabaseName: 'many', TableInput: { Name } }))),
      );
      for (const pageSize of [[], ['--page-size', '7']]) {
        const listed = await glueJson('get-tables', '--database-name', 'many', ...pageSize);
        expect((listed['TableList'] as { Name: string }[]).map((x) => x.Name)).toEqual(names);
      }
    });

    it('reaches lakebox through --endpoint-url too', async () => {
      await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'by_flag' } }));
      const { AWS_ENDPOINT_URL: _unset, ...rest } = env;
      const r = await runTool('aws', ['glue', 'get-databases', '--endpoint-url', t.endpoint, '--output', 'json'], rest);
      expect(r.code, r.stderr).toBe(0);
      const names = (JSON.parse(r.stdout) as { DatabaseList: { Name: string }[] }).DatabaseList.map((d) => d.Name);
      expect(names).toContain('by_flag');
    });
  },
);

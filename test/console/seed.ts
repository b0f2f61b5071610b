import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import {
  BatchCreatePartitionCommand,
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTableCommand,
  CreateTriggerCommand,
  type TableInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AthenaTestLakebox, startAthenaTestLakebox, waitForQuery } from '../support/athena.js';

export const JOB_SCRIPT = `import sys
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
print("hello from the console test, greeting=" + args.get("--greeting", "none"))
`;

const ORDERS: TableInput = {
  Name: 'orders',
  Description: 'Orders by year',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'csv', owner: 'data-team' },
  PartitionKeys: [{ Name: 'year', Type: 'string' }],
  StorageDescriptor: {
    Columns: [
      { Name: 'id', Type: 'int' },
      { Name: 'item', Type: 'string', Comment: 'what was sold' },
      { Name: 'amount', Type: 'double' },
    ],
    Location: 's3://lake/orders/',
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': ',' },
    },
  },
};

export interface ConsoleLakebox extends AthenaTestLakebox {
  dataDir: string;
}

/** A second workgroup, with its own (enforced) result location in the `results` bucket. */
export const ANALYSTS = { name: 'sales-analysts', output: 's3://results/analysts/' };

/**
 * A lakebox (with a data directory, for the reconciler state file) seeded through the SDK: database `sales`,
 * partitioned table `orders` with two versions and data, bucket `lake`, a saved query, a pythonshell job
 * `hello`, a crawler and an on-demand trigger, and a reconciler state file with drift; and in Athena a query in
 * `primary`, then workgroup `sales-analysts` with a saved query `analyst revenue` and a (newer) query.
 */
export async function startSeededLakebox(): Promise<ConsoleLakebox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-console-data-'));
  const t = await startAthenaTestLakebox({ dataDir });
  const { glue, s3, athena } = t;
  await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'scripts' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'lake', Key: 'orders/year=2024/part-0.csv', Body: '1,widget,9.5\n2,gadget,20\n' }),
  );
  await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'orders/year=2025/part-0.csv', Body: '3,gizmo,7.25\n' }));
  await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'readme.txt', Body: 'the lake' }));
  await s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: 'hello.py', Body: JOB_SCRIPT }));

  await glue.send(
    new CreateDatabaseCommand({
      DatabaseInput: { Name: 'sales', Description: 'Sales data', LocationUri: 's3://lake/' },
    }),
  );
  await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: ORDERS }));
  // A second version: a column added.
  const sd = ORDERS.StorageDescriptor!;
  await glue.send(
    new UpdateTableCommand({
      DatabaseName: 'sales',
      TableInput: {
        ...ORDERS,
        StorageDescriptor: { ...sd, Columns: [...(sd.Columns ?? []), { Name: 'note', Type: 'string' }] },
      },
    }),
  );
  await glue.send(
    new BatchCreatePartitionCommand({
      DatabaseName: 'sales',
      TableName: 'orders',
      PartitionInputList: ['2024', '2025'].map((year) => ({
        Values: [year],
        StorageDescriptor: { ...sd, Location: `s3://lake/orders/year=${year}/` },
      })),
    }),
  );
  await athena.send(
    new CreateNamedQueryCommand({
      Name: 'big orders',
      Database: 'sales',
      QueryString: 'SELECT * FROM orders WHERE amount > 10',
    }),
  );
  const run = async (input: StartQueryExecutionCommandInput) => {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand(input));
    const q = await waitForQuery(athena, QueryExecutionId ?? '');
    if (q.Status?.State !== 'SUCCEEDED') throw new Error(`seed query failed: ${q.Status?.StateChangeReason}`);
  };
  await run({ QueryString: 'SELECT 1 AS primary_answer', ResultConfiguration: { OutputLocation: t.output } });
  await athena.send(
    new CreateWorkGroupCommand({
      Name: ANALYSTS.name,
      Description: 'The sales analysts',
      Configuration: {
        ResultConfiguration: { OutputLocation: ANALYSTS.output },
        EnforceWorkGroupConfiguration: true,
      },
    }),
  );
  await athena.send(
    new CreateNamedQueryCommand({
      Name: 'analyst revenue',
      Database: 'sales',
      WorkGroup: ANALYSTS.name,
      QueryString: 'SELECT sum(amount) AS revenue FROM orders',
    }),
  );
  await run({
    QueryString: 'SELECT count(*) AS analyst_orders FROM orders',
    QueryExecutionContext: { Database: 'sales' },
    WorkGroup: ANALYSTS.name,
  });
  await glue.send(
    new CreateJobCommand({
      Name: 'hello',
      Role: 'arn:aws:iam::000000000000:role/glue',
      Command: { Name: 'pythonshell', ScriptLocation: 's3://scripts/hello.py', PythonVersion: '3.9' },
      DefaultArguments: { '--greeting': 'default' },
    }),
  );
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'crawled' } }));
  await glue.send(
    new CreateCrawlerCommand({
      Name: 'orders-crawler',
      Role: 'arn:aws:iam::000000000000:role/glue',
      DatabaseName: 'crawled',
      Targets: { S3Targets: [{ Path: 's3://lake/orders/' }] },
    }),
  );
  await glue.send(
    new CreateTriggerCommand({ Name: 'hello-on-demand', Type: 'ON_DEMAND', Actions: [{ JobName: 'hello' }] }),
  );
  // What `lakebox apply` would have left for a spec declaring database sales with another description: drift.
  writeFileSync(
    join(dataDir, '.lakebox-state.json'),
    JSON.stringify({
      version: 1,
      lineage: '00000000-0000-4000-8000-000000000000',
      serial: 1,
      resources: {
        'database.sales': { kind: 'database', id: ['sales'], attributes: { description: 'Sales (as applied)' } },
      },
    }),
  );
  return { ...t, dataDir };
}

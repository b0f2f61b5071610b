/**
 * Glue-style scripts through StartJobRun: job bookmarks (a second run reads only new files), and a script
 * using PySpark API the layer does not support fails its run with `not supported locally: <API>`.
 */
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateJobCommand, GetJobBookmarkCommand, GetJobRunCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type AthenaTestLakebox, startAthenaTestLakebox } from '../support/athena.js';
import { TEST_CREDENTIALS } from '../support/lakebox.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR']);

const BOOKMARKED = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from awsglue.context import GlueContext
from awsglue.job import Job
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ['JOB_NAME', 'input_path', 'output_path'])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)
orders = glueContext.create_dynamic_frame.from_options(
    connection_type='s3', connection_options={'paths': [args['input_path']], 'recurse': True},
    format='csv', format_options={'withHeader': True}, transformation_ctx='orders_source')
print('read', orders.count())
glueContext.write_dynamic_frame.from_options(
    frame=orders, connection_type='s3', connection_options={'path': args['output_path']},
    format='parquet', transformation_ctx='orders_sink')
print('total', spark.read.parquet(args['output_path']).count())
job.commit()
`;

async function createJob(t: AthenaTestLakebox, name: string, script: string, args: Record<string, string>) {
  await t.s3.send(new PutObjectCommand({ Bucket: 'scripts', Key: `${name}.py`, Body: script }));
  await t.glue.send(
    new CreateJobCommand({
      Name: name,
      Role: 'arn:aws:iam::000000000000:role/glue',
      GlueVersion: '4.0',
      Command: { Name: 'glueetl', ScriptLocation: `s3://scripts/${name}.py`, PythonVersion: '3' },
      DefaultArguments: args,
    }),
  );
}

/** The lines a run printed, read through CloudWatch Logs (`/aws-glue/jobs/output`, one stream per run). */
async function printed(t: AthenaTestLakebox, runId: string | undefined): Promise<string[]> {
  const logs = new CloudWatchLogsClient({
    endpoint: t.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    const out = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/aws-glue/jobs/output', logStreamName: runId, startFromHead: true }),
    );
    return (out.events ?? []).flatMap((e) => (e.message ?? '').split('\n')).filter((l) => l !== '');
  } finally {
    logs.destroy();
  }
}

async function run(t: AthenaTestLakebox, name: string) {
  const { JobRunId } = await t.glue.send(new StartJobRunCommand({ JobName: name }));
  for (let i = 0; i < 3000; i++) {
    const { JobRun } = await t.glue.send(new GetJobRunCommand({ JobName: name, RunId: JobRunId }));
    if (FINAL.has(JobRun?.JobRunState ?? '')) return JobRun;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('run did not end');
}

describe('Glue scripts through StartJobRun', () => {
  it('job bookmarks: each run reads only the files no earlier run committed', async () => {
    await using t = await startAthenaTestLakebox();
    for (const Bucket of ['scripts', 'in-data', 'out-data']) await t.s3.send(new CreateBucketCommand({ Bucket }));
    await t.s3.send(new PutObjectCommand({ Bucket: 'in-data', Key: 'orders/a.csv', Body: 'id,amount\n1,10\n2,20\n' }));
    await createJob(t, 'incremental', BOOKMARKED, {
      '--input_path': 's3://in-data/orders/',
      '--output_path': 's3://out-data/orders/',
      '--job-bookmark-option': 'job-bookmark-enable',
    });
    const first = await run(t, 'incremental');
    expect(first?.ErrorMessage).toBeUndefined();
    expect(first?.JobRunState).toBe('SUCCEEDED');

    await t.s3.send(
      new PutObjectCommand({ Bucket: 'in-data', Key: 'orders/b.csv', Body: 'id,amount\n3,30\n4,40\n5,50\n' }),
    );
    const second = await run(t, 'incremental');
    expect(second?.JobRunState).toBe('SUCCEEDED');
    const third = await run(t, 'incremental');
    expect(third?.JobRunState).toBe('SUCCEEDED');

    const { JobBookmarkEntry } = await t.glue.send(new GetJobBookmarkCommand({ JobName: 'incremental' }));
    const state = JSON.parse(JobBookmarkEntry?.JobBookmark ?? '{}') as { sources: Record<string, { files: string[] }> };
    expect(state.sources['orders_source']?.files).toEqual(['s3://in-data/orders/a.csv', 's3://in-data/orders/b.csv']);

    // What each run printed (its output log): 2 rows, then the 3 new ones, then none; the output grows to 5.
    expect(await printed(t, first?.Id)).toEqual(['read 2', 'total 2']);
    expect(await printed(t, second?.Id)).toEqual(['read 3', 'total 5']);
    expect(await printed(t, third?.Id)).toEqual(['read 0', 'total 5']);
  });

  it('unsupported PySpark API fails the run with "not supported locally: <API>"', async () => {
    await using t = await startAthenaTestLakebox();
    await t.s3.send(new CreateBucketCommand({ Bucket: 'scripts' }));
    const script = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
spark.createDataFrame([(1, 'a')], ['id', 'v']).toPandas()
`;
    await createJob(t, 'pandas', script, {});
    const failed = await run(t, 'pandas');
    expect(failed?.JobRunState).toBe('FAILED');
    expect(failed?.ErrorMessage).toBe('NotImplementedError: not supported locally: DataFrame.toPandas');
  });
});

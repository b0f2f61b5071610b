import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthenaClient, GetNamedQueryCommand, ListNamedQueriesCommand } from '@aws-sdk/client-athena';
import { GetCrawlerCommand, GetJobCommand, GetTagsCommand, GetTriggerCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../support/lakebox.js';
import { workspace } from './helpers.js';
import { TARGETS } from './targets.js';

/** Everything but the catalog: an Athena workgroup and named query, a job, a crawler and two triggers. */
const spec = (o: { namedQuery: boolean; query?: string; timeout?: string }) => `
databases: [{ name: lake }]
workgroups:
  - name: analytics
    description: Analysts
    outputLocation: s3://results/athena/
    enforceConfiguration: true
    tags: { team: data }
${
  o.namedQuery
    ? `namedQueries:
  - name: daily
    workgroup: analytics
    database: lake
    description: Daily totals
    query: |
      ${o.query ?? 'SELECT 1'}
`
    : ''
}jobs:
  - name: etl
    role: arn:aws:iam::123456789012:role/glue
    script: etl.py
    scriptLocation: s3://artifacts/scripts/
    glueVersion: "4.0"
    workerType: G.1X
    numberOfWorkers: 2
    ${o.timeout ?? 'timeout: 2880'}
    maxRetries: 0
    maxConcurrentRuns: 1
    defaultArguments: { --input: "s3://lake/raw/", --job-bookmark-option: job-bookmark-enable }
    tags: { team: data }
crawlers:
  - name: raw
    role: arn:aws:iam::123456789012:role/glue
    database: lake
    targets: { s3: [{ path: "s3://lake/raw/" }] }
    schemaChangePolicy: { updateBehavior: UPDATE_IN_DATABASE, deleteBehavior: LOG }
    configuration: '{"Version":1.0,"CrawlerOutput":{"Partitions":{"AddOrUpdateBehavior":"InheritFromTable"}}}'
    tags: { team: data }
triggers:
  - name: nightly
    type: SCHEDULED
    schedule: cron(0 6 * * ? *)
    actions: [{ job: etl, arguments: { --day: today } }]
    tags: { team: data }
  - name: after-etl
    type: CONDITIONAL
    predicate: { conditions: [{ job: etl, state: SUCCEEDED }] }
    actions: [{ crawler: raw }]
`;

const clients = (endpoint: string) => {
  const common = { endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  return {
    athena: new AthenaClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sts: new STSClient(common),
  };
};

/**
 * Jobs, crawlers, triggers, workgroups and named queries against every implementation of the API on this
 * machine. Divergence: moto has no Update* for jobs, crawlers, triggers, workgroups or named queries and no
 * DeleteNamedQuery, so there it checks create → empty plan → destroy (without a named query); the in-place
 * updates run against lakebox.
 */
describe.each(TARGETS)('reconciler kinds contract on $name', (target) => {
  it.skipIf(target.skip !== undefined)(
    'creates jobs, crawlers, triggers and Athena resources, converges, and destroys',
    async () => {
      await using t = await target.start();
      await using ws = workspace(t.endpoint);
      const { athena, s3, sts } = clients(t.endpoint);
      const full = target.name !== 'moto';
      await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
      writeFileSync(join(ws.dir, 'etl.py'), 'print("v1")\n');
      ws.writeSpec(spec({ namedQuery: full }));
      const applied = await ws.run('apply', '--auto-approve');
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const empty = await ws.run('plan', '--detailed-exitcode');
      expect(empty.stdout).toContain('No changes.');
      expect(empty.code).toBe(0);

      // The script was uploaded under its content hash, and the job points at it.
      const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'artifacts' }))).Contents?.map((o) => o.Key);
      expect(keys).toEqual([expect.stringMatching(/^scripts\/etl-[0-9a-f]{16}\.py$/)]);
      const job = (await t.glue.send(new GetJobCommand({ JobName: 'etl' }))).Job!;
      expect(job.Command?.ScriptLocation).toBe(`s3://artifacts/${keys![0]}`);
      expect(job.DefaultArguments).toMatchObject({ '--input': 's3://lake/raw/' });
      const crawler = (await t.glue.send(new GetCrawlerCommand({ Name: 'raw' }))).Crawler!;
      expect(crawler.DatabaseName).toBe('lake');
      const trigger = (await t.glue.send(new GetTriggerCommand({ Name: 'after-etl' }))).Trigger!;
      expect(trigger.Actions).toEqual([expect.objectContaining({ CrawlerName: 'raw' })]);
      const account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
      const tags = await t.glue.send(new GetTagsCommand({ ResourceArn: `arn:aws:glue:us-east-1:${account}:job/etl` }));
      expect(tags.Tags).toEqual({ team: 'data' });

      // Writing out a server default (Timeout 2880) or leaving it out is the same: still no change.
      ws.writeSpec(spec({ namedQuery: full, timeout: '# no timeout' }));
      expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

      if (full) {
        // A named query's text changes in place (UpdateNamedQuery), keeping its id; a new script is a new key.
        const ids = (await athena.send(new ListNamedQueriesCommand({ WorkGroup: 'analytics' }))).NamedQueryIds!;
        writeFileSync(join(ws.dir, 'etl.py'), 'print("v2")\n');
        ws.writeSpec(spec({ namedQuery: true, query: 'SELECT 2' }));
        const plan = JSON.parse((await ws.run('plan', '--json')).stdout);
        const acting = plan.changes.filter((c: { action: string }) => c.action !== 'noop');
        expect(acting.map((c: { address: string; action: string }) => [c.address, c.action])).toEqual([
          ['job.etl', 'update'],
          ['namedQuery.analytics.daily', 'update'],
        ]);
        expect(acting[0].changed.map((c: { path: string }) => c.path)).toEqual(['command.scriptLocation']);
        const again = await ws.run('apply', '--auto-approve');
        expect(again.stderr).toBe('');
        expect(again.code).toBe(0);
        const after = (await athena.send(new ListNamedQueriesCommand({ WorkGroup: 'analytics' }))).NamedQueryIds!;
        expect(after).toEqual(ids);
        const q = (await athena.send(new GetNamedQueryCommand({ NamedQueryId: ids[0] }))).NamedQuery!;
        expect(q.QueryString?.trim()).toBe('SELECT 2');
        expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
      }

      const destroyed = await ws.run('destroy', '--auto-approve');
      expect(destroyed.stderr).toBe('');
      expect(destroyed.code).toBe(0);
      await expect(t.glue.send(new GetJobCommand({ JobName: 'etl' }))).rejects.toMatchObject({
        name: 'EntityNotFoundException',
      });
      athena.destroy();
      s3.destroy();
      sts.destroy();
    },
    120_000,
  );
});

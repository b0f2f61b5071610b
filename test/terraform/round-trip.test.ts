import { join } from 'node:path';
import { AthenaClient, GetWorkGroupCommand, ListNamedQueriesCommand } from '@aws-sdk/client-athena';
import {
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetJobCommand,
  GetTableCommand,
  GetTriggerCommand,
  GetWorkflowCommand,
} from '@aws-sdk/client-glue';
import { HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, TEST_CREDENTIALS } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';
import { lakeResources, NAMES, type Revision } from './resources.js';
import {
  findProviderMirror,
  hasTerraform,
  lakeboxProvider,
  mirroredAwsVersion,
  terraformWorkspace,
} from './terraform.js';

const mirror = hasTerraform ? findProviderMirror() : undefined;
const awsVersion = mirror ? mirroredAwsVersion(mirror) : undefined;

const V1: Revision = {
  description: 'orders, as loaded nightly',
  bytesCutoff: 10_485_760,
  schedule: 'cron(0 2 * * ? *)',
};
const V2: Revision = {
  description: 'orders, loaded hourly',
  bytesCutoff: 20_971_520,
  schedule: 'cron(30 3 ? * MON-FRI *)',
};

/** Terraform's exit code and, when it is not the expected one, what it printed (for the failure message). */
function outcome(r: { code: number; stdout: string; stderr: string }) {
  return { code: r.code, output: r.code === 0 ? '' : `${r.stdout.slice(-6000)}\n${r.stderr.slice(-6000)}` };
}

/**
 * Terraform round trip, as a Terraform user would do it: the aws provider from this machine's filesystem
 * mirror, every endpoint at lakebox. apply → plan is clean (exit 0: lakebox invents no value the config did
 * not set) → an in-place change applies and converges → destroy removes everything (checked through the SDK).
 * Runs where terraform and the provider mirror are installed.
 */
describe.runIf(hasTerraform && mirror !== undefined && awsVersion !== undefined)('terraform round trip', () => {
  it('applies, plans clean, updates in place, converges and destroys', { timeout: 900_000 }, async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    const athena = new AthenaClient({
      endpoint: t.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const ws = terraformWorkspace(
        join(process.env['TMPDIR'] ?? '/tmp', `tf-round-trip-${process.pid}`),
        mirror ?? '',
      );
      const config = (rev: Revision) => lakeboxProvider(t.endpoint, awsVersion ?? '') + lakeResources(rev);

      ws.writeConfig(config(V1));
      expect(outcome(await ws.run(['init', '-input=false', '-no-color']))).toEqual({ code: 0, output: '' });
      expect(outcome(await ws.run(['apply', '-auto-approve', '-input=false', '-no-color']))).toEqual({
        code: 0,
        output: '',
      });

      const table = await t.glue.send(new GetTableCommand({ DatabaseName: NAMES.database, Name: NAMES.table }));
      expect(table.Table?.PartitionKeys?.map((k) => [k.Name, k.Type])).toEqual([['dt', 'string']]);
      expect(table.Table?.Description).toBe(V1.description);
      const job = await t.glue.send(new GetJobCommand({ JobName: NAMES.job }));
      expect(job.Job?.Command).toMatchObject({ Name: 'pythonshell' });
      const crawler = await t.glue.send(new GetCrawlerCommand({ Name: NAMES.crawler }));
      expect(crawler.Crawler?.Targets?.S3Targets?.[0]?.Path).toBe(`s3://${NAMES.bucket}/silver/`);
      const trigger = await t.glue.send(new GetTriggerCommand({ Name: NAMES.trigger }));
      expect(trigger.Trigger).toMatchObject({ Type: 'CONDITIONAL', State: 'ACTIVATED' });
      const nightly = await t.glue.send(new GetTriggerCommand({ Name: NAMES.scheduledTrigger }));
      expect(nightly.Trigger).toMatchObject({ Type: 'SCHEDULED', State: 'ACTIVATED', Schedule: V1.schedule });

      // exit 0: no changes; 2 would mean lakebox answered something the config did not say.
      const clean = (label: string) =>
        ws.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']).then((r) => ({ label, ...outcome(r) }));
      expect(await clean('after create')).toEqual({ label: 'after create', code: 0, output: '' });

      ws.writeConfig(config(V2));
      const update = await ws.run(['apply', '-auto-approve', '-input=false', '-no-color']);
      expect(outcome(update)).toEqual({ code: 0, output: '' });
      expect(update.stdout).toMatch(/0 added, \d+ changed, 0 destroyed/);
      expect(await clean('after update')).toEqual({ label: 'after update', code: 0, output: '' });
      const updated = await t.glue.send(new GetTableCommand({ DatabaseName: NAMES.database, Name: NAMES.table }));
      expect(updated.Table?.Description).toBe(V2.description);
      const renewed = await t.glue.send(new GetTriggerCommand({ Name: NAMES.scheduledTrigger }));
      expect(renewed.Trigger).toMatchObject({ State: 'ACTIVATED', Schedule: V2.schedule });
      const workflow = await t.glue.send(new GetWorkflowCommand({ Name: NAMES.workflow, IncludeGraph: true }));
      expect(workflow.Workflow?.Description).toBe(V2.description);
      expect(workflow.Workflow?.Graph?.Nodes?.map((n) => n.Name).sort()).toEqual([NAMES.job, NAMES.workflowTrigger]);
      const wg = await athena.send(new GetWorkGroupCommand({ WorkGroup: NAMES.workgroup }));
      expect(wg.WorkGroup?.Configuration?.BytesScannedCutoffPerQuery).toBe(V2.bytesCutoff);

      expect(outcome(await ws.run(['destroy', '-auto-approve', '-input=false', '-no-color']))).toEqual({
        code: 0,
        output: '',
      });

      const gone = (p: Promise<unknown>) =>
        p.then(
          () => 'exists',
          (e: Error) => e.name,
        );
      expect(await gone(t.glue.send(new GetDatabaseCommand({ Name: NAMES.database })))).toBe('EntityNotFoundException');
      expect(await gone(s3.send(new HeadBucketCommand({ Bucket: NAMES.bucket })))).toBe('NotFound');
      expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
      expect(await gone(athena.send(new GetWorkGroupCommand({ WorkGroup: NAMES.workgroup })))).toBe(
        'InvalidRequestException',
      );
      const queries = await athena.send(new ListNamedQueriesCommand({ WorkGroup: 'primary' }));
      expect(queries.NamedQueryIds ?? []).toEqual([]);
      expect(await gone(t.glue.send(new GetJobCommand({ JobName: NAMES.job })))).toBe('EntityNotFoundException');
      expect(await gone(t.glue.send(new GetCrawlerCommand({ Name: NAMES.crawler })))).toBe('EntityNotFoundException');
      expect(await gone(t.glue.send(new GetWorkflowCommand({ Name: NAMES.workflow })))).toBe('EntityNotFoundException');
      for (const name of [NAMES.trigger, NAMES.scheduledTrigger, NAMES.workflowTrigger]) {
        expect(await gone(t.glue.send(new GetTriggerCommand({ Name: name })))).toBe('EntityNotFoundException');
      }
    } finally {
      s3.destroy();
      athena.destroy();
    }
  });
});

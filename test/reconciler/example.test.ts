import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetJobRunCommand, GetTriggerCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadSpec } from '@lakebox/reconciler';
import { describe, expect, it } from 'vitest';
import { type AthenaTestLakebox, allRows, runQuery, startAthenaTestLakebox, values } from '../support/athena.js';
import { REPO_ROOT } from '../support/process.js';
import { type Workspace, workspace } from './helpers.js';

const EXAMPLE = join(REPO_ROOT, 'examples/sales-pipeline');

/** examples/sales-pipeline as its README tells a newcomer to run it: generate, upload, apply, run, query. */
describe('examples/sales-pipeline', () => {
  it('carries no lakebox-only value: no endpoint, host or port anywhere in the spec', async () => {
    const spec = await loadSpec(join(EXAMPLE, 'lakebox.yaml'));
    expect(JSON.stringify(spec.config)).not.toMatch(/endpoint|localhost|127\.0\.0\.1|4566|lakebox/i);
  });

  it('validates, applies to a live lakebox and plans empty', async () => {
    await using t = await startAthenaTestLakebox();
    await using ws = workspace(t.endpoint);
    const spec = await deploy(t, ws);
    const destroyed = await ws.run('destroy', '--auto-approve', ...spec);
    expect(destroyed.stderr).toBe('');
    expect(destroyed.code).toBe(0);
  }, 60_000);

  it('runs the deployed job on lakebox and queries silver through the workgroup', async () => {
    await using t = await startAthenaTestLakebox();
    await using ws = workspace(t.endpoint);
    const spec = await deploy(t, ws);
    // Run the job by hand (the trigger would at 06:00), then query silver through the workgroup.
    const { JobRunId } = await t.glue.send(new StartJobRunCommand({ JobName: 'sales-bronze-to-silver' }));
    let run = (await t.glue.send(new GetJobRunCommand({ JobName: 'sales-bronze-to-silver', RunId: JobRunId }))).JobRun!;
    for (
      let i = 0;
      i < 600 && !['SUCCEEDED', 'FAILED', 'ERROR', 'TIMEOUT', 'STOPPED'].includes(run.JobRunState!);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await t.glue.send(new GetJobRunCommand({ JobName: 'sales-bronze-to-silver', RunId: JobRunId }))).JobRun!;
    }
    expect(run.ErrorMessage ?? '').toBe('');
    expect(run.JobRunState).toBe('SUCCEEDED');

    const repair = await runQuery(t, {
      QueryString: 'MSCK REPAIR TABLE sales_silver.orders',
      WorkGroup: 'sales-analysts',
    });
    expect(repair.Status?.StateChangeReason ?? '').toBe('');
    const q = await runQuery(t, {
      QueryString: 'SELECT count(*), count(DISTINCT dt), min(amount) > 0 FROM sales_silver.orders',
      WorkGroup: 'sales-analysts',
    });
    expect(q.Status?.StateChangeReason ?? '').toBe('');
    const rows = (await allRows(t.athena, q.QueryExecutionId!)).rows.map(values);
    const [count, days, positive] = rows[1]!;
    expect(Number(count)).toBeGreaterThan(300);
    expect(Number(count)).toBeLessThan(400);
    expect(days).toBe('3');
    expect(positive).toBe('true');
    // The job and what the crawler or Athena wrote are not changes to the spec.
    expect((await ws.run('plan', '--detailed-exitcode', ...spec)).code).toBe(0);
  }, 180_000);
});

/** Generate data, upload it, validate and apply the example, and check the plan is then empty. */
async function deploy(t: AthenaTestLakebox, ws: Workspace): Promise<string[]> {
  const data = mkdtempSync(join(tmpdir(), 'sales-data-'));
  execFileSync(process.execPath, [join(EXAMPLE, 'generate-data.mjs'), '--orders', '400', '--days', '3', '--out', data]);
  await t.s3.send(new CreateBucketCommand({ Bucket: 'sales-lake' }));
  const bronze = join(data, 'bronze/orders');
  for (const file of readdirSync(bronze))
    await t.s3.send(
      new PutObjectCommand({
        Bucket: 'sales-lake',
        Key: `bronze/orders/${file}`,
        Body: readFileSync(join(bronze, file)),
      }),
    );

  const spec = ['--spec', join(EXAMPLE, 'lakebox.yaml'), '--state', join(ws.dir, 'state.json')];
  const valid = await ws.run('validate', ...spec);
  expect(valid.stderr).toBe('');
  expect(valid.stdout).toContain('The spec is valid: 10 resources in 1 file(s).');
  const applied = await ws.run('apply', '--auto-approve', ...spec);
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  const again = await ws.run('plan', '--detailed-exitcode', ...spec);
  expect(again.stdout).toContain('No changes.');
  expect(again.code).toBe(0);
  const daily = (await t.glue.send(new GetTriggerCommand({ Name: 'sales-daily' }))).Trigger!;
  expect(daily).toMatchObject({ Type: 'SCHEDULED', Schedule: 'cron(0 6 * * ? *)', State: 'ACTIVATED' });

  return spec;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  GetCrawlerCommand,
  GetJobCommand,
  GetTriggerCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, TEST_CREDENTIALS } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const spec = (o: {
  timeout?: number;
  schedule?: string;
  enabled?: boolean;
  type?: string;
  crawlerSchedule?: string;
}) => `
databases: [{ name: lake }]
jobs:
  - name: etl
    role: arn:aws:iam::123456789012:role/service-role/glue
    type: pythonshell
    script: etl.py
    scriptLocation: s3://artifacts/scripts
    timeout: ${o.timeout ?? 60}
    defaultArguments: { --input: "s3://lake/raw/" }
crawlers:
  - name: raw
    role: arn:aws:iam::123456789012:role/service-role/glue
    database: lake
    targets: { s3: [{ path: "s3://lake/raw/", exclusions: ["**.tmp"] }] }
${o.crawlerSchedule ? `    schedule: ${o.crawlerSchedule}\n` : ''}triggers:
  - name: daily
    type: ${o.type ?? 'SCHEDULED'}
${(o.type ?? 'SCHEDULED') === 'SCHEDULED' ? `    schedule: ${o.schedule ?? 'cron(0 6 * * ? *)'}\n    enabled: ${o.enabled ?? false}\n` : ''}    actions: [{ job: etl }]
`;

describe('reconciler: Glue jobs, crawlers and triggers on lakebox', () => {
  it('updates in place, keeps what others wrote, toggles a trigger, and replaces one only for its type', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    const s3 = new S3Client({
      endpoint: t.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
    writeFileSync(join(ws.dir, 'etl.py'), 'print("hello")\n');
    ws.writeSpec(spec({}));
    const first = await ws.run('apply', '--auto-approve');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    // Someone adds a job argument outside the tool: not a change, and kept by the next update.
    const live = (await t.glue.send(new GetJobCommand({ JobName: 'etl' }))).Job!;
    await t.glue.send(
      new UpdateJobCommand({
        JobName: 'etl',
        JobUpdate: {
          Role: live.Role,
          Command: live.Command,
          Timeout: live.Timeout,
          DefaultArguments: { ...live.DefaultArguments, '--extra': 'theirs' },
        },
      }),
    );
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    ws.writeSpec(
      spec({ timeout: 120, schedule: 'cron(0 7 * * ? *)', enabled: true, crawlerSchedule: 'cron(0 8 * * ? *)' }),
    );
    const plan = JSON.parse((await ws.run('plan', '--json')).stdout);
    const acting = plan.changes.filter((c: { action: string }) => c.action !== 'noop');
    expect(acting).toMatchObject([
      { address: 'job.etl', action: 'update', changed: [{ path: 'timeout', before: 60, after: 120 }] },
      { address: 'crawler.raw', action: 'update', changed: [{ path: 'schedule', after: 'cron(0 8 * * ? *)' }] },
      {
        address: 'trigger.daily',
        action: 'update',
        changed: [
          { path: 'enabled', after: true },
          { path: 'schedule', before: 'cron(0 6 * * ? *)', after: 'cron(0 7 * * ? *)' },
        ],
      },
    ]);
    const applied = await ws.run('apply', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const job = (await t.glue.send(new GetJobCommand({ JobName: 'etl' }))).Job!;
    expect(job.Timeout).toBe(120);
    expect(job.DefaultArguments).toEqual({ '--input': 's3://lake/raw/', '--extra': 'theirs' });
    const crawler = (await t.glue.send(new GetCrawlerCommand({ Name: 'raw' }))).Crawler!;
    expect(crawler.Schedule?.ScheduleExpression).toBe('cron(0 8 * * ? *)');
    const trigger = (await t.glue.send(new GetTriggerCommand({ Name: 'daily' }))).Trigger!;
    expect(trigger.Schedule).toBe('cron(0 7 * * ? *)');
    expect(trigger.State).toBe('ACTIVATED');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    // UpdateTrigger cannot change the type: delete, then create, marked DS104.
    ws.writeSpec(spec({ timeout: 120, type: 'ON_DEMAND', crawlerSchedule: 'cron(0 8 * * ? *)' }));
    const replace = JSON.parse((await ws.run('plan', '--json')).stdout);
    expect(replace.changes.filter((c: { action: string }) => c.action !== 'noop')).toMatchObject([
      { address: 'trigger.daily', action: 'replace', requiresReplace: ['type'], lint: ['DS104'] },
    ]);
    expect((await ws.run('apply', '--auto-approve')).code).toBe(1);
    expect((await ws.run('apply', '--auto-approve', '--allow-destructive')).code).toBe(0);
    expect((await t.glue.send(new GetTriggerCommand({ Name: 'daily' }))).Trigger?.Type).toBe('ON_DEMAND');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    // Deleting a job is destructive (its run history goes): DS105, refused without the flag.
    ws.writeSpec('databases: [{ name: lake }]\n');
    const gone = await ws.run('apply', '--auto-approve');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('job.etl [DS105]');
    expect((await ws.run('apply', '--auto-approve', '--allow-destructive')).code).toBe(0);
    s3.destroy();
  });

  it('checks cross-references and the job script before any call', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(`
jobs:
  - { name: etl, role: r, script: missing.py }
crawlers:
  - { name: c, role: r, database: nowhere, targets: { s3: [{ path: "lake/raw" }] } }
triggers:
  - { name: t, type: SCHEDULED, actions: [{ job: etl, crawler: c }] }
  - { name: u, type: ON_DEMAND, actions: [{ job: ghost }] }
`);
    const invalid = await ws.run('validate');
    expect(invalid.code).toBe(1);
    const lines = invalid.stderr
      .trim()
      .split('\n')
      .map((l) => l.replace(/^.*lakebox\.yaml/, 'lakebox.yaml'));
    expect(lines).toEqual([
      expect.stringMatching(/^lakebox\.yaml:3:35: jobs\[0\]\.script: expected a file, none at .*missing\.py$/),
      'lakebox.yaml:3:35: jobs[0].script: a local script needs scriptLocation (s3://bucket/prefix/) to upload it to',
      'lakebox.yaml:5:68: crawlers[0].targets.s3[0].path: expected s3://bucket/prefix/',
      'lakebox.yaml:7:5: triggers[0].schedule: expected a schedule for a SCHEDULED trigger, e.g. cron(0 6 * * ? *)',
      'lakebox.yaml:7:43: triggers[0].actions[0]: expected exactly one of job or crawler',
      '5 error(s) in the spec.',
    ]);

    writeFileSync(join(ws.dir, 'etl.py'), 'print(1)\n');
    ws.writeSpec(`
jobs:
  - { name: etl, role: r, script: etl.py, scriptLocation: "s3://artifacts/" }
crawlers:
  - { name: c, role: r, database: nowhere, targets: { s3: [{ path: "s3://lake/raw/" }] } }
triggers:
  - { name: u, type: ON_DEMAND, actions: [{ job: ghost }, { crawler: c }] }
`);
    const plan = await ws.run('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('crawler.c: database.nowhere is neither declared in the spec nor exists');
    expect(plan.stdout).toContain('trigger.u: job.ghost is neither declared in the spec nor exists');
  });

  it('adopts a crawler made by hand with lakebox import; the next plan shows only what differs', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lake' } }));
    await t.glue.send(
      new CreateCrawlerCommand({
        Name: 'raw',
        Role: 'glue',
        DatabaseName: 'lake',
        Targets: { S3Targets: [{ Path: 's3://lake/raw/' }] },
        Description: 'made by hand',
      }),
    );
    ws.writeSpec(`
crawlers:
  - { name: raw, role: glue, database: lake, description: managed now, targets: { s3: [{ path: "s3://lake/raw/" }] } }
`);
    const refused = await ws.run('plan');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('crawler.raw already exists and this state does not manage it');
    const imported = await ws.run('import', 'crawler.raw');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const plan = JSON.parse((await ws.run('plan', '--json')).stdout);
    expect(plan.changes.filter((c: { action: string }) => c.action !== 'noop')).toMatchObject([
      {
        address: 'crawler.raw',
        action: 'update',
        changed: [{ path: 'description', before: 'made by hand', after: 'managed now' }],
      },
    ]);
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    expect((await t.glue.send(new GetCrawlerCommand({ Name: 'raw' }))).Crawler?.Description).toBe('managed now');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});

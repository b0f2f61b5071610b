import { join } from 'node:path';
import { GetJobCommand, GetTagsCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import {
  findProviderMirror,
  hasTerraform,
  lakeboxProvider,
  mirroredAwsVersion,
  terraformWorkspace,
} from '../terraform/terraform.js';

const mirror = hasTerraform ? findProviderMirror() : undefined;
const awsVersion = mirror ? mirroredAwsVersion(mirror) : undefined;

const jobs = (description: string) => `
resource "aws_glue_job" "minimal" {
  name     = "minimal"
  role_arn = "arn:aws:iam::000000000000:role/glue"
  command {
    script_location = "s3://scripts/minimal.py"
  }
}

resource "aws_glue_job" "full" {
  name              = "full"
  description       = "${description}"
  role_arn          = "arn:aws:iam::000000000000:role/glue"
  glue_version      = "4.0"
  worker_type       = "G.1X"
  number_of_workers = 2
  timeout           = 60
  max_retries       = 1
  execution_class   = "STANDARD"
  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://scripts/full.py"
  }
  default_arguments = {
    "--job-bookmark-option" = "job-bookmark-enable"
  }
  non_overridable_arguments = {
    "--fixed" = "1"
  }
  execution_property {
    max_concurrent_runs = 3
  }
  tags = {
    team = "data"
  }
}

resource "aws_glue_job" "shell" {
  name         = "shell"
  role_arn     = "arn:aws:iam::000000000000:role/glue"
  max_capacity = 1
  command {
    name            = "pythonshell"
    python_version  = "3.9"
    script_location = "s3://scripts/shell.py"
  }
}
`;

function outcome(r: { code: number; stdout: string; stderr: string }) {
  return { code: r.code, output: r.code === 0 ? '' : `${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}` };
}

/** aws_glue_job against lakebox: apply, then a plan is clean (lakebox fills in only what AWS fills in). */
describe.runIf(hasTerraform && mirror !== undefined && awsVersion !== undefined)('terraform aws_glue_job', () => {
  it('applies, plans clean, updates in place and destroys', { timeout: 600_000 }, async () => {
    await using t = await startTestLakebox();
    const ws = terraformWorkspace(join(process.env['TMPDIR'] ?? '/tmp', `tf-glue-jobs-${process.pid}`), mirror ?? '');
    const config = (d: string) => lakeboxProvider(t.endpoint, awsVersion ?? '') + jobs(d);
    ws.writeConfig(config('first'));
    expect(outcome(await ws.run(['init', '-input=false', '-no-color']))).toEqual({ code: 0, output: '' });
    expect(outcome(await ws.run(['apply', '-auto-approve', '-input=false', '-no-color']))).toEqual({
      code: 0,
      output: '',
    });
    const plan = ['plan', '-detailed-exitcode', '-input=false', '-no-color'];
    expect(outcome(await ws.run(plan))).toEqual({ code: 0, output: '' });
    const { Job: full } = await t.glue.send(new GetJobCommand({ JobName: 'full' }));
    expect(full).toMatchObject({
      Description: 'first',
      NumberOfWorkers: 2,
      ExecutionProperty: { MaxConcurrentRuns: 3 },
    });
    const tags = await t.glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:job/full' }));
    expect(tags.Tags).toEqual({ team: 'data' });

    ws.writeConfig(config('second'));
    expect(outcome(await ws.run(['apply', '-auto-approve', '-input=false', '-no-color']))).toEqual({
      code: 0,
      output: '',
    });
    expect(outcome(await ws.run(plan))).toEqual({ code: 0, output: '' });
    expect((await t.glue.send(new GetJobCommand({ JobName: 'full' }))).Job?.Description).toBe('second');

    expect(outcome(await ws.run(['destroy', '-auto-approve', '-input=false', '-no-color']))).toEqual({
      code: 0,
      output: '',
    });
    await expect(t.glue.send(new GetJobCommand({ JobName: 'minimal' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });
});

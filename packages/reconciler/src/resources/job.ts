import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import {
  CreateJobCommand,
  DeleteJobCommand,
  GetJobCommand,
  GetJobsCommand,
  type Job,
  type JobUpdate,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import type { Attrs, Change, LintCode } from '../diff/model.js';
import { glueArn, mapLimit } from '../live/glue-context.js';
import { s3Sdk } from '../live/sdk.js';
import { int, list, map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { JobSpec } from '../spec/types.js';
import {
  type AwsContext,
  addressOf,
  flattenMap,
  type LiveObject,
  numAttr,
  patchAttrs,
  put,
  type ResourceKind,
  roleName,
  strAttr,
  stringMapOf,
  withoutDefaults,
} from './kind.js';
import { applyTagChanges, readTags } from './tags.js';

/**
 * Glue jobs. Attributes: `role`, `command.name`, `command.scriptLocation`, `command.pythonVersion`,
 * `command.runtime`, `description`, `glueVersion`, `workerType`, `numberOfWorkers`, `timeout`, `maxRetries`,
 * `maxConcurrentRuns`, `executionClass`, `connections`, `defaultArguments.<k>`, `nonOverridableArguments.<k>`,
 * `tags.<k>`. The service's defaults (Timeout 2880, MaxRetries 0, one concurrent run, STANDARD, Python 3) equal
 * their absence, whichever side leaves them out. Fields the service computes (MaxCapacity and
 * AllocatedCapacity from the workers, CreatedOn, LastModifiedOn) are not attributes.
 *
 * A local script is uploaded by apply to `<scriptLocation><name>-<sha256 prefix><ext>`: a new content is a
 * new key, so the plan shows `command.scriptLocation` changing exactly when the file changed.
 */
const DEFAULTS: Attrs = {
  'command.name': 'glueetl',
  'command.pythonVersion': '3',
  timeout: 2880,
  maxRetries: 0,
  maxConcurrentRuns: 1,
  executionClass: 'STANDARD',
};
/** Streaming jobs have no default timeout: theirs is not dropped, nor filled in. */
const { timeout: _, ...STREAMING_DEFAULTS } = DEFAULTS;
const defaultsOf = (command: string | undefined): Attrs =>
  command === 'gluestreaming' ? STREAMING_DEFAULTS : DEFAULTS;

const S3_URI = /^s3:\/\/[^/]+\/.*/;

/** The S3 URI a job's script ends up at (a local file: its content hash names it). */
export function scriptUri(spec: JobSpec): string {
  if (spec.script.startsWith('s3://')) return spec.script;
  const bytes = readFileSync(spec.script);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const ext = extname(spec.script);
  const prefix = (spec.scriptLocation ?? '').replace(/\/?$/, '/');
  return `${prefix}${basename(spec.script, ext)}-${hash}${ext}`;
}

function splitS3(uri: string): { bucket: string; key: string } {
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/** Upload a local script unless an object with its content-hashed name is already there. */
async function uploadScript(ctx: AwsContext, spec: JobSpec): Promise<void> {
  if (spec.script.startsWith('s3://')) return;
  const { bucket, key } = splitS3(scriptUri(spec));
  try {
    await ctx.s3.send(new (await s3Sdk()).HeadObjectCommand({ Bucket: bucket, Key: key }));
    return;
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && (e as Error).name !== 'NotFound') throw e;
  }
  await ctx.s3.send(
    new (await s3Sdk()).PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(spec.script) }),
  );
}

export function flattenJobSpec(spec: JobSpec): Attrs {
  const out: Attrs = {};
  put(out, 'role', roleName(spec.role));
  put(out, 'command.name', spec.type ?? 'glueetl');
  put(
    out,
    'command.scriptLocation',
    existsSync(spec.script) || spec.script.startsWith('s3://') ? scriptUri(spec) : spec.script,
  );
  put(out, 'command.pythonVersion', spec.pythonVersion);
  put(out, 'command.runtime', spec.runtime);
  put(out, 'description', spec.description);
  put(out, 'glueVersion', spec.glueVersion);
  put(out, 'workerType', spec.workerType);
  put(out, 'numberOfWorkers', spec.numberOfWorkers);
  put(out, 'timeout', spec.timeout);
  put(out, 'maxRetries', spec.maxRetries);
  put(out, 'maxConcurrentRuns', spec.maxConcurrentRuns);
  put(out, 'executionClass', spec.executionClass);
  put(out, 'connections', spec.connections ? [...spec.connections].sort() : undefined);
  return withoutDefaults(
    {
      ...out,
      ...flattenMap('defaultArguments.', spec.defaultArguments),
      ...flattenMap('nonOverridableArguments.', spec.nonOverridableArguments),
      ...flattenMap('tags.', spec.tags),
    },
    defaultsOf(spec.type),
  );
}

/** A live job as attributes. */
export function flattenJob(j: Job): Attrs {
  const out: Attrs = {};
  put(out, 'role', j.Role ? roleName(j.Role) : undefined);
  put(out, 'command.name', j.Command?.Name);
  put(out, 'command.scriptLocation', j.Command?.ScriptLocation);
  put(out, 'command.pythonVersion', j.Command?.PythonVersion);
  put(out, 'command.runtime', j.Command?.Runtime);
  put(out, 'description', j.Description || undefined);
  put(out, 'glueVersion', j.GlueVersion);
  put(out, 'workerType', j.WorkerType);
  put(out, 'numberOfWorkers', j.NumberOfWorkers);
  put(out, 'timeout', j.Timeout);
  put(out, 'maxRetries', j.MaxRetries);
  put(out, 'maxConcurrentRuns', j.ExecutionProperty?.MaxConcurrentRuns);
  put(out, 'executionClass', j.ExecutionClass);
  put(out, 'connections', j.Connections?.Connections ? [...j.Connections.Connections].sort() : undefined);
  return withoutDefaults(
    {
      ...out,
      ...flattenMap('defaultArguments.', j.DefaultArguments),
      ...flattenMap('nonOverridableArguments.', j.NonOverridableArguments),
    },
    defaultsOf(j.Command?.Name),
  );
}

/** The whole job as UpdateJob/CreateJob want it: the target attributes, and live fields this tool does not model. */
function toJobUpdate(target: Attrs, live: Job | undefined, spec: JobSpec | undefined): JobUpdate {
  const connections = target['connections'];
  const workerType = strAttr(target['workerType']);
  return {
    // The role as the spec writes it (an ARN); the attribute holds its name, as Glue may answer with.
    Role: spec && roleName(spec.role) === strAttr(target['role']) ? spec.role : strAttr(target['role']),
    Command: {
      Name: strAttr(target['command.name']) ?? 'glueetl',
      ScriptLocation: strAttr(target['command.scriptLocation']),
      PythonVersion: strAttr(target['command.pythonVersion']) ?? '3',
      ...(strAttr(target['command.runtime']) ? { Runtime: strAttr(target['command.runtime']) } : {}),
    },
    Description: strAttr(target['description']),
    GlueVersion: strAttr(target['glueVersion']),
    WorkerType: workerType as JobUpdate['WorkerType'],
    NumberOfWorkers: numAttr(target['numberOfWorkers']),
    Timeout: numAttr(target['timeout']) ?? (target['command.name'] === 'gluestreaming' ? undefined : 2880),
    MaxRetries: numAttr(target['maxRetries']) ?? 0,
    ExecutionProperty: { MaxConcurrentRuns: numAttr(target['maxConcurrentRuns']) ?? 1 },
    ...(strAttr(target['executionClass']) ? { ExecutionClass: strAttr(target['executionClass']) as 'FLEX' } : {}),
    DefaultArguments: stringMapOf(target, 'defaultArguments.') ?? {},
    ...(stringMapOf(target, 'nonOverridableArguments.')
      ? { NonOverridableArguments: stringMapOf(target, 'nonOverridableArguments.') }
      : {}),
    ...(Array.isArray(connections) ? { Connections: { Connections: connections.map(String) } } : {}),
    // Not modelled here: kept as they are live.
    ...(live?.LogUri ? { LogUri: live.LogUri } : {}),
    ...(live?.NotificationProperty ? { NotificationProperty: live.NotificationProperty } : {}),
    ...(live?.SecurityConfiguration ? { SecurityConfiguration: live.SecurityConfiguration } : {}),
    ...(live?.SourceControlDetails ? { SourceControlDetails: live.SourceControlDetails } : {}),
    ...(live?.MaintenanceWindow ? { MaintenanceWindow: live.MaintenanceWindow } : {}),
    ...(!workerType && live?.MaxCapacity !== undefined && !live.WorkerType ? { MaxCapacity: live.MaxCapacity } : {}),
  };
}

export const jobKind: ResourceKind<JobSpec> = {
  kind: 'job',
  group: 'etl',
  specKey: 'jobs',
  schema: obj(
    {
      name: req(str('The job name (case matters).')),
      role: req(str('The IAM role the job runs as (name or ARN).')),
      type: opt(
        str('The command: glueetl (default), pythonshell ...', {
          enum: ['glueetl', 'pythonshell', 'gluestreaming', 'glueray'],
        }),
      ),
      script: req(str('A local file relative to the spec (uploaded by apply) or an s3:// URI.')),
      scriptLocation: opt(str('s3://bucket/prefix/ a local script is uploaded to (named by its content hash).')),
      pythonVersion: opt(str()),
      runtime: opt(str()),
      description: opt(str()),
      glueVersion: opt(str('e.g. "4.0" (quote it in YAML)')),
      workerType: opt(str('G.1X, G.2X ...')),
      numberOfWorkers: opt(int(1)),
      timeout: opt(int(1, 'Minutes; the default is 2880.')),
      maxRetries: opt(int(0)),
      maxConcurrentRuns: opt(int(1)),
      defaultArguments: opt(map(str(), 'Job arguments (--key: value); keys not written here are left alone.')),
      nonOverridableArguments: opt(map(str())),
      connections: opt(list(str())),
      executionClass: opt(str(undefined, { enum: ['STANDARD', 'FLEX'] })),
      tags: opt(map(str(), 'Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'A Glue job.',
  ),
  id: (spec) => [spec.name],
  dependencies: () => [],
  prepare: (spec, dir) =>
    typeof spec.script === 'string' && !spec.script.startsWith('s3://') && !isAbsolute(spec.script)
      ? { ...spec, script: resolve(dir, spec.script) }
      : spec,
  check(spec) {
    const issues: { path: (string | number)[]; message: string }[] = [];
    if (spec.script.startsWith('s3://')) {
      if (!S3_URI.test(spec.script)) issues.push({ path: ['script'], message: 'expected s3://bucket/key' });
    } else {
      if (!existsSync(spec.script))
        issues.push({ path: ['script'], message: `expected a file, none at ${spec.script}` });
      if (spec.scriptLocation === undefined)
        issues.push({
          path: ['script'],
          message: 'a local script needs scriptLocation (s3://bucket/prefix/) to upload it to',
        });
    }
    if (spec.scriptLocation !== undefined && !/^s3:\/\/[^/]+/.test(spec.scriptLocation))
      issues.push({ path: ['scriptLocation'], message: 'expected s3://bucket/prefix/' });
    if ((spec.workerType === undefined) !== (spec.numberOfWorkers === undefined))
      issues.push({ path: ['workerType'], message: 'expected workerType and numberOfWorkers together' });
    return issues;
  },
  references: () => [],
  immutable: [],
  owned: () => [],
  flattenSpec: flattenJobSpec,
  async read(ctx, wanted) {
    const jobs: Job[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.glue.send(new GetJobsCommand({ NextToken: token }));
      jobs.push(...(page.Jobs ?? []));
      token = page.NextToken;
    } while (token);
    const objects = new Map<string, LiveObject>();
    await mapLimit(
      jobs.filter((j) => wanted.has(addressOf('job', [j.Name ?? '']))),
      8,
      async (j) => {
        const id = [j.Name ?? ''];
        const address = addressOf('job', id);
        const tags = wanted.get(address)?.has('tags') ? await readTags(ctx, await glueArn(ctx, `job/${id[0]}`)) : {};
        objects.set(address, { address, id, attrs: { ...flattenJob(j), ...tags } });
      },
    );
    return { addresses: jobs.map((j) => addressOf('job', [j.Name ?? ''])), objects };
  },
  lint: (change: Change): LintCode[] => (change.action === 'delete' ? ['DS105'] : []),
  async create(ctx, change) {
    const spec = change.spec as JobSpec;
    await uploadScript(ctx, spec);
    const update = toJobUpdate(change.after ?? {}, undefined, spec);
    await ctx.glue.send(
      new CreateJobCommand({
        Name: spec.name,
        ...update,
        Role: update.Role ?? spec.role,
        Command: update.Command ?? { Name: 'glueetl' },
        Tags: stringMapOf(change.after ?? {}, 'tags.'),
      }),
    );
  },
  async update(ctx, change) {
    const name = change.id[0]!;
    const nonTag = change.changed.filter((c) => !c.path.startsWith('tags.'));
    if (nonTag.length > 0) {
      if (change.spec) await uploadScript(ctx, change.spec as JobSpec);
      const live = (await ctx.glue.send(new GetJobCommand({ JobName: name }))).Job;
      if (!live) throw new Error(`job ${name} no longer exists`);
      const target = patchAttrs(flattenJob(live), nonTag);
      await ctx.glue.send(
        new UpdateJobCommand({
          JobName: name,
          JobUpdate: toJobUpdate(target, live, change.spec as JobSpec | undefined),
        }),
      );
    }
    await applyTagChanges(ctx, await glueArn(ctx, `job/${name}`), change.changed);
  },
  async delete(ctx, change) {
    await ctx.glue.send(new DeleteJobCommand({ JobName: change.id[0] }));
  },
};

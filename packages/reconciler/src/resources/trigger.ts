import {
  type Action,
  type Condition,
  CreateTriggerCommand,
  DeleteTriggerCommand,
  GetTriggerCommand,
  GetTriggersCommand,
  StartTriggerCommand,
  StopTriggerCommand,
  type Trigger,
  UpdateTriggerCommand,
} from '@aws-sdk/client-glue';
import type { Attrs, AttrValue, Change } from '../diff/model.js';
import { glueArn, mapLimit } from '../live/glue-context.js';
import { bool, int, list, map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { TriggerActionSpec, TriggerConditionSpec, TriggerSpec } from '../spec/types.js';
import {
  addressOf,
  boolAttr,
  flattenMap,
  type LiveObject,
  patchAttrs,
  put,
  type ResourceKind,
  strAttr,
  stringMapOf,
  withoutDefaults,
} from './kind.js';
import { applyTagChanges, readTags } from './tags.js';

/**
 * Glue triggers. Attributes: `type` (changing it replaces the trigger: UpdateTrigger cannot), `schedule`,
 * `description`, `enabled` (ACTIVATED or not; StartTrigger/StopTrigger), `actions` (a list, in order),
 * `predicate.logical`, `predicate.conditions` (sorted: conditions are a set), `tags.<k>`. Defaults (logical
 * AND, the EQUALS operator, not enabled) equal their absence.
 */
const DEFAULTS: Attrs = { 'predicate.logical': 'AND', enabled: false };

/** How long a delete waits for Glue to finish deleting a trigger in the background. */
const DELETE_WAIT_MS = 5 * 60_000;

const byJson = (a: AttrValue, b: AttrValue) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function actionsValue(actions: readonly TriggerActionSpec[]): AttrValue {
  return actions.map((a) => {
    const out: Attrs = {};
    put(out, 'job', a.job);
    put(out, 'crawler', a.crawler);
    if (a.arguments && Object.keys(a.arguments).length > 0) out['arguments'] = { ...a.arguments };
    put(out, 'timeout', a.timeout);
    return out;
  });
}

function conditionsValue(conditions: readonly TriggerConditionSpec[]): AttrValue {
  return conditions
    .map((c) => {
      const out: Attrs = {};
      put(out, 'job', c.job);
      put(out, 'crawler', c.crawler);
      put(out, 'state', c.state);
      put(out, 'crawlState', c.crawlState);
      return out;
    })
    .sort(byJson);
}

export function flattenTriggerSpec(spec: TriggerSpec): Attrs {
  const out: Attrs = {};
  put(out, 'type', spec.type);
  put(out, 'schedule', spec.schedule);
  put(out, 'description', spec.description);
  put(out, 'enabled', spec.enabled);
  put(out, 'actions', actionsValue(spec.actions));
  put(out, 'predicate.logical', spec.predicate?.logical);
  put(out, 'predicate.conditions', spec.predicate ? conditionsValue(spec.predicate.conditions) : undefined);
  return withoutDefaults({ ...out, ...flattenMap('tags.', spec.tags) }, DEFAULTS);
}

/** A live trigger as attributes. */
export function flattenTrigger(t: Trigger): Attrs {
  const out: Attrs = {};
  put(out, 'type', t.Type);
  put(out, 'schedule', t.Schedule || undefined);
  put(out, 'description', t.Description || undefined);
  put(out, 'enabled', t.State === 'ACTIVATED' || t.State === 'ACTIVATING');
  put(
    out,
    'actions',
    actionsValue(
      (t.Actions ?? []).map((a) => ({
        ...(a.JobName ? { job: a.JobName } : {}),
        ...(a.CrawlerName ? { crawler: a.CrawlerName } : {}),
        ...(a.Arguments ? { arguments: a.Arguments } : {}),
        ...(a.Timeout !== undefined ? { timeout: a.Timeout } : {}),
      })),
    ),
  );
  put(out, 'predicate.logical', t.Predicate?.Logical);
  put(
    out,
    'predicate.conditions',
    t.Predicate?.Conditions
      ? conditionsValue(
          t.Predicate.Conditions.map((c) => ({
            ...(c.JobName ? { job: c.JobName } : {}),
            ...(c.CrawlerName ? { crawler: c.CrawlerName } : {}),
            ...(c.State ? { state: c.State } : {}),
            ...(c.CrawlState ? { crawlState: c.CrawlState } : {}),
          })),
        )
      : undefined,
  );
  return withoutDefaults(out, DEFAULTS);
}

function toActions(target: Attrs): Action[] {
  return ((target['actions'] ?? []) as TriggerActionSpec[]).map((a) => ({
    ...(a.job ? { JobName: a.job } : {}),
    ...(a.crawler ? { CrawlerName: a.crawler } : {}),
    ...(a.arguments ? { Arguments: a.arguments } : {}),
    ...(a.timeout !== undefined ? { Timeout: a.timeout } : {}),
  }));
}

function toPredicate(target: Attrs) {
  const conditions = target['predicate.conditions'] as TriggerConditionSpec[] | undefined;
  if (!conditions) return undefined;
  return {
    Logical: (strAttr(target['predicate.logical']) ?? 'AND') as 'AND',
    Conditions: conditions.map(
      (c): Condition => ({
        LogicalOperator: 'EQUALS',
        ...(c.job ? { JobName: c.job } : {}),
        ...(c.crawler ? { CrawlerName: c.crawler } : {}),
        ...(c.state ? { State: c.state as 'SUCCEEDED' } : {}),
        ...(c.crawlState ? { CrawlState: c.crawlState as 'SUCCEEDED' } : {}),
      }),
    ),
  };
}

const activatable = (type: string | undefined) => type === 'SCHEDULED' || type === 'CONDITIONAL';

const action = obj({
  job: opt(str('A job name: declared in this spec or existing.')),
  crawler: opt(str('A crawler name: declared in this spec or existing.')),
  arguments: opt(map(str(), 'Job arguments for this run (--key: value).')),
  timeout: opt(int(1)),
});

const condition = obj({
  job: opt(str()),
  crawler: opt(str()),
  state: opt(str('A job run state', { enum: ['SUCCEEDED', 'STOPPED', 'FAILED', 'TIMEOUT'] })),
  crawlState: opt(str('A crawl state', { enum: ['SUCCEEDED', 'CANCELLED', 'FAILED'] })),
});

export const triggerKind: ResourceKind<TriggerSpec> = {
  kind: 'trigger',
  group: 'etl',
  specKey: 'triggers',
  schema: obj(
    {
      name: req(str('The trigger name (case matters).')),
      type: req(str('Changing it replaces the trigger.', { enum: ['SCHEDULED', 'CONDITIONAL', 'ON_DEMAND', 'EVENT'] })),
      schedule: opt(str('SCHEDULED: cron(0 6 * * ? *)')),
      description: opt(str()),
      enabled: opt(bool('SCHEDULED and CONDITIONAL: activated (true) or not.')),
      actions: req(list(action, 'What it starts: a job or a crawler each.')),
      predicate: opt(
        obj({
          logical: opt(str(undefined, { enum: ['AND', 'ANY'] })),
          conditions: req(list(condition)),
        }),
      ),
      tags: opt(map(str(), 'Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'A Glue trigger.',
  ),
  id: (spec) => [spec.name],
  dependencies: (_id, spec) => (spec ? triggerKind.references(spec).map((r) => r.address) : []),
  check(spec) {
    const issues: { path: (string | number)[]; message: string }[] = [];
    if (spec.type === 'SCHEDULED' && !spec.schedule)
      issues.push({
        path: ['schedule'],
        message: 'expected a schedule for a SCHEDULED trigger, e.g. cron(0 6 * * ? *)',
      });
    if (spec.type !== 'SCHEDULED' && spec.schedule !== undefined)
      issues.push({ path: ['schedule'], message: 'expected only with type: SCHEDULED' });
    if (spec.type === 'CONDITIONAL' && !spec.predicate?.conditions.length)
      issues.push({ path: ['predicate'], message: 'expected conditions for a CONDITIONAL trigger' });
    if (spec.enabled !== undefined && !activatable(spec.type))
      issues.push({ path: ['enabled'], message: 'expected only with type SCHEDULED or CONDITIONAL' });
    if (spec.actions.length === 0) issues.push({ path: ['actions'], message: 'expected at least one action' });
    spec.actions.forEach((a, i) => {
      if ((a.job === undefined) === (a.crawler === undefined))
        issues.push({ path: ['actions', i], message: 'expected exactly one of job or crawler' });
    });
    spec.predicate?.conditions.forEach((c, i) => {
      if ((c.job === undefined) === (c.crawler === undefined))
        issues.push({ path: ['predicate', 'conditions', i], message: 'expected exactly one of job or crawler' });
    });
    return issues;
  },
  references: (spec) => {
    const refs: { address: string; path: (string | number)[] }[] = [];
    spec.actions.forEach((a, i) => {
      if (a.job) refs.push({ address: addressOf('job', [a.job]), path: ['actions', i, 'job'] });
      if (a.crawler) refs.push({ address: addressOf('crawler', [a.crawler]), path: ['actions', i, 'crawler'] });
    });
    spec.predicate?.conditions.forEach((c, i) => {
      const path = ['predicate', 'conditions', i];
      if (c.job) refs.push({ address: addressOf('job', [c.job]), path: [...path, 'job'] });
      if (c.crawler) refs.push({ address: addressOf('crawler', [c.crawler]), path: [...path, 'crawler'] });
    });
    return refs;
  },
  immutable: ['type'],
  owned: () => [],
  flattenSpec: flattenTriggerSpec,
  async read(ctx, wanted) {
    const triggers: Trigger[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.glue.send(new GetTriggersCommand({ NextToken: token }));
      triggers.push(...(page.Triggers ?? []));
      token = page.NextToken;
    } while (token);
    const objects = new Map<string, LiveObject>();
    await mapLimit(
      triggers.filter((t) => wanted.has(addressOf('trigger', [t.Name ?? '']))),
      8,
      async (t) => {
        const id = [t.Name ?? ''];
        const address = addressOf('trigger', id);
        const tags = wanted.get(address)?.has('tags')
          ? await readTags(ctx, await glueArn(ctx, `trigger/${id[0]}`))
          : {};
        objects.set(address, { address, id, attrs: { ...flattenTrigger(t), ...tags } });
      },
    );
    return { addresses: triggers.map((t) => addressOf('trigger', [t.Name ?? ''])), objects };
  },
  lint: (change: Change) => (change.action === 'replace' ? ['DS104'] : []),
  async create(ctx, change) {
    const spec = change.spec as TriggerSpec;
    const after = change.after ?? {};
    const predicate = toPredicate(after);
    await ctx.glue.send(
      new CreateTriggerCommand({
        Name: spec.name,
        Type: spec.type,
        ...(strAttr(after['schedule']) ? { Schedule: strAttr(after['schedule']) } : {}),
        ...(strAttr(after['description']) ? { Description: strAttr(after['description']) } : {}),
        Actions: toActions(after),
        ...(predicate ? { Predicate: predicate } : {}),
        ...(activatable(spec.type) ? { StartOnCreation: boolAttr(after['enabled']) === true } : {}),
        Tags: stringMapOf(after, 'tags.'),
      }),
    );
  },
  async update(ctx, change) {
    const name = change.id[0]!;
    const fields = change.changed.filter((c) => !c.path.startsWith('tags.') && c.path !== 'enabled');
    if (fields.length > 0) {
      const live = (await ctx.glue.send(new GetTriggerCommand({ Name: name }))).Trigger;
      if (!live) throw new Error(`trigger ${name} no longer exists`);
      const target = patchAttrs(flattenTrigger(live), fields);
      const predicate = toPredicate(target);
      await ctx.glue.send(
        new UpdateTriggerCommand({
          Name: name,
          TriggerUpdate: {
            Name: name,
            Description: strAttr(target['description']) ?? '',
            ...(strAttr(target['schedule']) ? { Schedule: strAttr(target['schedule']) } : {}),
            Actions: toActions(target),
            ...(predicate ? { Predicate: predicate } : {}),
            ...(live.EventBatchingCondition ? { EventBatchingCondition: live.EventBatchingCondition } : {}),
          },
        }),
      );
    }
    const enabled = change.changed.find((c) => c.path === 'enabled');
    if (enabled) {
      if (enabled.after === true) await ctx.glue.send(new StartTriggerCommand({ Name: name }));
      else await ctx.glue.send(new StopTriggerCommand({ Name: name }));
    }
    await applyTagChanges(ctx, await glueArn(ctx, `trigger/${name}`), change.changed);
  },
  async delete(ctx, change) {
    const name = change.id[0]!;
    await ctx.glue.send(new DeleteTriggerCommand({ Name: name }));
    // Real Glue deletes triggers in the background (DELETING, a minute or two): wait until it is gone, so a
    // replace can create the new one under the same name and a delete is done when it says so.
    const until = Date.now() + DELETE_WAIT_MS;
    for (;;) {
      try {
        await ctx.glue.send(new GetTriggerCommand({ Name: name }));
      } catch (e) {
        if ((e as Error).name === 'EntityNotFoundException') return;
        throw e;
      }
      if (Date.now() > until)
        throw new Error(`trigger ${name} is still being deleted after ${DELETE_WAIT_MS / 60_000} min`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  },
};

import {
  type Crawler,
  type CrawlerTargets,
  CreateCrawlerCommand,
  DeleteCrawlerCommand,
  GetCrawlerCommand,
  GetCrawlersCommand,
  UpdateCrawlerCommand,
} from '@aws-sdk/client-glue';
import type { Attrs, AttrValue, Change } from '../diff/model.js';
import { foldName } from '../diff/values.js';
import { glueArn, mapLimit } from '../live/glue-context.js';
import { int, list, map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { CrawlerSpec } from '../spec/types.js';
import {
  addressOf,
  flattenMap,
  type LiveObject,
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
 * Glue crawlers. Attributes: `role`, `database`, `description`, `targets.s3`, `targets.catalog` (each a list,
 * sorted: targets are a set), `schedule`, `classifiers`, `tablePrefix`, `schemaChangePolicy.updateBehavior`,
 * `schemaChangePolicy.deleteBehavior`, `recrawlPolicy.recrawlBehavior`, `configuration` (JSON with sorted
 * keys), `tags.<k>`. Defaults (UPDATE_IN_DATABASE, DEPRECATE_IN_DATABASE, CRAWL_EVERYTHING) equal their
 * absence; what the service reports about runs (State, LastCrawl, CrawlElapsedTime, Version) is not compared.
 */
const DEFAULTS: Attrs = {
  'schemaChangePolicy.updateBehavior': 'UPDATE_IN_DATABASE',
  'schemaChangePolicy.deleteBehavior': 'DEPRECATE_IN_DATABASE',
  'recrawlPolicy.recrawlBehavior': 'CRAWL_EVERYTHING',
};

/** JSON text with object keys sorted, so `{"a":1,"b":2}` and `{ "b": 2, "a": 1 }` compare equal. */
export function canonicalJson(text: string): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

const byJson = (a: AttrValue, b: AttrValue) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function s3Targets(targets: { path: string; exclusions?: string[]; sampleSize?: number }[] | undefined): AttrValue[] {
  return (targets ?? [])
    .map((t) => {
      const out: Attrs = { path: t.path };
      if (t.exclusions?.length) out['exclusions'] = [...t.exclusions].sort();
      if (t.sampleSize !== undefined) out['sampleSize'] = t.sampleSize;
      return out;
    })
    .sort(byJson);
}

function catalogTargets(targets: { database: string; tables: string[] }[] | undefined): AttrValue[] {
  return (targets ?? [])
    .map((t) => ({ database: foldName(t.database), tables: t.tables.map(foldName).sort() }))
    .sort(byJson);
}

export function flattenCrawlerSpec(spec: CrawlerSpec): Attrs {
  const out: Attrs = {};
  put(out, 'role', roleName(spec.role));
  put(out, 'database', foldName(spec.database));
  put(out, 'description', spec.description);
  put(out, 'targets.s3', s3Targets(spec.targets.s3));
  put(out, 'targets.catalog', catalogTargets(spec.targets.catalog));
  put(out, 'schedule', spec.schedule);
  put(out, 'classifiers', spec.classifiers);
  put(out, 'tablePrefix', spec.tablePrefix);
  put(out, 'schemaChangePolicy.updateBehavior', spec.schemaChangePolicy?.updateBehavior);
  put(out, 'schemaChangePolicy.deleteBehavior', spec.schemaChangePolicy?.deleteBehavior);
  put(out, 'recrawlPolicy.recrawlBehavior', spec.recrawlPolicy?.recrawlBehavior);
  put(out, 'configuration', spec.configuration === undefined ? undefined : canonicalJson(spec.configuration));
  return withoutDefaults({ ...out, ...flattenMap('tags.', spec.tags) }, DEFAULTS);
}

/** A live crawler as attributes. */
export function flattenCrawler(c: Crawler): Attrs {
  const out: Attrs = {};
  put(out, 'role', c.Role ? roleName(c.Role) : undefined);
  put(out, 'database', c.DatabaseName ? foldName(c.DatabaseName) : undefined);
  put(out, 'description', c.Description || undefined);
  put(
    out,
    'targets.s3',
    s3Targets(
      c.Targets?.S3Targets?.map((t) => ({
        path: t.Path ?? '',
        ...(t.Exclusions ? { exclusions: t.Exclusions } : {}),
        ...(t.SampleSize !== undefined ? { sampleSize: t.SampleSize } : {}),
      })),
    ),
  );
  put(
    out,
    'targets.catalog',
    catalogTargets(c.Targets?.CatalogTargets?.map((t) => ({ database: t.DatabaseName ?? '', tables: t.Tables ?? [] }))),
  );
  put(out, 'schedule', c.Schedule?.ScheduleExpression || undefined);
  put(out, 'classifiers', c.Classifiers);
  put(out, 'tablePrefix', c.TablePrefix || undefined);
  put(out, 'schemaChangePolicy.updateBehavior', c.SchemaChangePolicy?.UpdateBehavior);
  put(out, 'schemaChangePolicy.deleteBehavior', c.SchemaChangePolicy?.DeleteBehavior);
  put(out, 'recrawlPolicy.recrawlBehavior', c.RecrawlPolicy?.RecrawlBehavior);
  put(out, 'configuration', c.Configuration ? canonicalJson(c.Configuration) : undefined);
  return withoutDefaults(out, DEFAULTS);
}

function toTargets(target: Attrs, live: Crawler | undefined): CrawlerTargets {
  const s3 = (target['targets.s3'] ?? []) as { path: string; exclusions?: string[]; sampleSize?: number }[];
  const catalog = (target['targets.catalog'] ?? []) as { database: string; tables: string[] }[];
  return {
    ...live?.Targets,
    S3Targets: s3.map((t) => ({
      Path: t.path,
      ...(t.exclusions ? { Exclusions: t.exclusions } : {}),
      ...(t.sampleSize !== undefined ? { SampleSize: t.sampleSize } : {}),
    })),
    CatalogTargets: catalog.map((t) => ({ DatabaseName: t.database, Tables: t.tables })),
  };
}

/** The crawler's fields as CreateCrawler/UpdateCrawler take them (both replace the modelled fields whole). */
function toCrawlerInput(name: string, target: Attrs, live: Crawler | undefined, spec: CrawlerSpec | undefined) {
  const update = strAttr(target['schemaChangePolicy.updateBehavior']) ?? 'UPDATE_IN_DATABASE';
  const del = strAttr(target['schemaChangePolicy.deleteBehavior']) ?? 'DEPRECATE_IN_DATABASE';
  return {
    Name: name,
    // The role as the spec writes it (an ARN); the attribute holds the name Glue answers with.
    Role: spec && roleName(spec.role) === strAttr(target['role']) ? spec.role : strAttr(target['role']),
    DatabaseName: strAttr(target['database']),
    Description: strAttr(target['description']) ?? '',
    Targets: toTargets(target, live),
    Schedule: strAttr(target['schedule']) ?? '',
    Classifiers: (target['classifiers'] ?? []) as string[],
    TablePrefix: strAttr(target['tablePrefix']) ?? '',
    SchemaChangePolicy: { UpdateBehavior: update as 'LOG', DeleteBehavior: del as 'LOG' },
    RecrawlPolicy: {
      RecrawlBehavior: (strAttr(target['recrawlPolicy.recrawlBehavior']) ?? 'CRAWL_EVERYTHING') as 'CRAWL_EVERYTHING',
    },
    ...(strAttr(target['configuration']) ? { Configuration: strAttr(target['configuration']) } : {}),
    ...(live?.LineageConfiguration ? { LineageConfiguration: live.LineageConfiguration } : {}),
    ...(live?.LakeFormationConfiguration ? { LakeFormationConfiguration: live.LakeFormationConfiguration } : {}),
    ...(live?.CrawlerSecurityConfiguration ? { CrawlerSecurityConfiguration: live.CrawlerSecurityConfiguration } : {}),
  };
}

const behaviour = (values: string[]) => opt(str(undefined, { enum: values }));

export const crawlerKind: ResourceKind<CrawlerSpec> = {
  kind: 'crawler',
  group: 'etl',
  specKey: 'crawlers',
  schema: obj(
    {
      name: req(str('The crawler name (case matters).')),
      role: req(str('The IAM role the crawler runs as.')),
      database: req(str('The database it writes tables to: declared in this spec or existing.')),
      description: opt(str()),
      targets: req(
        obj({
          s3: opt(
            list(obj({ path: req(str('s3://bucket/prefix/')), exclusions: opt(list(str())), sampleSize: opt(int(1)) })),
          ),
          catalog: opt(list(obj({ database: req(str()), tables: req(list(str())) }))),
        }),
      ),
      schedule: opt(str('cron(0 6 * * ? *); omitted, it runs on demand.')),
      classifiers: opt(list(str())),
      tablePrefix: opt(str()),
      schemaChangePolicy: opt(
        obj({
          updateBehavior: behaviour(['LOG', 'UPDATE_IN_DATABASE']),
          deleteBehavior: behaviour(['LOG', 'DELETE_FROM_DATABASE', 'DEPRECATE_IN_DATABASE']),
        }),
      ),
      recrawlPolicy: opt(
        obj({ recrawlBehavior: behaviour(['CRAWL_EVERYTHING', 'CRAWL_NEW_FOLDERS_ONLY', 'CRAWL_EVENT_MODE']) }),
      ),
      configuration: opt(str('The crawler configuration JSON, as a string.')),
      tags: opt(map(str(), 'Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'A Glue crawler.',
  ),
  id: (spec) => [spec.name],
  dependencies: (_id, spec) => (spec ? crawlerKind.references(spec).map((r) => r.address) : []),
  check(spec) {
    const issues: { path: (string | number)[]; message: string }[] = [];
    if (!spec.targets.s3?.length && !spec.targets.catalog?.length)
      issues.push({ path: ['targets'], message: 'expected at least one s3 or catalog target' });
    spec.targets.s3?.forEach((t, i) => {
      if (!t.path.startsWith('s3://'))
        issues.push({ path: ['targets', 's3', i, 'path'], message: 'expected s3://bucket/prefix/' });
    });
    if (spec.configuration !== undefined) {
      try {
        JSON.parse(spec.configuration);
      } catch {
        issues.push({ path: ['configuration'], message: 'expected a JSON document in a string' });
      }
    }
    return issues;
  },
  references: (spec) => {
    const refs = [
      { address: addressOf('database', [foldName(spec.database)]), path: ['database'] as (string | number)[] },
    ];
    for (const [i, t] of (spec.targets.catalog ?? []).entries())
      refs.push({
        address: addressOf('database', [foldName(t.database)]),
        path: ['targets', 'catalog', i, 'database'],
      });
    return refs;
  },
  immutable: [],
  owned: () => [],
  flattenSpec: flattenCrawlerSpec,
  async read(ctx, wanted) {
    const crawlers: Crawler[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.glue.send(new GetCrawlersCommand({ NextToken: token }));
      crawlers.push(...(page.Crawlers ?? []));
      token = page.NextToken;
    } while (token);
    const objects = new Map<string, LiveObject>();
    await mapLimit(
      crawlers.filter((c) => wanted.has(addressOf('crawler', [c.Name ?? '']))),
      8,
      async (c) => {
        const id = [c.Name ?? ''];
        const address = addressOf('crawler', id);
        const tags = wanted.get(address)?.has('tags')
          ? await readTags(ctx, await glueArn(ctx, `crawler/${id[0]}`))
          : {};
        objects.set(address, { address, id, attrs: { ...flattenCrawler(c), ...tags } });
      },
    );
    return { addresses: crawlers.map((c) => addressOf('crawler', [c.Name ?? ''])), objects };
  },
  lint: (change: Change) => (change.action === 'replace' ? ['DS104'] : []),
  async create(ctx, change) {
    const spec = change.spec as CrawlerSpec;
    const input = toCrawlerInput(spec.name, change.after ?? {}, undefined, spec);
    await ctx.glue.send(
      new CreateCrawlerCommand({
        ...input,
        Role: input.Role ?? spec.role,
        ...(input.Schedule ? {} : { Schedule: undefined }),
        Tags: stringMapOf(change.after ?? {}, 'tags.'),
      }),
    );
  },
  async update(ctx, change) {
    const name = change.id[0]!;
    const nonTag = change.changed.filter((c) => !c.path.startsWith('tags.'));
    if (nonTag.length > 0) {
      const live = (await ctx.glue.send(new GetCrawlerCommand({ Name: name }))).Crawler;
      if (!live) throw new Error(`crawler ${name} no longer exists`);
      const target = patchAttrs(flattenCrawler(live), nonTag);
      await ctx.glue.send(
        new UpdateCrawlerCommand(toCrawlerInput(name, target, live, change.spec as CrawlerSpec | undefined)),
      );
    }
    await applyTagChanges(ctx, await glueArn(ctx, `crawler/${name}`), change.changed);
  },
  async delete(ctx, change) {
    await ctx.glue.send(new DeleteCrawlerCommand({ Name: change.id[0] }));
  },
};

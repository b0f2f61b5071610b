import {
  ConcurrentModificationException,
  CreatePartitionIndexCommand,
  CreateTableCommand,
  DeletePartitionIndexCommand,
  DeleteTableCommand,
  GetDatabasesCommand,
  GetPartitionIndexesCommand,
  GetTableCommand,
  GetTablesCommand,
  type Table,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { AttrChange, Attrs, Change, LintCode } from '../diff/model.js';
import { foldName } from '../diff/values.js';
import { glueArn, mapLimit } from '../live/glue-context.js';
import { checkTable } from '../spec/check.js';
import { bool, int, list, map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { TableSpec } from '../spec/types.js';
import { type AwsContext, addressOf, type LiveObject, patchAttrs, type ResourceKind } from './kind.js';
import { COLUMN_ORDER, flattenTable, flattenTableSpec, toTableInput } from './table-attrs.js';
import { applyTagChanges, readTags } from './tags.js';

const column = obj({
  name: req(str()),
  type: req(str('A Hive type: string, bigint, decimal(10,2), array<string>, struct<a:int> ...')),
  comment: opt(str()),
});

const storageDescriptor = obj(
  {
    location: opt(str()),
    inputFormat: opt(str()),
    outputFormat: opt(str()),
    compressed: opt(bool()),
    numberOfBuckets: opt(int(-1)),
    bucketColumns: opt(list(str())),
    sortColumns: opt(list(obj({ column: req(str()), order: req(int(0, '1 ascending, 0 descending')) }))),
    storedAsSubDirectories: opt(bool()),
    parameters: opt(map(str())),
    serde: opt(obj({ name: opt(str()), serializationLibrary: opt(str()), parameters: opt(map(str())) })),
  },
  'The raw StorageDescriptor (columns go in `columns`); overrides what `format` sets.',
);

/** Errors a table update reports when the table moved after the plan was made. */
export class ChangedSincePlanError extends Error {
  override name = 'ChangedSincePlanError';
}

/** Glue tables, with their partition indexes and tags. */
export const tableKind: ResourceKind<TableSpec> = {
  kind: 'table',
  group: 'catalog',
  specKey: 'tables',
  schema: obj(
    {
      database: req(str('The database: declared in this spec or already existing.')),
      name: req(str('The table name; Glue stores it in lower case.')),
      description: opt(str()),
      owner: opt(str()),
      tableType: opt(str('EXTERNAL_TABLE (the default with format), VIRTUAL_VIEW ... Changing it replaces the table.')),
      location: opt(str('s3://bucket/prefix/ of the data')),
      format: opt(str('Expands to the input/output formats and SerDe', { enum: ['parquet', 'csv', 'json'] })),
      delimiter: opt(str('CSV field delimiter (default ,)')),
      skipHeaderLines: opt(int(0, 'CSV header lines to skip')),
      columns: opt(list(column, 'Managed columns, diffed by name; omitted, the live columns are left alone.')),
      partitionKeys: opt(list(column)),
      storageDescriptor: opt(storageDescriptor),
      parameters: opt(map(str(), 'Managed parameters; keys not written here are left alone.')),
      partitionIndexes: opt(list(obj({ name: req(str()), keys: req(list(str())) }))),
      tags: opt(map(str(), 'Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'A Glue table.',
  ),
  id: (spec) => [foldName(spec.database), foldName(spec.name)],
  dependencies: (id) => [addressOf('database', [id[0]!])],
  check: checkTable,
  references: (spec) => [{ address: addressOf('database', [foldName(spec.database)]), path: ['database'] }],
  immutable: ['tableType'],
  owned: (spec) => (spec.columns ? [/^columns\.[^.]+\.type$/, /^columns\.\$order$/] : []),
  flattenSpec: flattenTableSpec,
  refine: hideInsertionOrder,
  async read(ctx, wanted) {
    const databases: string[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.glue.send(new GetDatabasesCommand({ NextToken: token }));
      databases.push(...(page.DatabaseList ?? []).map((d) => foldName(d.Name ?? '')));
      token = page.NextToken;
    } while (token);
    const tables: Table[] = [];
    const needed = new Set([...wanted.keys()].filter((a) => a.startsWith('table.')).map((a) => a.split('.')[1]));
    await mapLimit(databases, 8, async (database) => {
      const found: Table[] = [];
      let next: string | undefined;
      try {
        do {
          const page = await ctx.glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: next }));
          found.push(...(page.TableList ?? []).map((t) => ({ ...t, DatabaseName: t.DatabaseName ?? database })));
          next = page.NextToken;
        } while (next);
      } catch (e) {
        // A database nobody here manages tables in (a resource link without access, one deleted meanwhile)
        // only feeds the unmanaged list: not being able to list it is no reason to fail the plan.
        if (needed.has(database)) throw e;
        return;
      }
      tables.push(...found);
    });
    const idOf = (t: Table) => [foldName(t.DatabaseName ?? ''), foldName(t.Name ?? '')];
    const objects = new Map<string, LiveObject>();
    const detailed = tables.filter((t) => wanted.has(addressOf('table', idOf(t))));
    await mapLimit(detailed, 16, async (t) => {
      const id = idOf(t);
      const address = addressOf('table', id);
      const groups = wanted.get(address);
      const [indexes, tags] = await Promise.all([
        groups?.has('partitionIndexes') ? readIndexes(ctx, id) : {},
        groups?.has('tags') ? readTags(ctx, await glueArn(ctx, `table/${id.join('/')}`)) : {},
      ]);
      objects.set(address, {
        address,
        id,
        attrs: { ...flattenTable(t), ...indexes, ...tags },
        ...(t.VersionId !== undefined ? { versionId: t.VersionId } : {}),
      });
    });
    return { addresses: tables.map((t) => addressOf('table', idOf(t))), objects };
  },
  lint: lintTableChange,
  async create(ctx, change) {
    const spec = change.spec as TableSpec;
    const after = change.after ?? {};
    await ctx.glue.send(
      new CreateTableCommand({
        DatabaseName: change.id[0],
        TableInput: toTableInput(change.id[1]!, after, undefined, spec),
        PartitionIndexes: indexChanges(change.changed).create.map(([name, keys]) => ({ IndexName: name, Keys: keys })),
      }),
    );
    await applyTagChanges(ctx, await glueArn(ctx, `table/${change.id.join('/')}`), change.changed);
  },
  async update(ctx, change) {
    const [database, name] = [change.id[0]!, change.id[1]!];
    const live = (await ctx.glue.send(new GetTableCommand({ DatabaseName: database, Name: name }))).Table;
    if (!live) throw new Error(`table ${database}.${name} no longer exists`);
    if (change.versionId !== undefined && live.VersionId !== undefined && live.VersionId !== change.versionId)
      throw changedSincePlan(change, live.VersionId);
    const tableChanges = change.changed.filter(
      (c) => !c.path.startsWith('tags.') && !c.path.startsWith('partitionIndexes.'),
    );
    if (tableChanges.length > 0) {
      const target = patchAttrs(flattenTable(live), tableChanges);
      const order = change.after?.[COLUMN_ORDER];
      if (order !== undefined) target[COLUMN_ORDER] = order;
      try {
        await ctx.glue.send(
          new UpdateTableCommand({
            DatabaseName: database,
            TableInput: toTableInput(name, target, live, change.spec as TableSpec | undefined),
            ...(live.VersionId !== undefined ? { VersionId: change.versionId ?? live.VersionId } : {}),
          }),
        );
      } catch (e) {
        if (e instanceof ConcurrentModificationException || (e as Error).name === 'ConcurrentModificationException')
          throw changedSincePlan(change);
        throw e;
      }
    }
    const indexes = indexChanges(change.changed);
    for (const indexName of indexes.remove)
      await ctx.glue.send(
        new DeletePartitionIndexCommand({ DatabaseName: database, TableName: name, IndexName: indexName }),
      );
    for (const [indexName, keys] of indexes.create)
      await ctx.glue.send(
        new CreatePartitionIndexCommand({
          DatabaseName: database,
          TableName: name,
          PartitionIndex: { IndexName: indexName, Keys: keys },
        }),
      );
    await applyTagChanges(ctx, await glueArn(ctx, `table/${database}/${name}`), change.changed);
  },
  async delete(ctx, change) {
    await ctx.glue.send(new DeleteTableCommand({ DatabaseName: change.id[0], Name: change.id[1] }));
  },
};

function changedSincePlan(change: Change, now?: string): ChangedSincePlanError {
  return new ChangedSincePlanError(
    `${change.address} changed since plan (planned against version ${change.versionId ?? '?'}${now ? `, now ${now}` : ''}): run plan again`,
  );
}

async function readIndexes(ctx: AwsContext, id: readonly string[]): Promise<Attrs> {
  const out: Attrs = {};
  let token: string | undefined;
  do {
    const page = await ctx.glue.send(
      new GetPartitionIndexesCommand({ DatabaseName: id[0], TableName: id[1], NextToken: token }),
    );
    for (const i of page.PartitionIndexDescriptorList ?? [])
      out[`partitionIndexes.${i.IndexName}`] = (i.Keys ?? []).map((k) => foldName(k.Name ?? ''));
    token = page.NextToken;
  } while (token);
  return out;
}

/** Partition indexes to delete (removed or changed) and to create (added or changed). */
function indexChanges(changed: readonly AttrChange[]): { remove: string[]; create: [string, string[]][] } {
  const remove: string[] = [];
  const create: [string, string[]][] = [];
  for (const c of changed) {
    if (!c.path.startsWith('partitionIndexes.')) continue;
    const name = c.path.slice('partitionIndexes.'.length);
    if (c.before !== undefined) remove.push(name);
    if (Array.isArray(c.after)) create.push([name, c.after.filter((k): k is string => typeof k === 'string')]);
  }
  return { remove, create };
}

/** Lint codes for a table change: deleting, replacing, dropping a column, retyping one, changing partition keys. */
export function lintTableChange(change: Change): LintCode[] {
  if (change.action === 'delete') return ['DS102'];
  const codes = new Set<LintCode>();
  if (change.action === 'replace') codes.add('DS104');
  if (change.action === 'update' || change.action === 'replace') {
    for (const c of change.changed) {
      if (/^columns\.[^.]+\.type$/.test(c.path) && c.before !== undefined)
        codes.add(c.after === undefined ? 'DS103' : 'BC201');
      if (c.path === 'partitionKeys' && c.before !== undefined) codes.add('BC202');
    }
  }
  return [...codes].sort();
}

/**
 * Columns are diffed by name: when columns were only added or dropped and the ones on both sides keep their
 * relative order, the order attribute is not a change of its own (inserting a column is one addition).
 */
export function hideInsertionOrder(changed: AttrChange[]): AttrChange[] {
  const order = changed.find((c) => c.path === COLUMN_ORDER);
  if (!order || !Array.isArray(order.before) || !Array.isArray(order.after)) return changed;
  const after = order.after;
  const before = order.before;
  const common = before.filter((n) => after.includes(n));
  const commonAfter = after.filter((n) => before.includes(n));
  const sameRelativeOrder = common.length === commonAfter.length && common.every((n, i) => n === commonAfter[i]);
  return sameRelativeOrder ? changed.filter((c) => c !== order) : changed;
}

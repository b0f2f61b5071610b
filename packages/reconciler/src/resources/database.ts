import {
  CreateDatabaseCommand,
  type Database,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetTablesCommand,
  UpdateDatabaseCommand,
} from '@aws-sdk/client-glue';
import type { Attrs, LintCode } from '../diff/model.js';
import { foldName } from '../diff/values.js';
import { glueArn, mapLimit } from '../live/glue-context.js';
import { map, obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { DatabaseSpec } from '../spec/types.js';
import { addressOf, flattenMap, type LiveObject, patchAttrs, type ResourceKind, stringMapOf } from './kind.js';
import { applyTagChanges, readTags } from './tags.js';

const stringMap = (description: string) => map(str(), description);

/** Glue databases. Attributes: `description`, `locationUri`, `parameters.<k>`, `tags.<k>`. */
export const databaseKind: ResourceKind<DatabaseSpec> = {
  kind: 'database',
  group: 'catalog',
  specKey: 'databases',
  schema: obj(
    {
      name: req(str('The database name; Glue stores it in lower case.')),
      description: opt(str()),
      locationUri: opt(str('Default location of the tables, e.g. s3://bucket/prefix/.')),
      parameters: opt(stringMap('Managed parameters; keys not written here are left alone.')),
      tags: opt(stringMap('Managed tags; keys not written here are left alone.')),
      ...resourceOptionFields(),
    },
    'A Glue database.',
  ),
  id: (spec) => [foldName(spec.name)],
  dependencies: () => [],
  references: () => [],
  immutable: [],
  owned: () => [],
  flattenSpec: (spec) => ({
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.locationUri !== undefined ? { locationUri: spec.locationUri } : {}),
    ...flattenMap('parameters.', spec.parameters),
    ...flattenMap('tags.', spec.tags),
  }),
  async read(ctx, wanted) {
    const databases: Database[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.glue.send(new GetDatabasesCommand({ NextToken: token }));
      databases.push(...(page.DatabaseList ?? []));
      token = page.NextToken;
    } while (token);
    const addresses = databases.map((d) => addressOf('database', [foldName(d.Name ?? '')]));
    const detailed = databases.filter((d) => wanted.has(addressOf('database', [foldName(d.Name ?? '')])));
    const objects = new Map<string, LiveObject>();
    await mapLimit(detailed, 8, async (d) => {
      const id = [foldName(d.Name ?? '')];
      const address = addressOf('database', id);
      const tags = wanted.get(address)?.has('tags') ? await readTags(ctx, await glueArn(ctx, `database/${id[0]}`)) : {};
      objects.set(address, {
        address,
        id,
        attrs: { ...flattenDatabase(d), ...tags },
      });
    });
    return { addresses, objects };
  },
  lint: (change): LintCode[] => (change.action === 'delete' ? ['DS101'] : change.action === 'replace' ? ['DS104'] : []),
  async create(ctx, change) {
    const spec = change.spec as DatabaseSpec;
    const after = change.after ?? {};
    await ctx.glue.send(
      new CreateDatabaseCommand({
        DatabaseInput: {
          Name: spec.name,
          Description: spec.description,
          LocationUri: spec.locationUri,
          Parameters: stringMapOf(after, 'parameters.'),
        },
        Tags: stringMapOf(after, 'tags.'),
      }),
    );
  },
  async update(ctx, change) {
    const name = change.id[0]!;
    const nonTag = change.changed.filter((c) => !c.path.startsWith('tags.'));
    if (nonTag.length > 0) {
      const live = (await ctx.glue.send(new GetDatabaseCommand({ Name: name }))).Database;
      if (!live) throw new Error(`database ${name} no longer exists`);
      const target = patchAttrs(flattenDatabase(live), nonTag);
      await ctx.glue.send(
        new UpdateDatabaseCommand({
          Name: name,
          DatabaseInput: {
            Name: live.Name ?? name,
            Description: str0(target['description']),
            LocationUri: str0(target['locationUri']),
            Parameters: stringMapOf(target, 'parameters.') ?? {},
            CreateTableDefaultPermissions: live.CreateTableDefaultPermissions,
            TargetDatabase: live.TargetDatabase,
            FederatedDatabase: live.FederatedDatabase,
          },
        }),
      );
    }
    await applyTagChanges(ctx, await glueArn(ctx, `database/${name}`), change.changed);
  },
  async delete(ctx, change) {
    const name = change.id[0]!;
    // Deleting a Glue database deletes its tables: refuse while tables this state does not manage remain.
    const left = await ctx.glue.send(new GetTablesCommand({ DatabaseName: name, MaxResults: 10 }));
    const names = (left.TableList ?? []).map((t) => t.Name);
    if (names.length > 0)
      throw new Error(
        `database ${name} still has tables this state does not manage (${names.join(', ')}): deleting it would delete them`,
      );
    await ctx.glue.send(new DeleteDatabaseCommand({ Name: name }));
  },
};

const str0 = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A live database as attributes; server-added fields (CreateTime, CatalogId, default permissions) are not kept. */
export function flattenDatabase(d: Database): Attrs {
  return {
    ...(d.Description ? { description: d.Description } : {}),
    ...(d.LocationUri ? { locationUri: d.LocationUri } : {}),
    ...flattenMap('parameters.', d.Parameters),
  };
}

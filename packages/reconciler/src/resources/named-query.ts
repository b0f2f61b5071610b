import type { NamedQuery } from '@aws-sdk/client-athena';
import type { Attrs, Change } from '../diff/model.js';
import { foldName } from '../diff/values.js';
import { mapLimit } from '../live/glue-context.js';
import { athenaSdk } from '../live/sdk.js';
import { obj, opt, req, resourceOptionFields, str } from '../spec/schema.js';
import type { NamedQuerySpec } from '../spec/types.js';
import { type AwsContext, addressOf, type LiveObject, put, type ResourceKind, strAttr } from './kind.js';

/**
 * Athena named queries, addressed `namedQuery.<workgroup>.<name>` (Athena keys them by a generated id and
 * lets names repeat; this tool manages one query per name and workgroup). Attributes: `database`, `query`
 * (trailing blanks aside: YAML block scalars add a newline), `description`. The query text and description
 * change in place with UpdateNamedQuery; only `database` (which UpdateNamedQuery cannot change) replaces.
 */
const PRIMARY = 'primary';

const workgroupOf = (spec: NamedQuerySpec) => spec.workgroup ?? PRIMARY;

export function flattenNamedQuerySpec(spec: NamedQuerySpec): Attrs {
  const out: Attrs = {};
  put(out, 'database', foldName(spec.database));
  put(out, 'query', spec.query.trimEnd());
  put(out, 'description', spec.description);
  return out;
}

export function flattenNamedQuery(q: NamedQuery): Attrs {
  const out: Attrs = {};
  put(out, 'database', q.Database ? foldName(q.Database) : undefined);
  put(out, 'query', q.QueryString?.trimEnd());
  put(out, 'description', q.Description || undefined);
  return out;
}

/** Every named query of some workgroups, in full (BatchGetNamedQuery; one by one where it is missing). */
async function readQueries(ctx: AwsContext, workgroups: readonly string[]): Promise<NamedQuery[]> {
  const ids: { id: string; workgroup: string }[] = [];
  await mapLimit(workgroups, 8, async (workgroup) => {
    let token: string | undefined;
    do {
      const page = await ctx.athena.send(
        new (await athenaSdk()).ListNamedQueriesCommand({ WorkGroup: workgroup, NextToken: token }),
      );
      for (const id of page.NamedQueryIds ?? []) ids.push({ id, workgroup });
      token = page.NextToken;
    } while (token);
  });
  const batches: { id: string; workgroup: string }[][] = [];
  for (let i = 0; i < ids.length; i += 50) batches.push(ids.slice(i, i + 50));
  const out: NamedQuery[] = [];
  await mapLimit(batches, 4, async (batch) => {
    try {
      const got = await ctx.athena.send(
        new (await athenaSdk()).BatchGetNamedQueryCommand({ NamedQueryIds: batch.map((b) => b.id) }),
      );
      out.push(...(got.NamedQueries ?? []));
    } catch {
      // An implementation without BatchGetNamedQuery: one by one.
      await mapLimit(batch, 8, async (b) => {
        const got = await ctx.athena.send(new (await athenaSdk()).GetNamedQueryCommand({ NamedQueryId: b.id }));
        if (got.NamedQuery) out.push({ WorkGroup: b.workgroup, ...got.NamedQuery });
      });
    }
  });
  return out;
}

async function listWorkgroups(ctx: AwsContext): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.athena.send(new (await athenaSdk()).ListWorkGroupsCommand({ NextToken: token }));
    names.push(...(page.WorkGroups ?? []).map((w) => w.Name ?? ''));
    token = page.NextToken;
  } while (token);
  return names;
}

const idOf = (q: NamedQuery) => [q.WorkGroup ?? PRIMARY, q.Name ?? ''];

/** The live id of the named query at an address (the first, if a person made several with one name). */
async function findId(ctx: AwsContext, id: readonly string[]): Promise<string> {
  const found = (await readQueries(ctx, [id[0]!])).find((q) => q.Name === id[1]);
  if (!found?.NamedQueryId) throw new Error(`named query ${id[1]} in workgroup ${id[0]} no longer exists`);
  return found.NamedQueryId;
}

export const namedQueryKind: ResourceKind<NamedQuerySpec> = {
  kind: 'namedQuery',
  group: 'athena',
  specKey: 'namedQueries',
  schema: obj(
    {
      name: req(str('The query name, unique in its workgroup here.')),
      workgroup: opt(str('The workgroup (default primary): declared in this spec or existing.')),
      database: req(str('The database the query runs in. Changing it replaces the query.')),
      query: req(str('The SQL text.')),
      description: opt(str()),
      ...resourceOptionFields(),
    },
    'An Athena named query.',
  ),
  id: (spec) => [workgroupOf(spec), spec.name],
  dependencies: (id) => (id[0] === PRIMARY ? [] : [addressOf('workgroup', [id[0]!])]),
  check: (spec) => (spec.query.trim() === '' ? [{ path: ['query'], message: 'expected SQL text' }] : []),
  references: (spec) => [{ address: addressOf('workgroup', [workgroupOf(spec)]), path: ['workgroup'] }],
  immutable: ['database'],
  owned: () => [],
  flattenSpec: flattenNamedQuerySpec,
  async read(ctx, wanted) {
    const queries = await readQueries(ctx, await listWorkgroups(ctx));
    const objects = new Map<string, LiveObject>();
    const addresses: string[] = [];
    for (const q of queries) {
      const id = idOf(q);
      const address = addressOf('namedQuery', id);
      addresses.push(address);
      if (wanted.has(address) && !objects.has(address))
        objects.set(address, { address, id, attrs: flattenNamedQuery(q) });
    }
    return { addresses, objects };
  },
  lint: (change: Change) => (change.action === 'replace' ? ['DS104'] : []),
  async create(ctx, change) {
    const spec = change.spec as NamedQuerySpec;
    await ctx.athena.send(
      new (await athenaSdk()).CreateNamedQueryCommand({
        Name: spec.name,
        WorkGroup: workgroupOf(spec),
        Database: spec.database,
        QueryString: spec.query,
        ...(spec.description !== undefined ? { Description: spec.description } : {}),
      }),
    );
  },
  async update(ctx, change) {
    const spec = change.spec as NamedQuerySpec;
    const after = change.after ?? {};
    await ctx.athena.send(
      new (await athenaSdk()).UpdateNamedQueryCommand({
        NamedQueryId: await findId(ctx, change.id),
        Name: spec.name,
        QueryString: spec.query,
        ...(strAttr(after['description']) !== undefined ? { Description: strAttr(after['description']) } : {}),
      }),
    );
  },
  async delete(ctx, change) {
    await ctx.athena.send(
      new (await athenaSdk()).DeleteNamedQueryCommand({ NamedQueryId: await findId(ctx, change.id) }),
    );
  },
};

import { randomUUID } from 'node:crypto';
import type { NamedQuery, UnprocessedNamedQueryId } from '@aws-sdk/client-athena';
import type { Db } from '../store/sqlite.js';
import { fromAthenaDoc, toAthenaDoc } from './documents.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPage, athenaPageSize, decodeAthenaToken } from './pagination.js';
import { PRIMARY_WORKGROUP, requireWorkGroup, type Scope, scopeOf } from './workgroups-store.js';

/**
 * Named (saved) queries: Create (idempotent by ClientRequestToken), Get, List (per workgroup), BatchGet,
 * Update, Delete.
 *
 * LIMITATIONS: the "not found" message is lakebox's own wording (no public Athena answer quotes it).
 */

function findNamedQuery(db: Db, scope: Scope, id: string): NamedQuery | undefined {
  const row = db
    .prepare('SELECT doc FROM athena_named_queries WHERE account = ? AND region = ? AND id = ?')
    .get(scope.account, scope.region, id) as { doc: string } | undefined;
  return row ? fromAthenaDoc<NamedQuery>(row.doc) : undefined;
}

function notFound(id: string) {
  return athenaErrors.invalidInput(`NamedQuery ${id} was not found`);
}

function requireNamedQuery(db: Db, scope: Scope, id: string): NamedQuery {
  const found = findNamedQuery(db, scope, id);
  if (!found) throw notFound(id);
  return found;
}

function put(db: Db, scope: Scope, q: NamedQuery, clientToken: string | undefined): void {
  db.prepare(
    'INSERT INTO athena_named_queries (account, region, id, workgroup, client_token, doc) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, id) DO UPDATE SET doc = excluded.doc',
  ).run(scope.account, scope.region, q.NamedQueryId ?? '', q.WorkGroup ?? '', clientToken ?? null, toAthenaDoc(q));
}

export const createNamedQuery: AthenaOperations['CreateNamedQuery'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? PRIMARY_WORKGROUP;
  const query: NamedQuery = {
    Name: input.Name ?? '',
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    Database: input.Database ?? '',
    QueryString: input.QueryString ?? '',
    NamedQueryId: randomUUID(),
    WorkGroup: workgroup,
  };
  return ctx.db.transaction(() => {
    requireWorkGroup(ctx.db, scope, workgroup);
    const token = input.ClientRequestToken;
    if (token) {
      const row = ctx.db
        .prepare('SELECT doc FROM athena_named_queries WHERE account = ? AND region = ? AND client_token = ?')
        .get(scope.account, scope.region, token) as { doc: string } | undefined;
      if (row) {
        const previous = fromAthenaDoc<NamedQuery>(row.doc);
        const same = (['Name', 'Description', 'Database', 'QueryString', 'WorkGroup'] as const).every(
          (k) => previous[k] === query[k],
        );
        if (!same)
          throw athenaErrors.invalidRequest('Idempotent parameters do not match', 'IDEMPOTENT_PARAMETER_MISMATCH');
        return { NamedQueryId: previous.NamedQueryId };
      }
    }
    put(ctx.db, scope, query, token);
    return { NamedQueryId: query.NamedQueryId };
  })();
};

export const getNamedQuery: AthenaOperations['GetNamedQuery'] = (ctx, input) => ({
  NamedQuery: requireNamedQuery(ctx.db, scopeOf(ctx), input.NamedQueryId ?? ''),
});

export const updateNamedQuery: AthenaOperations['UpdateNamedQuery'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  ctx.db.transaction(() => {
    const q = requireNamedQuery(ctx.db, scope, input.NamedQueryId ?? '');
    const { Description: _old, ...rest } = q;
    const next: NamedQuery = {
      ...rest,
      Name: input.Name ?? q.Name,
      QueryString: input.QueryString ?? q.QueryString,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
    };
    ctx.db
      .prepare('UPDATE athena_named_queries SET doc = ? WHERE account = ? AND region = ? AND id = ?')
      .run(toAthenaDoc(next), scope.account, scope.region, q.NamedQueryId ?? '');
  })();
  return {};
};

export const deleteNamedQuery: AthenaOperations['DeleteNamedQuery'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const deleted = ctx.db
    .prepare('DELETE FROM athena_named_queries WHERE account = ? AND region = ? AND id = ?')
    .run(scope.account, scope.region, input.NamedQueryId ?? '');
  if (deleted.changes === 0) throw notFound(input.NamedQueryId ?? '');
  return {};
};

export const listNamedQueries: AthenaOperations['ListNamedQueries'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? PRIMARY_WORKGROUP;
  requireWorkGroup(ctx.db, scope, workgroup);
  const size = athenaPageSize('ListNamedQueries', input.MaxResults);
  const after = decodeAthenaToken('ListNamedQueries', input.NextToken) ?? '';
  const ids = ctx.db
    .prepare(
      'SELECT id FROM athena_named_queries WHERE account = ? AND region = ? AND workgroup = ? AND id > ? ORDER BY id LIMIT ?',
    )
    .pluck()
    .all(scope.account, scope.region, workgroup, after, size + 1) as string[];
  const { page, NextToken } = athenaPage('ListNamedQueries', ids, size, (id) => id);
  return { NamedQueryIds: page, ...(NextToken ? { NextToken } : {}) };
};

export const batchGetNamedQuery: AthenaOperations['BatchGetNamedQuery'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const NamedQueries: NamedQuery[] = [];
  const UnprocessedNamedQueryIds: UnprocessedNamedQueryId[] = [];
  for (const id of input.NamedQueryIds ?? []) {
    const q = findNamedQuery(ctx.db, scope, id);
    if (q) NamedQueries.push(q);
    else
      UnprocessedNamedQueryIds.push({
        NamedQueryId: id,
        ErrorCode: 'INVALID_INPUT',
        ErrorMessage: `NamedQuery ${id} was not found`,
      });
  }
  return { NamedQueries, UnprocessedNamedQueryIds };
};

export const namedQueryOperations = {
  CreateNamedQuery: createNamedQuery,
  GetNamedQuery: getNamedQuery,
  UpdateNamedQuery: updateNamedQuery,
  DeleteNamedQuery: deleteNamedQuery,
  ListNamedQueries: listNamedQueries,
  BatchGetNamedQuery: batchGetNamedQuery,
} satisfies Partial<AthenaOperations>;

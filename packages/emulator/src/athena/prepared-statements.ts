import type { PreparedStatement } from '@aws-sdk/client-athena';
import type { Db } from '../store/sqlite.js';
import { fromAthenaDoc, toAthenaDoc } from './documents.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPage, athenaPageSize, decodeAthenaToken } from './pagination.js';
import { requireWorkGroup, type Scope, scopeOf } from './workgroups-store.js';

/**
 * Prepared statements, per workgroup: Create/Get/List/Update/Delete/BatchGet. `EXECUTE name [USING ...]` in
 * StartQueryExecution runs them (see `queries.ts`).
 *
 * LIMITATIONS: the "already exists" and "not found" messages are lakebox's own wording.
 */

export function findPreparedStatement(
  db: Db,
  scope: Scope,
  workgroup: string,
  name: string,
): PreparedStatement | undefined {
  const row = db
    .prepare(
      'SELECT doc FROM athena_prepared_statements WHERE account = ? AND region = ? AND workgroup = ? AND name = ?',
    )
    .get(scope.account, scope.region, workgroup, name) as { doc: string } | undefined;
  return row ? fromAthenaDoc<PreparedStatement>(row.doc) : undefined;
}

function notFound(name: string) {
  return athenaErrors.resourceNotFound(`Prepared statement ${name} was not found.`);
}

function put(db: Db, scope: Scope, ps: PreparedStatement): void {
  db.prepare(
    'INSERT INTO athena_prepared_statements (account, region, workgroup, name, doc) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, workgroup, name) DO UPDATE SET doc = excluded.doc',
  ).run(scope.account, scope.region, ps.WorkGroupName ?? '', ps.StatementName ?? '', toAthenaDoc(ps));
}

export const createPreparedStatement: AthenaOperations['CreatePreparedStatement'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? '';
  const name = input.StatementName ?? '';
  ctx.db.transaction(() => {
    requireWorkGroup(ctx.db, scope, workgroup);
    if (findPreparedStatement(ctx.db, scope, workgroup, name)) {
      throw athenaErrors.invalidInput(`Prepared statement ${name} already exists in WorkGroup ${workgroup}`);
    }
    put(ctx.db, scope, {
      StatementName: name,
      QueryStatement: input.QueryStatement ?? '',
      WorkGroupName: workgroup,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      LastModifiedTime: ctx.now,
    });
  })();
  return {};
};

export const getPreparedStatement: AthenaOperations['GetPreparedStatement'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  requireWorkGroup(ctx.db, scope, input.WorkGroup ?? '');
  const ps = findPreparedStatement(ctx.db, scope, input.WorkGroup ?? '', input.StatementName ?? '');
  if (!ps) throw notFound(input.StatementName ?? '');
  return { PreparedStatement: ps };
};

export const updatePreparedStatement: AthenaOperations['UpdatePreparedStatement'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  ctx.db.transaction(() => {
    requireWorkGroup(ctx.db, scope, input.WorkGroup ?? '');
    const ps = findPreparedStatement(ctx.db, scope, input.WorkGroup ?? '', input.StatementName ?? '');
    if (!ps) throw notFound(input.StatementName ?? '');
    const { Description: _old, ...rest } = ps;
    put(ctx.db, scope, {
      ...rest,
      QueryStatement: input.QueryStatement ?? ps.QueryStatement,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      LastModifiedTime: ctx.now,
    });
  })();
  return {};
};

export const deletePreparedStatement: AthenaOperations['DeletePreparedStatement'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  requireWorkGroup(ctx.db, scope, input.WorkGroup ?? '');
  const deleted = ctx.db
    .prepare('DELETE FROM athena_prepared_statements WHERE account = ? AND region = ? AND workgroup = ? AND name = ?')
    .run(scope.account, scope.region, input.WorkGroup ?? '', input.StatementName ?? '');
  if (deleted.changes === 0) throw notFound(input.StatementName ?? '');
  return {};
};

export const listPreparedStatements: AthenaOperations['ListPreparedStatements'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? '';
  requireWorkGroup(ctx.db, scope, workgroup);
  const size = athenaPageSize('ListPreparedStatements', input.MaxResults);
  const after = decodeAthenaToken('ListPreparedStatements', input.NextToken) ?? '';
  const rows = ctx.db
    .prepare(
      'SELECT name, doc FROM athena_prepared_statements WHERE account = ? AND region = ? AND workgroup = ? AND name > ? ORDER BY name LIMIT ?',
    )
    .all(scope.account, scope.region, workgroup, after, size + 1) as { name: string; doc: string }[];
  const { page, NextToken } = athenaPage('ListPreparedStatements', rows, size, (r) => r.name);
  return {
    PreparedStatements: page.map((r) => {
      const ps = fromAthenaDoc<PreparedStatement>(r.doc);
      return { StatementName: ps.StatementName, LastModifiedTime: ps.LastModifiedTime };
    }),
    ...(NextToken ? { NextToken } : {}),
  };
};

export const batchGetPreparedStatement: AthenaOperations['BatchGetPreparedStatement'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const workgroup = input.WorkGroup ?? '';
  requireWorkGroup(ctx.db, scope, workgroup);
  const PreparedStatements: PreparedStatement[] = [];
  const UnprocessedPreparedStatementNames: { StatementName: string; ErrorCode: string; ErrorMessage: string }[] = [];
  for (const name of input.PreparedStatementNames ?? []) {
    const ps = findPreparedStatement(ctx.db, scope, workgroup, name);
    if (ps) PreparedStatements.push(ps);
    else {
      UnprocessedPreparedStatementNames.push({
        StatementName: name,
        ErrorCode: 'STATEMENT_NOT_FOUND',
        ErrorMessage: `Prepared statement ${name} was not found.`,
      });
    }
  }
  return { PreparedStatements, UnprocessedPreparedStatementNames };
};

export const preparedStatementOperations = {
  CreatePreparedStatement: createPreparedStatement,
  GetPreparedStatement: getPreparedStatement,
  UpdatePreparedStatement: updatePreparedStatement,
  DeletePreparedStatement: deletePreparedStatement,
  ListPreparedStatements: listPreparedStatements,
  BatchGetPreparedStatement: batchGetPreparedStatement,
} satisfies Partial<AthenaOperations>;

/**
 * What the runtime routes do, loaded with the first job call (`routes.ts` imports this lazily, so DuckDB's
 * native library is not loaded at start-up, as for the Athena engine).
 */
import type { Lakebox } from '../context.js';
import { deleteObjectRecord, listObjects, parseS3Uri } from '../s3/object-store.js';
import { type RegisterRequest, registerWrite } from './catalog-update.js';
import { withConnection } from './engine.js';
import { RuntimeFailure } from './errors.js';
import { type Plan, planSql } from './plan.js';
import { collectRows, normalizedSelect } from './results.js';
import { resolvePaths, type Scope, tableWriteTarget } from './sources.js';
import { type WriteRequest, writeResult } from './write.js';

export interface Body {
  account?: string;
  region?: string;
  plan: Plan;
}

function scopeOf(lakebox: Lakebox, body: { account?: string; region?: string }): Scope {
  return { account: body.account || lakebox.defaultAccountId, region: body.region || 'us-east-1' };
}

export function schema(lakebox: Lakebox, body: Body) {
  return withConnection(lakebox, async (conn) => {
    const sql = await planSql(lakebox, conn, scopeOf(lakebox, body), body.plan);
    return { columns: (await normalizedSelect(conn, sql)).columns.map((c) => ({ name: c.name, type: c.type })) };
  });
}

export function collect(lakebox: Lakebox, body: Body & { limit?: number }) {
  return withConnection(lakebox, async (conn) => {
    const sql = await planSql(lakebox, conn, scopeOf(lakebox, body), body.plan);
    return collectRows(conn, sql, body.limit);
  });
}

export function write(lakebox: Lakebox, body: Body & WriteRequest) {
  if (!['parquet', 'csv', 'json'].includes(body.format)) {
    throw new RuntimeFailure('NotSupported', `not supported locally: writing format ${body.format}`);
  }
  return withConnection(lakebox, async (conn) => {
    const sql = await planSql(lakebox, conn, scopeOf(lakebox, body), body.plan);
    return writeResult(lakebox, conn, sql, body);
  });
}

export function files(lakebox: Lakebox, body: { paths?: string[] }) {
  return {
    files: resolvePaths(lakebox, body.paths ?? []).map((o) => ({
      uri: `s3://${o.bucket}/${o.key}`,
      etag: o.etag,
      size: o.size,
    })),
  };
}

export function table(lakebox: Lakebox, body: { account?: string; region?: string; database: string; table: string }) {
  return tableWriteTarget(lakebox, scopeOf(lakebox, body), body.database, body.table);
}

export function register(lakebox: Lakebox, body: RegisterRequest & { account?: string; region?: string }) {
  return registerWrite(lakebox, scopeOf(lakebox, body), body);
}

/** glueContext.purge_s3_path: delete the objects under a prefix older than `retentionPeriod` hours (168 by default). */
export function purge(lakebox: Lakebox, body: { path: string; retentionHours?: number }) {
  const uri = parseS3Uri(body.path ?? '');
  if (!uri) throw new RuntimeFailure('IllegalArgumentException', `not an S3 path: ${body.path}`);
  const cutoff = Date.now() - (body.retentionHours ?? 168) * 3_600_000;
  let deleted = 0;
  for (const o of listObjects(lakebox, uri.bucket, uri.key)) {
    if (o.lastModified.getTime() > cutoff) continue;
    if (deleteObjectRecord(lakebox, uri.bucket, o.key)) deleted++;
  }
  return { deleted };
}

/**
 * DataFrameWriter: DuckDB writes the result under scratch, then each file is moved in as an S3 object named
 * as Spark names it (`part-00000-<uuid>-c000.snappy.parquet`, Hive `key=value/` folders for partitionBy,
 * `_SUCCESS` last). Modes: error/errorifexists (default), overwrite, append, ignore.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteString } from '../athena/engine/hive-types.js';
import type { Lakebox } from '../context.js';
import {
  adoptObjectFile,
  bucketExists,
  deleteObjectRecord,
  listObjects,
  parseS3Uri,
  putObjectBytes,
  scratchDir,
} from '../s3/object-store.js';
import { analysisError, notSupported, RuntimeFailure } from './errors.js';
import { normalizedSelect } from './results.js';

export interface WriteRequest {
  path: string;
  format: 'parquet' | 'csv' | 'json';
  mode?: string;
  partitionBy?: string[];
  options?: {
    header?: boolean;
    sep?: string;
    compression?: string;
    /** `spark.sql.sources.partitionOverwriteMode=dynamic`: overwrite replaces only the partitions written. */
    dynamicOverwrite?: boolean;
  };
}

export interface WriteResult {
  files: string[];
  rows: number;
  skipped: boolean;
}

const MODES = new Set(['error', 'errorifexists', 'overwrite', 'append', 'ignore']);

export async function writeResult(
  lakebox: Lakebox,
  conn: DuckDBConnection,
  sql: string,
  req: WriteRequest,
): Promise<WriteResult> {
  const mode = (req.mode ?? 'errorifexists').toLowerCase();
  if (!MODES.has(mode)) {
    throw new RuntimeFailure(
      'IllegalArgumentException',
      `Unknown save mode: ${req.mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.`,
    );
  }
  const uri = parseS3Uri(req.path);
  if (!uri) throw notSupported(`writing to a non-S3 path (${req.path}); use s3://bucket/prefix`);
  if (!bucketExists(lakebox, uri.bucket)) {
    throw new RuntimeFailure(
      'SparkException',
      `The specified bucket does not exist: ${uri.bucket} (writing ${req.path})`,
    );
  }
  const prefix = uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
  const existing = listObjects(lakebox, uri.bucket, prefix);
  if (existing.length > 0 && (mode === 'error' || mode === 'errorifexists')) {
    throw analysisError(`path ${req.path} already exists.`);
  }
  if (existing.length > 0 && mode === 'ignore') return { files: [], rows: 0, skipped: true };

  const normalized = await normalizedSelect(conn, sql);
  const names = normalized.columns.map((c) => c.name.toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw analysisError(`Found duplicate column(s) in the data to save: ${dup}`);
  const keys = (req.partitionBy ?? []).map((k) => {
    const found = normalized.columns.find((c) => c.name.toLowerCase() === k.toLowerCase());
    if (!found) throw analysisError(`Partition column \`${k}\` not found in schema`);
    return found.name;
  });
  if (keys.length > 0 && keys.length === normalized.columns.length) {
    throw analysisError('Cannot use all columns for partition columns');
  }
  const compression = (req.options?.compression ?? (req.format === 'parquet' ? 'snappy' : 'none')).toLowerCase();
  const ext = extension(req.format, compression);
  // Spark writes the partition columns last (they live in the folder names, not in the files).
  const ordered = [...normalized.columns.map((c) => c.name).filter((n) => !keys.includes(n)), ...keys];
  const select = `SELECT ${ordered.map(quoteIdent).join(', ')} FROM (${normalized.sql}) AS lb_out`;
  const out = join(scratchDir(lakebox), `runtime-write-${randomUUID()}`);
  const target = keys.length > 0 ? out : join(out, `part${ext}`);
  const options = [formatOptions(req, compression)];
  if (keys.length > 0) options.push(`PARTITION_BY (${keys.map(quoteIdent).join(', ')})`, 'OVERWRITE_OR_IGNORE true');
  try {
    mkdirSync(out, { recursive: true });
    const rows =
      keys.length > 0 && req.format === 'json'
        ? await copyEachPartition(conn, select, keys, out, ext, options[0] as string)
        : Number(
            (
              await conn.runAndReadAll(`COPY (${select}) TO ${quoteString(target)} (${options.join(', ')})`)
            ).getRows()[0]?.[0] ?? 0,
          );
    const job = randomUUID();
    const written: string[] = [];
    for (const file of walk(out).sort()) {
      const folders = relative(out, file).split(sep).slice(0, -1).map(sparkFolder);
      const key = `${prefix}${folders.map((f) => `${f}/`).join('')}part-${String(written.length).padStart(5, '0')}-${job}-c000${ext}`;
      adoptObjectFile(lakebox, { bucket: uri.bucket, key, file });
      written.push(key);
    }
    if (mode === 'overwrite') {
      const keep = new Set(written);
      const dynamic = req.options?.dynamicOverwrite === true && keys.length > 0;
      // Dynamic: only the partition folders this write produced are replaced (static: the whole prefix).
      const folders = new Set(written.map((k) => k.slice(0, k.lastIndexOf('/') + 1)));
      for (const o of existing) {
        if (keep.has(o.key)) continue;
        if (dynamic && ![...folders].some((f) => o.key.startsWith(f))) continue;
        deleteObjectRecord(lakebox, uri.bucket, o.key);
      }
    }
    putObjectBytes(lakebox, { bucket: uri.bucket, key: `${prefix}_SUCCESS`, body: '' });
    return { files: written.map((k) => `s3://${uri.bucket}/${k}`), rows, skipped: false };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** DuckDB writes JSON without PARTITION_BY: one COPY per partition, into `key=value/` folders as DuckDB names them. */
async function copyEachPartition(
  conn: DuckDBConnection,
  select: string,
  keys: readonly string[],
  out: string,
  ext: string,
  format: string,
): Promise<number> {
  const k = keys.map(quoteIdent).join(', ');
  const values = (
    await conn.runAndReadAll(
      `SELECT DISTINCT ${keys.map((x) => `CAST(${quoteIdent(x)} AS VARCHAR)`).join(', ')} FROM (${select}) AS lb_p`,
    )
  ).getRows();
  let rows = 0;
  for (const value of values) {
    const where = keys
      .map((x, i) =>
        value[i] === null
          ? `${quoteIdent(x)} IS NULL`
          : `CAST(${quoteIdent(x)} AS VARCHAR) = ${quoteString(String(value[i]))}`,
      )
      .join(' AND ');
    const dir = join(
      out,
      ...keys.map(
        (x, i) => `${x}=${value[i] === null ? '__HIVE_DEFAULT_PARTITION__' : encodeURIComponent(String(value[i]))}`,
      ),
    );
    mkdirSync(dir, { recursive: true });
    const copied = await conn.runAndReadAll(
      `COPY (SELECT * EXCLUDE (${k}) FROM (${select}) AS lb_p WHERE ${where}) TO ${quoteString(join(dir, `part${ext}`))} (${format})`,
    );
    rows += Number(copied.getRows()[0]?.[0] ?? 0);
  }
  return rows;
}

function extension(format: WriteRequest['format'], compression: string): string {
  if (format === 'parquet') {
    const codec: Record<string, string> = { snappy: '.snappy', gzip: '.gz', zstd: '.zstd', none: '', uncompressed: '' };
    if (!(compression in codec)) throw notSupported(`parquet compression ${compression}`);
    return `${codec[compression]}.parquet`;
  }
  const base = format === 'csv' ? '.csv' : '.json';
  if (compression === 'none' || compression === 'uncompressed') return base;
  if (compression === 'gzip') return `${base}.gz`;
  throw notSupported(`${format} compression ${compression}`);
}

function formatOptions(req: WriteRequest, compression: string): string {
  if (req.format === 'parquet') {
    const codec = compression === 'none' ? 'uncompressed' : compression;
    return `FORMAT parquet, COMPRESSION ${codec}`;
  }
  const gzip = compression === 'gzip' ? ', COMPRESSION gzip' : '';
  if (req.format === 'json') return `FORMAT json, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%gZ'${gzip}`;
  const header = req.options?.header === true;
  return (
    `FORMAT csv, HEADER ${header}, DELIMITER ${quoteString(req.options?.sep ?? ',')}, QUOTE '"', ESCAPE '"', ` +
    `NULLSTR '', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%gZ', DATEFORMAT '%Y-%m-%d'${gzip}`
  );
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** DuckDB's `key=<percent-encoded>` folder as Spark writes it (`ExternalCatalogUtils.escapePathName`). */
function sparkFolder(folder: string): string {
  const at = folder.indexOf('=');
  if (at < 0) return folder;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return `${escapePathName(decode(folder.slice(0, at)))}=${escapePathName(decode(folder.slice(at + 1)))}`;
}

const SPARK_ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\u007f', '{', '[', ']', '^']);

export function escapePathName(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || SPARK_ESCAPED.has(ch)) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

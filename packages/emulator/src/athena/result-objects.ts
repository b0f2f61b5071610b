import { statSync } from 'node:fs';
import type { Lakebox } from '../context.js';
import { adoptObjectFile, putObjectBytes } from '../s3/object-store.js';
import { readCsvPage } from './csv-pages.js';
import type { EngineResult } from './engine/index.js';
import type { ResultSource } from './queries-store.js';

/**
 * Puts a finished query's results in its output location, as Athena does:
 * - DML (SELECT, INSERT, ...): `<prefix><id>.csv`, the engine's CSV itself (moved, not copied; every value
 *   quoted, NULL an empty field, a header line), and GetQueryResults pages that object.
 * - DDL and UTILITY (SHOW, DESCRIBE, EXPLAIN, CREATE ...): `<prefix><id>.txt`, the rows with their columns
 *   joined by a tab, no header, lines joined by `\n`; GetQueryResults pages the engine's CSV, kept in scratch.
 * - `<result object>.metadata` beside it. Athena's own file is an undocumented binary (protobuf) message that
 *   only Athena's JDBC driver reads; lakebox writes a small JSON document instead, with the column info:
 *   `{ "format": "lakebox-athena-result-metadata", "version": 1, "queryExecutionId", "statementType",
 *      "columns": ColumnInfo[], "rowCount", "updateCount"? }`.
 */

export interface PublishedResult {
  outputLocation: string;
  source: ResultSource;
}

/** `s3://bucket/prefix/<id>.<ext>`: what ResultConfiguration.OutputLocation names. */
export function resultLocation(output: { bucket: string; prefix: string }, id: string, ext: 'csv' | 'txt'): string {
  return `s3://${output.bucket}/${resultKey(output.prefix, id, ext)}`;
}

export function resultKey(prefix: string, id: string, ext: 'csv' | 'txt'): string {
  return `${prefix}${id}.${ext}`;
}

/** Largest DDL/UTILITY result rendered to `.txt` (they are small: SHOW, DESCRIBE, EXPLAIN). */
const MAX_TXT_BYTES = 64 * 1024 * 1024;

function renderTxt(resultFile: string): string {
  const size = statSync(resultFile).size;
  if (size > MAX_TXT_BYTES) throw new Error(`result of ${size} bytes is too large to render as text`);
  const lines: string[] = [];
  let offset: number | undefined = 0;
  let first = true;
  while (offset !== undefined) {
    const page = readCsvPage(resultFile, offset, 10_000);
    for (const row of page.rows) {
      if (first) {
        first = false;
        continue;
      }
      lines.push(row.map((v) => v ?? '').join('\t'));
    }
    offset = page.nextOffset;
  }
  return lines.join('\n');
}

/**
 * Durability: both objects go through the object store like any S3 PUT (bytes fsynced, renamed into place,
 * then the row), before the query is recorded SUCCEEDED, so a SUCCEEDED query's result survives a crash as
 * much as any PUT does. Dropping the metadata's fsync (or syncing the folder once for both) was measured and
 * not kept: publishing a small result takes ~1.5–2.5 ms on the development machine (ext4 on a virtual disk),
 * of which the two fsyncs are ~0.45 ms, well under 1 % of a 60–80 ms aggregate and less than its noise.
 * What a poll costs the query (CPU taken from DuckDB) mattered far more: see `POLL_HOLD_MS`.
 */
export function publishResult(
  lakebox: Lakebox,
  q: { id: string; output: { bucket: string; prefix: string }; resultFile: string; result: EngineResult },
): PublishedResult {
  const { id, output, resultFile, result } = q;
  const ext = result.statementType === 'DML' ? 'csv' : 'txt';
  const key = resultKey(output.prefix, id, ext);
  let source: ResultSource;
  const common = {
    columns: result.columns,
    rowCount: result.rowCount,
    outputBytes: statSync(resultFile).size,
    ...(result.updateCount !== undefined ? { updateCount: result.updateCount } : {}),
  };
  if (ext === 'csv') {
    adoptObjectFile(lakebox, { bucket: output.bucket, key, file: resultFile, contentType: 'application/octet-stream' });
    source = { object: { bucket: output.bucket, key }, headerRow: true, ...common };
  } else {
    putObjectBytes(lakebox, {
      bucket: output.bucket,
      key,
      body: renderTxt(resultFile),
      contentType: 'binary/octet-stream',
    });
    source = { file: resultFile, headerRow: false, ...common };
  }
  const metadata = {
    format: 'lakebox-athena-result-metadata',
    version: 1,
    queryExecutionId: id,
    statementType: result.statementType,
    columns: result.columns,
    rowCount: result.rowCount,
    ...(result.updateCount !== undefined ? { updateCount: result.updateCount } : {}),
  };
  putObjectBytes(lakebox, {
    bucket: output.bucket,
    key: `${key}.metadata`,
    body: JSON.stringify(metadata),
    contentType: 'application/octet-stream',
  });
  return { outputLocation: `s3://${output.bucket}/${key}`, source };
}

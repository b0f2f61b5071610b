import type { Lakebox } from '../context.js';
import { compareKeys, prefixEnd } from './key-order.js';
import { getObjectRecord, type ObjectRecord } from './object-store.js';

/**
 * One page of a bucket listing (ListObjects v1 and v2): keys after `after` that start with `prefix`, rolled up
 * into common prefixes at `delimiter`. Each common prefix counts as one entry against `maxKeys`, as in S3.
 * Rows are read from SQLite in batches; the keys under a common prefix are skipped with one range seek.
 */
export interface ListingRequest {
  bucket: string;
  prefix: string;
  delimiter: string;
  /** List keys strictly greater than this (marker, start-after, or the continuation token's key). */
  after: string;
  maxKeys: number;
}

export interface ListingPage {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix on the page: where the next page starts. */
  last: string | undefined;
}

const BATCH = 1000;

interface KeyRow {
  key: string;
}

function batch(
  lakebox: Lakebox,
  bucket: string,
  fromExclusive: string | undefined,
  from: string,
  end: string | undefined,
): string[] {
  const lower = fromExclusive !== undefined && compareKeys(fromExclusive, from) >= 0 ? fromExclusive : undefined;
  const sql =
    `SELECT key FROM s3_objects WHERE bucket = ? AND ${lower !== undefined ? 'key > ?' : 'key >= ?'}` +
    `${end !== undefined ? ' AND key < ?' : ''} ORDER BY key LIMIT ${BATCH}`;
  const args: string[] = [bucket, lower ?? from];
  if (end !== undefined) args.push(end);
  return (lakebox.db.prepare(sql).all(...args) as KeyRow[]).map((r) => r.key);
}

function rollUp(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

export function listPage(lakebox: Lakebox, req: ListingRequest): ListingPage {
  const { bucket, prefix, delimiter, maxKeys } = req;
  const end = prefix === '' ? undefined : prefixEnd(prefix);
  const page: ListingPage = { contents: [], commonPrefixes: [], isTruncated: false, last: undefined };
  // Keys under the marker's own common prefix were listed already (as that prefix).
  let lastPrefix = req.after.startsWith(prefix) ? rollUp(req.after, prefix, delimiter) : undefined;
  let cursor: string | undefined = req.after === '' ? undefined : req.after;
  let from = prefix;
  if (lastPrefix !== undefined) {
    const skip = prefixEnd(lastPrefix);
    if (skip === undefined) return page;
    if (compareKeys(skip, from) > 0) from = skip;
    cursor = undefined;
  }
  let count = 0;
  for (;;) {
    const keys = batch(lakebox, bucket, cursor, from, end);
    if (keys.length === 0) return page;
    let jumped = false;
    for (const key of keys) {
      const cp = rollUp(key, prefix, delimiter);
      if (cp !== undefined && cp === lastPrefix) continue;
      if (count === maxKeys) {
        page.isTruncated = true;
        return page;
      }
      count++;
      if (cp !== undefined) {
        page.commonPrefixes.push(cp);
        page.last = cp;
        lastPrefix = cp;
        const skip = prefixEnd(cp);
        if (skip === undefined) return page;
        from = skip;
        cursor = undefined;
        jumped = true;
        break;
      }
      const o = getObjectRecord(lakebox, bucket, key);
      if (o) page.contents.push(o);
      page.last = key;
    }
    if (!jumped) {
      if (keys.length < BATCH) return page;
      cursor = keys[keys.length - 1];
    }
  }
}

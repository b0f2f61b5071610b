import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Lakebox } from '../context.js';
import type { ChecksumAlgorithm } from './checksums.js';
import { s3Errors } from './errors.js';
import { compareKeys, prefixEnd } from './key-order.js';
import { bucketDir, insideDir, placeKey, s3Root } from './paths.js';

/**
 * Contract A: the object store other services (Athena results, the SQL engine) use directly, and the base
 * of the S3 API. Synchronous; bytes are plain files under `<rootDir>/s3/<bucket>/`, metadata in SQLite.
 */

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType?: string;
  /** absolute path of the bytes */
  path: string;
}

/** What S3 keeps beside the bytes, stored as JSON in `s3_objects.doc`. */
export interface ObjectDoc {
  /** `x-amz-meta-*` without the prefix, lower-cased names as S3 returns them. */
  meta?: Record<string, string>;
  /** Object tags, in the order given. */
  tags?: Array<[string, string]>;
  /** Other stored headers: Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires. */
  headers?: Record<string, string>;
  /** Checksum the client sent, e.g. `{ algorithm: 'CRC32', value: 'base64' }`. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string; type?: string };
  /** Number of parts when completed by a multipart upload. */
  parts?: number;
}

/** A stored object with everything the S3 API answers. */
export interface ObjectRecord extends StoredObject {
  doc: ObjectDoc;
  /** Path of the bytes relative to the bucket folder. */
  file: string;
}

interface ObjectRow {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  last_modified_ms: number;
  content_type: string | null;
  file: string;
  doc: string;
}

const prepared = new WeakSet<Lakebox>();

/** Prefixes of the temp files the S3 API writes under scratchDir (request bodies, copies, joined parts). */
const S3_TEMP_PREFIXES = ['put-', 'body-', 'copy-', 'complete-'];

/**
 * Register the S3 reset hook once per lakebox (a reset removes every object file), and remove what a crash
 * may have left: S3 temp files in scratchDir and part folders of uploads the database does not know.
 */
export function initObjectStore(lakebox: Lakebox): void {
  if (prepared.has(lakebox)) return;
  prepared.add(lakebox);
  removeLeftovers(lakebox);
  lakebox.onReset.push(() => {
    rmSync(s3Root(lakebox), { recursive: true, force: true });
    rmSync(scratchDir(lakebox, false), { recursive: true, force: true });
  });
}

function removeLeftovers(lakebox: Lakebox): void {
  const scratch = scratchDir(lakebox, false);
  for (const name of existsSync(scratch) ? readdirSync(scratch, { withFileTypes: true }) : []) {
    if (name.isFile() && S3_TEMP_PREFIXES.some((p) => name.name.startsWith(p))) {
      rmSync(join(scratch, name.name), { force: true });
    }
  }
  const uploads = join(s3Root(lakebox), '.uploads');
  const known = lakebox.db.prepare('SELECT 1 FROM s3_uploads WHERE upload_id = ?').pluck();
  for (const id of existsSync(uploads) ? readdirSync(uploads) : []) {
    if (known.get(id) === undefined) rmSync(join(uploads, id), { recursive: true, force: true });
  }
}

/** A directory under rootDir for temp files that will be adopted (same filesystem, so rename is atomic). */
export function scratchDir(lakebox: Lakebox, create = true): string {
  const dir = join(lakebox.rootDir, 'scratch');
  if (create) mkdirSync(dir, { recursive: true });
  return dir;
}

export function bucketExists(lakebox: Lakebox, bucket: string): boolean {
  return lakebox.db.prepare('SELECT 1 FROM s3_buckets WHERE name = ?').pluck().get(bucket) !== undefined;
}

/** Parse `s3://bucket/key/prefix` (also `s3a://`, `s3n://`); undefined when not an S3 URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3[an]?:\/\/([^/]+)(?:\/(.*))?$/is.exec(uri);
  if (!m?.[1]) return undefined;
  return { bucket: m[1], key: m[2] ?? '' };
}

/** Objects whose key starts with `prefix`, in key order (S3 order: UTF-8 binary). */
export function listObjects(lakebox: Lakebox, bucket: string, prefix: string): StoredObject[] {
  return [...iterateObjects(lakebox, bucket, prefix, prefix)];
}

/** Objects with key >= `from` that start with `prefix`, in key order; stops reading at the end of the prefix. */
export function* iterateObjects(
  lakebox: Lakebox,
  bucket: string,
  prefix: string,
  from: string,
): Generator<ObjectRecord> {
  const start = compareKeys(from, prefix) > 0 ? from : prefix;
  const end = prefix === '' ? undefined : prefixEnd(prefix);
  const rows = (
    end === undefined
      ? lakebox.db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key').all(bucket, start)
      : lakebox.db
          .prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key')
          .all(bucket, start, end)
  ) as ObjectRow[];
  // `all` rather than `iterate`: callers may write while they walk the list.
  for (const row of rows) {
    if (!row.key.startsWith(prefix)) return;
    yield toRecord(lakebox, row);
  }
}

export function headObject(lakebox: Lakebox, bucket: string, key: string): StoredObject | undefined {
  return getObjectRecord(lakebox, bucket, key);
}

export function getObjectRecord(lakebox: Lakebox, bucket: string, key: string): ObjectRecord | undefined {
  const row = lakebox.db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as
    | ObjectRow
    | undefined;
  return row ? toRecord(lakebox, row) : undefined;
}

function toRecord(lakebox: Lakebox, row: ObjectRow): ObjectRecord {
  const record: ObjectRecord = {
    bucket: row.bucket,
    key: row.key,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified_ms),
    path: insideDir(bucketDir(lakebox, row.bucket), row.file),
    file: row.file,
    doc: JSON.parse(row.doc) as ObjectDoc,
  };
  if (row.content_type !== null) record.contentType = row.content_type;
  return record;
}

/** Create or replace an object from bytes (atomic: temp file + rename). Throws AwsError NoSuchBucket if the bucket does not exist. */
export function putObjectBytes(
  lakebox: Lakebox,
  req: { bucket: string; key: string; body: Uint8Array | string; contentType?: string },
): StoredObject {
  requireBucket(lakebox, req.bucket);
  const bytes = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  const file = join(scratchDir(lakebox), `put-${randomUUID()}`);
  const fd = openSync(file, 'w');
  try {
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
  return commitObject(lakebox, {
    bucket: req.bucket,
    key: req.key,
    file,
    size: bytes.byteLength,
    etag,
    contentType: req.contentType,
    doc: {},
  });
}

/** Create or replace an object by MOVING a file lakebox wrote under `scratchDir(lakebox)` into place (atomic rename; computes size and ETag). */
export function adoptObjectFile(
  lakebox: Lakebox,
  req: { bucket: string; key: string; file: string; contentType?: string },
): StoredObject {
  requireBucket(lakebox, req.bucket);
  const back = relative(scratchDir(lakebox), req.file);
  if (back === '' || back.startsWith('..') || back.startsWith(sep)) {
    throw new Error(`lakebox: adoptObjectFile takes files under scratchDir, not ${req.file}`);
  }
  const hash = createHash('md5');
  const fd = openSync(req.file, 'r+');
  let size = 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      size += n;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return commitObject(lakebox, {
    bucket: req.bucket,
    key: req.key,
    file: req.file,
    size,
    etag: `"${hash.digest('hex')}"`,
    contentType: req.contentType,
    doc: {},
  });
}

export function requireBucket(lakebox: Lakebox, bucket: string): void {
  if (!bucketExists(lakebox, bucket)) throw s3Errors.noSuchBucket(bucket);
}

/**
 * Move a finished, fsynced temp file into place as `key` and record it. The file is renamed before the row is
 * written: a crash in between leaves a stray file (overwritten later), never a row without bytes.
 */
export function commitObject(
  lakebox: Lakebox,
  o: {
    bucket: string;
    key: string;
    file: string;
    size: number;
    etag: string;
    contentType: string | undefined;
    doc: ObjectDoc;
    now?: Date;
  },
): ObjectRecord {
  initObjectStore(lakebox);
  requireBucket(lakebox, o.bucket);
  const dir = bucketDir(lakebox, o.bucket);
  mkdirSync(dir, { recursive: true });
  const old = getObjectRecord(lakebox, o.bucket, o.key);
  const rel = placeKey(dir, o.key);
  const target = insideDir(dir, rel);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(o.file, target);
  const lastModifiedMs = Math.floor((o.now ?? new Date()).getTime() / 1000) * 1000;
  lakebox.db
    .prepare(
      `INSERT INTO s3_objects (bucket, key, size, etag, last_modified_ms, content_type, file, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, etag = excluded.etag,
         last_modified_ms = excluded.last_modified_ms, content_type = excluded.content_type,
         file = excluded.file, doc = excluded.doc`,
    )
    .run(o.bucket, o.key, o.size, o.etag, lastModifiedMs, o.contentType ?? null, rel, JSON.stringify(o.doc));
  if (old && old.file !== rel) removeFile(dir, old.file);
  return getObjectRecord(lakebox, o.bucket, o.key) as ObjectRecord;
}

/** Delete an object's row and bytes; false when there was none. */
export function deleteObjectRecord(lakebox: Lakebox, bucket: string, key: string): boolean {
  const old = getObjectRecord(lakebox, bucket, key);
  if (!old) return false;
  lakebox.db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?').run(bucket, key);
  removeFile(bucketDir(lakebox, bucket), old.file);
  return true;
}

/** Replace the JSON document of an object (tags) without touching its bytes. */
export function updateObjectDoc(lakebox: Lakebox, bucket: string, key: string, doc: ObjectDoc): void {
  lakebox.db
    .prepare('UPDATE s3_objects SET doc = ? WHERE bucket = ? AND key = ?')
    .run(JSON.stringify(doc), bucket, key);
}

/** Remove a file and the folders it leaves empty, up to (not including) the bucket folder. */
function removeFile(dir: string, rel: string): void {
  const abs = insideDir(dir, rel);
  try {
    unlinkSync(abs);
  } catch {
    return;
  }
  let at = dirname(abs);
  while (at !== dir && at.startsWith(dir + sep)) {
    try {
      rmdirSync(at);
    } catch {
      return;
    }
    at = dirname(at);
  }
}

/** Size of a file on disk (for checks); undefined when missing. */
export function fileSize(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.size;
}
